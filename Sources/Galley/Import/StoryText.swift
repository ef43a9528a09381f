public import Editorial
public import Foundation

/// A plain-text story turned into what a draft needs: its content and the claims to check.
public struct ImportedStory: Sendable, Hashable {
    /// The story's content, with a slug derived from the headline.
    public var content: ArticleContent
    /// The claims found in it, in the order they appear, with ids `c1`, `c2`, ...
    public var claims: [Claim]
    /// What the wire said of its own corrections (`(This story has been corrected to ...)`): notes for the
    /// desk, neither body nor claims.
    public var notes: [String] = []
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
            // A byline is a "By ..." line of its own, or the last line of the headline's block.
            guard let index = blocks.firstIndex(where: { isByline($0[$0.count - 1]) }) else {
                throw GalleyError.invalidInput(
                    "\(source): found no byline; expected a \"Published: TIME\" line followed by the byline, "
                        + "or a \"By NAME\" line under the headline")
            }
            header = blocks[..<index].flatMap { $0 } + blocks[index].dropLast()
            byline = strippingBy(blocks[index][blocks[index].count - 1])
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
        var paragraphs = rest.map { $0.joined(separator: " ") }
        // Wire copy: a correction line and credits are not the story; a dateline opens its first paragraph.
        var notes: [String] = []
        paragraphs.removeAll { paragraph in
            guard isCorrectionLine(paragraph) else { return false }
            notes.append(String(paragraph.dropFirst().dropLast()))
            return true
        }
        var credits: [String] = []
        while let last = paragraphs.last, isCredits(last) {
            credits.insert(String(last.dropFirst().dropLast()), at: 0)
            paragraphs.removeLast()
        }
        var dateline: String?
        if let first = paragraphs.first, let match = first.prefixMatch(of: Self.datelinePattern) {
            dateline = String(match.1)
            paragraphs[0] = String(first[match.range.upperBound...])
        }
        guard !paragraphs.isEmpty else { throw GalleyError.invalidInput("\(source): the story has no paragraphs") }
        let content = ArticleContent(
            headline: headline, kicker: kicker, bylines: bylines(byline), body: paragraphs, slug: slug(for: headline),
            desk: desk, language: language, photoCaption: caption.isEmpty ? nil : caption.joined(separator: " "),
            originalPublicationTime: published, dateline: dateline,
            credits: credits.isEmpty ? nil : credits.joined(separator: "; "))
        if let problem = content.problem { throw GalleyError.invalidInput("\(source): \(problem)") }
        return ImportedStory(content: content, claims: ClaimFinder.claims(in: paragraphs), notes: notes)
    }

    /// `PLACE, DATE (AGENCY) -` or `PLACE (AGENCY) -` at the start of wire copy; the dash may be a hyphen or a
    /// dash of either length.
    static var datelinePattern: Regex<(Substring, Substring)> {
        #/([A-Z][A-Za-z.'’ -]{1,40}(?:, [A-Z][A-Za-z.'’ -]{1,30})?(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? \([^)]{2,40}\))\s+[-–—]+\s+/#
    }

    /// Whether a line is a byline: "By ..." in any case.
    static func isByline(_ line: String) -> Bool {
        line.count <= 200 && line.prefixMatch(of: #/(?i)by\s+\S/#) != nil
    }

    /// The names a byline gives: `By A and B`, `By A, B and C`; `By A in City` is A. A byline in capitals is
    /// written as names are.
    static func bylines(_ byline: String) -> [String] {
        var text = byline
        if let place = text.firstRange(of: #/ in [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*$/#) { text.removeSubrange(place) }
        let letters = text.filter(\.isLetter)
        if !letters.isEmpty, letters.allSatisfy(\.isUppercase) {
            text = text.lowercased().split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined(separator: " ")
        }
        let names = text.replacingOccurrences(of: " and ", with: ", ").replacingOccurrences(of: " And ", with: ", ")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return names.isEmpty ? [byline] : names
    }

    /// `(Reporting by ...; Editing by ...)` and the like.
    static func isCredits(_ paragraph: String) -> Bool {
        paragraph.hasPrefix("(") && paragraph.hasSuffix(")")
            && paragraph.prefixMatch(of: #/(?i)\((?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b/#)
                != nil
    }

    /// `(This story has been corrected to ...)`, `(This version corrects ...)`.
    static func isCorrectionLine(_ paragraph: String) -> Bool {
        paragraph.hasPrefix("(") && paragraph.hasSuffix(")")
            && paragraph.prefixMatch(
                of:
                    #/(?i)\(this\s+(?:story|article|version|report)\s+(?:has\s+been\s+|was\s+)?(?:corrected|corrects|updated|refiled)/#
            )
                != nil
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
        guard let match = line.prefixMatch(of: #/(?i)by\s+/#) else { return line }
        return String(line[match.range.upperBound...]).trimmingCharacters(in: .whitespaces)
    }
}
