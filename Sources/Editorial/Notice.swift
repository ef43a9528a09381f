/// What an event asks of someone: the item it puts in a person's inbox (or in the inbox of everyone holding a
/// role), and why. The one rule of who hears of what; the inbox projection stores what it says.
public struct Notice: Sendable, Hashable {
    /// Why the item is in the inbox; the raw value is what the API and the read model say.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// An editor sent the story back to its reporter.
        case sentBack = "sent_back"
        /// The story was given to this person.
        case assigned
        /// The story entered fact-check (sent there, or reopened by an edit): every fact-checker hears of it.
        case factCheck = "fact_check"
        /// A fact-checker ruled on a claim of a story this person wrote.
        case verdict
        /// Someone commented on a story this person wrote.
        case comment
        /// Someone named this person (`@name`) in a comment.
        case mention

        /// What happened, as the person reads it in their inbox (after who did it: "bo sent it back to you").
        public var phrase: String {
            switch self {
            case .sentBack: "sent it back to you"
            case .assigned: "assigned it to you"
            case .factCheck: "sent it to fact-check"
            case .verdict: "ruled on a claim of your story"
            case .comment: "commented on your story"
            case .mention: "mentioned you"
            }
        }
    }

    /// Who hears of it.
    public enum Recipient: Sendable, Hashable {
        /// One person, by login name.
        case person(String)
        /// Everyone who holds the role (the actor excepted, which the reader applies: it knows who reads).
        case role(Role)
    }

    /// Who hears of it.
    public var recipient: Recipient
    /// Why.
    public var reason: Reason
    /// What to read at a glance: the note, the comment or the ruling, shortened; nil when the event says nothing.
    public var text: String?

    /// Creates a notice.
    public init(recipient: Recipient, reason: Reason, text: String? = nil) {
        self.recipient = recipient
        self.reason = reason
        self.text = text
    }

    /// The most characters of a note or comment an item carries: enough to tell items apart; the story has the rest.
    public static let maxText = 200

    /// `text` cut to `maxText` characters, with an ellipsis when it was longer.
    static func excerpt(_ text: String) -> String {
        let folded = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return folded.count <= maxText ? folded : String(folded.prefix(maxText - 1)) + "…"
    }

    /// The login names a text names as `@name`: a user name's characters after an `@` that does not follow a
    /// letter or digit (so an e-mail address names nobody), without a trailing `.`, `-` or `_` (a sentence's end).
    public static func mentions(in text: String) -> [String] {
        var names: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "@", index == 0 || !isNameScalar(scalars[index - 1]) else { continue }
            var end = index + 1
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            var name = String(String.UnicodeScalarView(scalars[(index + 1)..<end])).lowercased()
            while let last = name.last, ".-_".contains(last) { name.removeLast() }
            if let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 63,
                !names.contains(name)
            {
                names.append(name)
            }
            index = end - 1
        }
        return names
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || ".-_".unicodeScalars.contains(scalar)
    }
}

extension Article {
    /// The notices `event`, appended by `actor`, gives, read against the story as it stood before the event.
    ///
    /// Never one to the actor: nobody is told of what they did themselves. One notice a person an event at most
    /// (a mention of the story's author is their mention, not also a comment), so that an event and a person name
    /// one item.
    public func notices(of event: ArticleEvent, by actor: String) -> [Notice] {
        var notices: [Notice] = []
        func tell(_ person: String?, _ reason: Notice.Reason, _ text: String? = nil) {
            guard let person, person != actor else { return }
            guard !notices.contains(where: { $0.recipient == .person(person) }) else { return }
            notices.append(Notice(recipient: .person(person), reason: reason, text: text.map(Notice.excerpt)))
        }
        switch event {
        case .sentBack(let sentBack):
            // Back to the reporter: who wrote it, and who works on it when that is someone else.
            tell(author, .sentBack, sentBack.note)
            tell(assignee, .sentBack, sentBack.note)
        case .assigned(let assigned):
            tell(assigned.assignee, .assigned)
        case .sentToFactCheck, .factCheckReopened:
            notices.append(Notice(recipient: .role(.factChecker), reason: .factCheck))
        case .unspiked(let unspiked) where unspiked.stage == .factCheck:
            // Restored to fact-check: it enters fact-check again.
            notices.append(Notice(recipient: .role(.factChecker), reason: .factCheck))
        case .verdictRecorded(let recorded):
            let claim = claims.first { $0.id == recorded.claimId }
            let ruling = "\(recorded.verdict.rating.rawValue): " + (claim?.text ?? recorded.claimId)
            tell(author, .verdict, ruling)
        case .commented(let comment):
            for name in Notice.mentions(in: comment.text) { tell(name, .mention, comment.text) }
            tell(author, .comment, comment.text)
        case .drafted, .edited, .submitted, .claimAdded, .verdictConfirmed, .claimWithdrawn, .factCheckApproved,
            .factCheckRejected, .published, .corrected, .retracted, .takenDown, .spiked, .recalled, .pulledBack,
            .unspiked:
            break
        }
        return notices
    }
}
