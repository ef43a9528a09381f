/// How long a story's body is, as a newsroom measures it: words, characters, and minutes to read it.
public struct TextLength: Sendable, Hashable {
    /// Words: runs of letters or digits between spaces, and each ideograph or kana of scripts written without
    /// spaces, where a character is about a word.
    public var words: Int
    /// Characters as a reader counts them (one for each letter with its accents), paragraph breaks left out.
    public var characters: Int
    /// Whole minutes at `wordsPerMinute`, at least one for any text.
    public var readingMinutes: Int

    /// An adult's pace reading news on a screen.
    public static let wordsPerMinute = 230

    /// The length of `paragraphs`.
    public init(paragraphs: [String]) {
        var words = 0
        var characters = 0
        for paragraph in paragraphs {
            characters += paragraph.count
            var inWord = false
            for scalar in paragraph.unicodeScalars {
                let kind = Self.kind(of: scalar)
                if kind == .standalone {
                    words += 1
                    inWord = false
                } else if kind == .word {
                    if !inWord { words += 1 }
                    inWord = true
                } else if kind == .space {
                    inWord = false
                }
            }
        }
        self.words = words
        self.characters = characters
        readingMinutes = words == 0 ? 0 : (words + Self.wordsPerMinute - 1) / Self.wordsPerMinute
    }

    /// The length in words a person reads: "1,204 words, 7,310 characters, 6 min read".
    public var summary: String {
        "\(Self.grouped(words)) word\(words == 1 ? "" : "s"), \(Self.grouped(characters)) character"
            + "\(characters == 1 ? "" : "s"), \(readingMinutes) min read"
    }

    /// Digits in groups of three: 1,204.
    public static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (number < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    private enum Kind {
        /// A letter or digit: part of a word.
        case word
        /// An ideograph or kana: a word by itself.
        case standalone
        /// Space: ends a word.
        case space
        /// Punctuation and marks: inside a word or between words, neither.
        case other
    }

    // ASCII is answered by range, which is nearly all of most text: Unicode's properties cost far more a
    // character, and a story may be a megabyte.
    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .word
        case 0x09...0x0D, 0x20: return .space
        case 0x00...0x7F: return .other
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return .standalone
        default:
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return .word }
            return scalar.properties.isWhitespace ? .space : .other
        }
    }
}
