import Foundation

/// Where the web app may send a browser when the place comes from the client (the `next` of the sign-in page): a
/// path on this site only. Every redirect built from client input goes through `path`.
enum RedirectTarget {
    /// `next` when it is a path on this site, else `/`.
    ///
    /// Browsers forgive much (they drop tabs and line breaks, read `\` as `/`, and `//` starts another site), so
    /// rather than list what is dangerous this accepts only a plain path: printable ASCII starting with one `/`, no
    /// backslash, and the same again in each percent-decoded spelling, for whoever decodes it before reading.
    static func path(_ next: String?) -> String {
        guard let next, next.utf8.count <= 2_000, next.unicodeScalars.allSatisfy(\.isPrintableASCII),
            let parsed = URLComponents(string: next), parsed.scheme == nil, parsed.host == nil
        else { return "/" }
        var spelling = next
        // A few rounds of decoding reach any spelling a chain of decoders could read; more is refused outright.
        for _ in 0..<4 {
            guard isPlainPath(spelling) else { return "/" }
            // Text that does not decode is read as it stands, which was just accepted.
            guard let decoded = spelling.removingPercentEncoding, decoded != spelling else { return next }
            spelling = decoded
        }
        return "/"
    }

    /// One `/`, then no second `/` or `\` (another site's authority), no backslash anywhere, and nothing a
    /// browser drops or reads as a break: control characters, invisible formatting, and any kind of space.
    private static func isPlainPath(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "/", scalars.count < 2 || (scalars[1] != "/" && scalars[1] != "\\") else {
            return false
        }
        return !scalars.contains { scalar in
            scalar == "\\" || scalar.properties.isWhitespace
                || [.control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned]
                    .contains(scalar.properties.generalCategory)
        }
    }
}

extension Unicode.Scalar {
    /// `!` to `~`: ASCII that shows, with no space or control character.
    fileprivate var isPrintableASCII: Bool { (0x21...0x7E).contains(value) }
}
