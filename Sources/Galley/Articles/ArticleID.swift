import Editorial

/// Article ids: short, typeable, and drawn at random so that no coordination is needed to make one.
public enum ArticleID {
    /// Lowercase letters and digits without look-alikes (no i, l, o, u): 10 of them is 50 random bits.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A fresh id such as `7k3q9m2xwd`.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Refuses an id that could not have been made here or chosen sensibly: 1 to 64 of a-z, 0-9 and '-'.
    public static func validate(_ id: String) throws {
        guard ArticleContent.isValidSlug(id), id.count <= 64 else {
            throw GalleyError.invalidInput("an article id is 1 to 64 lowercase letters, digits and hyphens: \(id)")
        }
    }
}
