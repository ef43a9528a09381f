import Editorial
import Foundation

/// A plain-text story turned into what a draft needs: its content and the claims to check.
public struct ImportedStory: Sendable, Hashable {
    /// The story's content, with a slug derived from the headline.
    public var content: ArticleContent
    /// The claims found in it, in the order they appear, with ids `c1`, `c2`, ...
    public var claims: [Claim]
}

/// Reads stories filed as plain text, shaped as news sites print them:
///
///     Monday November 25, 2024            (optional: the date the page was printed; ignored)
///
///     Call with Israeli defense chief     (optional kicker)
///
///     Blinken reiterates ...              (headline)
///
///     Published : 14 May 2024, 01:28      (original publication time)
///
///       DF News Desk                      (byline; "By " is dropped)
///     A caption. File Photo: Xinhua.      (optional photo caption, right under the byline)
///
///     First paragraph...                  (paragraphs, separated by blank lines)
///
/// Without a "Published" line, the first block is the (kicker and) headline and a "By NAME" line the byline.
public enum StoryText {
    /// Parses `data`, read from `source` (named in errors). The publication time is read in `timeZone`.
    public static func parse(
        _ data: Data, source: String, desk: String, language: String = "en", timeZone: TimeZone = .gmt
    ) throws -> ImportedStory {
        let text = try decode(data, source: source)
        let blocks = blocks(of: text)
        guard !blocks.isEmpty else { throw GalleyError.invalidInput("\(source) holds no text") }

        var header: [String]
        var published: Date?
        var byline: String
        var caption: [String] = []
        var rest: [[String]]
        if let index = blocks.firstIndex(where: { publishedLine($0[0]) != nil }) {
            let stamp = publishedLine(blocks[index][0])!
            guard let date = publicationDate(stamp, timeZone: timeZone) else {
                throw GalleyError.invalidInput(
                    "\(source): cannot read the publication time \"\(stamp)\"; write it as 14 May 2024, 01:28")
            }
            published = date
            header = blocks[..<index].flatMap { $0 }
            var after = Array(blocks[(index + 1)...])
            if blocks[index].count > 1 { after.insert(Array(blocks[index].dropFirst()), at: 0) }
            guard let first = after.first else {
                throw GalleyError.invalidInput("\(source): nothing follows the publication time; expected the byline")
            }
            byline = strippingBy(first[0])
            caption = Array(first.dropFirst())
            rest = Array(after.dropFirst())
        } else {
            guard let index = blocks.firstIndex(where: { $0.count == 1 && $0[0].hasPrefix("By ") }) else {
                throw GalleyError.invalidInput(
                    "\(source): found no byline; expected a \"Published: TIME\" line followed by the byline, "
                        + "or a \"By NAME\" line under the headline")
            }
            header = blocks[..<index].flatMap { $0 }
            byline = strippingBy(blocks[index][0])
            rest = Array(blocks[(index + 1)...])
        }
        if let first = header.first, isDateLine(first) { header.removeFirst() }
        guard let headline = header.last, headline.count <= 300, !byline.isEmpty, byline.count <= 200 else {
            throw GalleyError.invalidInput(
                "\(source): found no headline and byline at the top; is this a story shaped like the samples?")
        }
        let kicker = header.count >= 2 ? header[header.count - 2] : nil
        if caption.isEmpty, let first = rest.first, first.count == 1, looksLikeCaption(first[0]) {
            caption = first
            rest.removeFirst()
        }
        let paragraphs = rest.map { $0.joined(separator: " ") }
        guard !paragraphs.isEmpty else { throw GalleyError.invalidInput("\(source): the story has no paragraphs") }
        let content = ArticleContent(
            headline: headline, kicker: kicker, bylines: [byline], body: paragraphs, slug: slug(for: headline),
            desk: desk, language: language, photoCaption: caption.isEmpty ? nil : caption.joined(separator: " "),
            originalPublicationTime: published)
        if let problem = content.problem { throw GalleyError.invalidInput("\(source): \(problem)") }
        return ImportedStory(content: content, claims: ClaimFinder.claims(in: paragraphs))
    }

    /// A slug from a headline: ASCII letters and digits joined by hyphens, at most 80 characters.
    public static func slug(for headline: String) -> String {
        let folded = headline.folding(
            options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
        var words: [String] = []
        var word = ""
        let scalars = Array(folded.lowercased().unicodeScalars)
        let isDigit = { (index: Int) in scalars.indices.contains(index) && ("0"..."9").contains(scalars[index]) }
        for (index, scalar) in scalars.enumerated() {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if (scalar == "." || scalar == ","), isDigit(index - 1), isDigit(index + 1) {
                words.append(word)  // "2.1" is "2-1", not "21"
                word = ""
            } else if scalar == "." || scalar == "'" || scalar == "\u{2019}" {
                continue  // "U.S." is "us", "Gaza's" is "gazas"
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        var slug = ""
        for word in words where slug.count + word.count + 1 <= 80 {
            slug += slug.isEmpty ? word : "-" + word
        }
        return slug.isEmpty ? "story" : slug
    }

    /// The text, refused when it is empty, binary or not UTF-8.
    static func decode(_ data: Data, source: String) throws -> String {
        guard !data.isEmpty else { throw GalleyError.invalidInput("\(source) is empty") }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw GalleyError.invalidInput("\(source) is not UTF-8 text")
        }
        let control = text.unicodeScalars.contains { $0.value < 0x20 && !["\n", "\r", "\t", "\u{0C}"].contains($0) }
        guard !control else { throw GalleyError.invalidInput("\(source) looks binary: it holds control characters") }
        guard !text.allSatisfy(\.isWhitespace) else { throw GalleyError.invalidInput("\(source) holds no text") }
        return text
    }

    /// The paragraphs of plain text: runs of non-blank lines, each run joined into one line.
    public static func paragraphs(in text: String) -> [String] {
        blocks(of: text).map { $0.joined(separator: " ") }
    }

    /// Runs of non-blank lines, each line trimmed.
    static func blocks(of text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// The time stamp of a "Published : ..." line.
    static func publishedLine(_ line: String) -> String? {
        guard let match = line.wholeMatch(of: #/(?i)published\s*(?:on|:)?\s*:?\s*(.+)/#) else { return nil }
        return String(match.1).trimmingCharacters(in: .whitespaces)
    }

    static func publicationDate(_ stamp: String, timeZone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        let formats = [
            "d MMMM yyyy, HH:mm", "d MMM yyyy, HH:mm", "d MMMM yyyy HH:mm", "d MMM yyyy HH:mm", "MMMM d, yyyy, HH:mm",
            "MMMM d, yyyy HH:mm", "MMM d, yyyy HH:mm", "d MMMM yyyy", "MMMM d, yyyy", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
        ]
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: stamp) { return date }
        }
        return try? Date(stamp, strategy: .iso8601)
    }

    /// A line that is only a date, such as "Monday November 25, 2024".
    static func isDateLine(_ line: String) -> Bool {
        line.wholeMatch(
            of:
                #/(?i)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}\s+[a-z]+|[a-z]+\s+\d{1,2}),?\s+\d{4}/#
        ) != nil
    }

    static func looksLikeCaption(_ line: String) -> Bool {
        line.count < 200 && line.contains(#/(?i)\b(?:photo|picture|image)\s*:/#)
    }

    static func strippingBy(_ line: String) -> String {
        line.hasPrefix("By ") ? String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces) : line
    }
}
