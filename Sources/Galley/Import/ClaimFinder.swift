import Editorial
import Foundation

/// Finds what a fact-checker should look at in a story: every quotation (with its speaker, where the text names
/// one) and every sentence that states a figure. It proposes; the fact-checkers decide.
enum ClaimFinder {
    /// The claims of `paragraphs`, in reading order, numbered `c1`, `c2`, ...
    ///
    /// Each thing is proposed once: a sentence whose only figure sits inside a quotation is the quotation, and a
    /// fragment too short to stand alone ("reasonable to assess") is proposed as its whole sentence.
    static func claims(in paragraphs: [String]) -> [Claim] {
        var found: [(text: String, speaker: String?)] = []
        // The story up to the sentence read: a short name is widened only to a fuller one the reader has met.
        var told = ""
        for paragraph in paragraphs {
            // Wire copy names a speaker once a paragraph: "...," Holm said. "..." is Holm's too.
            var lastSpeaker: String?
            for sentence in sentences(of: paragraph) {
                told += sentence + "\n"
                let quotes = quotations(in: sentence)
                var sentenceProposed = false
                for quote in quotes {
                    let named = speaker(of: quote, in: sentence).map { fullName($0, in: told) }
                    if named != nil { lastSpeaker = named }
                    let said = named ?? lastSpeaker
                    if quote.isFragment {
                        if !sentenceProposed { found.append((sentence, said)) }
                        sentenceProposed = true
                    } else {
                        found.append((quote.text, said))
                    }
                }
                let outside = quotes.reduce(sentence) { $0.replacingOccurrences(of: $1.text, with: "") }
                if !sentenceProposed, statesFigure(outside) { found.append((sentence, nil)) }
            }
        }
        return found.enumerated().map { index, claim in
            Claim(id: "c\(index + 1)", text: claim.text, speaker: claim.speaker)
        }
    }

    /// One quotation: its words and where it sits in its sentence.
    struct Quotation {
        var text: String
        var before: Substring
        var after: Substring

        /// A few words that start mid-sentence ("reasonable to assess"): checkable only with the sentence around
        /// them.
        var isFragment: Bool {
            text.first?.isLowercase == true && text.split(separator: " ").count < 6
        }
    }

    /// Text between quotes of three words or more (shorter ones are scare quotes): double quotes, straight or
    /// curly, and single quotes, straight or curly, that open after a space and close before one (so that the
    /// apostrophes of "don't" and "Gaza's" are no quotes).
    static func quotations(in sentence: String) -> [Quotation] {
        var spans: [Range<String.Index>] = []
        var open: String.Index?
        for index in sentence.indices where "\"\u{201C}\u{201D}".contains(sentence[index]) {
            guard let start = open else {
                open = index
                continue
            }
            open = nil
            spans.append(start..<index)
        }
        open = nil
        for index in sentence.indices where "'\u{2018}\u{2019}".contains(sentence[index]) {
            let before = index == sentence.startIndex ? nil : sentence[sentence.index(before: index)]
            let next = sentence.index(after: index)
            let after = next == sentence.endIndex ? nil : sentence[next]
            if let start = open {
                // A closing quote: not inside a word.
                guard !(after?.isLetter ?? false) else { continue }
                open = nil
                if !spans.contains(where: { $0.contains(start) }) { spans.append(start..<index) }
            } else if before.map({ $0.isWhitespace || "(\u{2014}".contains($0) }) ?? true, after?.isLetter == true,
                sentence[index] != "\u{2019}"
            {
                open = index
            }
        }
        return spans.sorted { $0.lowerBound < $1.lowerBound }.compactMap { span in
            var words = sentence[sentence.index(after: span.lowerBound)..<span.upperBound]
                .trimmingCharacters(in: .whitespaces)
            while let last = words.last, ",;:.".contains(last) { words.removeLast() }
            guard words.split(separator: " ").count >= 3 else { return nil }
            return Quotation(
                text: words, before: sentence[..<span.lowerBound],
                after: sentence[sentence.index(after: span.upperBound)...])
        }
    }

