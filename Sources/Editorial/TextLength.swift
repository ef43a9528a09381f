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
                if Self.isWrittenWithoutSpaces(scalar) {
                    words += 1
                    inWord = false
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    if !inWord { words += 1 }
                    inWord = true
                } else if scalar.properties.isWhitespace {
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

    private static func isWrittenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