    /// Who a quotation is attributed to in its sentence, if anyone.
    static func speaker(of quote: Quotation, in sentence: String) -> String? {
        let verbs = "said|says|added|told|stated|wrote|noted|explained|reported|announced|insisted|warned"
        // Up to five capitalized words, or "the" and a noun: "Miller", "the Biden administration", "the report".
        let name = #"((?:the\s+)?(?:[A-Z][\w'.-]*\s+){0,4}[A-Za-z][\w'.-]*)"#
        let patterns: [(text: Substring, regex: String)] = [
            // ... what the ministry called "..."
            (quote.before, #"(?:what\s+)?\#(name)\s+(?:called|calls|described\s+as|termed)\s*$"#),
            // "...," Miller said / "...," the report said
            (quote.after, #"^\s*,?\s*\#(name)\s+(?:\#(verbs))\b"#),
            // "...," said Miller
            (quote.after, #"^\s*,?\s*(?:\#(verbs))\s+\#(name)"#),
            // According to Matthew Miller, Blinken "..." / Citing the ministry, CNN reported that ... "..."
            (quote.before, #"\b(?i:according\s+to|citing)\s+([^,]+),"#),
            // CNN reported that ... "..." / the administration said that it is "..."
            (quote.before, #"(?:^|,\s*)\#(name)\s+(?:\#(verbs))\b[^,]*$"#),
        ]
        for (text, pattern) in patterns {
            guard let regex = try? Regex(pattern), let match = try? regex.firstMatch(in: text),
                let captured = match.output[1].substring
            else { continue }
            let speaker = captured.trimmingCharacters(in: CharacterSet.whitespaces.union(.punctuationCharacters))
            let pronouns: Set<String> = ["it", "this", "that", "he", "she", "they", "we", "i", "you", "who"]
            // "he said" names nobody the story's reader could check.
            return speaker.isEmpty || pronouns.contains(speaker.lowercased()) ? nil : speaker
        }
        return nil
    }

    /// The fullest form of a name the story has used: "Miller" becomes "State Department Spokesperson Matthew
    /// Miller", and "the ministry" becomes "the Israeli Defense Ministry", when `text` names them so.
    static func fullName(_ speaker: String, in text: String) -> String {
        if let noun = speaker.wholeMatch(of: #/the ([a-z][\w-]*)/#)?.1 {
            // "the ministry" after "the Israeli Defense Ministry": the nearest capitalized name ending in the noun.
            let capitalized = noun.prefix(1).uppercased() + noun.dropFirst()
            guard let regex = try? Regex(#"\bthe +((?:[A-Z][\w'.-]* +){1,4})"# + capitalized + #"\b"#),
                let match = text.matches(of: regex).last, let words = match.output[1].substring
            else { return speaker }
            return "the " + words.split(separator: " ").joined(separator: " ") + " " + capitalized
        }
        guard !speaker.contains(" "), let regex = try? Regex(#"((?:[A-Z][\w'.-]*\s+){1,5})"# + speaker + #"\b"#)
        else { return speaker }
        let starters: Set<Substring> = ["According", "Citing", "In", "On", "As", "By", "The", "A", "An", "But", "And"]
        var best = speaker
        for match in text.matches(of: regex) {
            var words = text[match.range].split(separator: " ")
            while let first = words.first, starters.contains(first) { words.removeFirst() }
            let candidate = words.joined(separator: " ")
            if candidate.count > best.count { best = candidate }
        }
        return best
    }

    /// Whether a sentence states a figure: digits that are not just a year or a date, or counting words.
    static func statesFigure(_ sentence: String) -> Bool {
        let scrubbed =
            sentence
            .replacing(
                #/(?i)\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?/#, with: ""
            )
            .replacing(
                #/(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b(?:,?\s+\d{4})?/#,
                with: ""
            )
            .replacing(#/\b(?:19|20)\d{2}\b/#, with: "")
        if scrubbed.contains(#/\d/#) { return true }
        return sentence.contains(
            #/(?i)\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent)\b/#)
    }

    /// Splits a paragraph into sentences, keeping abbreviations such as "U.S." and "Mr." inside them.
    static func sentences(of paragraph: String) -> [String] {
        let abbreviations: Set<String> = [
            "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "no", "vs", "jan", "feb",
            "aug", "sept", "oct", "nov", "dec", "inc", "corp", "co", "jr", "sr", "prof", "ft", "mt",
        ]
        var sentences: [String] = []
        var current = ""
        let characters = Array(paragraph)
        var index = 0
        var inQuote = false  // a quotation of several sentences stays one sentence of the story
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            index += 1
            switch character {
            case "\"": inQuote.toggle()
            case "\u{201C}": inQuote = true
            case "\u{201D}": inQuote = false
            default: break
            }
            // A sentence ends at . ! or ?, or at a closing quote right after one.
            let closesQuote = "\"\u{201D}".contains(character) && !inQuote
            let terminal = closesQuote && current.count >= 2 ? current.dropLast().last! : character
            guard ".!?".contains(terminal), !inQuote else { continue }
            while index < characters.count, characters[index] == ")" {
                current.append(characters[index])
                index += 1
            }
            guard index < characters.count, characters[index] == " " else { continue }
            var next = index
            while next < characters.count, characters[next] == " " { next += 1 }
            guard next < characters.count, characters[next].isUppercase || "\"\u{201C}".contains(characters[next])
            else { continue }
            let body = current.dropLast(closesQuote ? 2 : 1)
            let lastWord = body.split(separator: " ").last.map(String.init) ?? ""
            let word = lastWord.trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{201C}(")).lowercased()
            if terminal == ".", abbreviations.contains(word) || word.count == 1 || word.contains(".") { continue }
            sentences.append(current.trimmingCharacters(in: .whitespaces))
            current = ""
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { sentences.append(last) }
        return sentences
    }
}
