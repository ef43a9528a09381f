public import Editorial
public import Foundation
import Postgres

/// What a subscriber receives: the one statement of which stories go to which partner, asked by the content API
/// and by every other way stories leave for partners (webhooks).
///
/// A subscriber receives the stories of its desks (and, when it names languages, only those languages) that are
/// on the public record; an embargo partner also receives them while they are embargoed, marked so. Nobody else
/// sees a story before its public time.
public struct SubscriberProduct: Sendable, Hashable {
    /// The desks whose stories it receives, exactly as stories name them.
    public var desks: Set<String>
    /// The languages it receives, as lower-case tags such as `en` or `pt-br`; empty: every language.
    public var languages: Set<String>
    /// Whether it receives embargoed stories before their public time.
    public var embargoPartner: Bool

    /// A product of `desks` (at least one) and `languages` (none: every language), trimmed and checked.
    public init(desks: [String], languages: [String] = [], embargoPartner: Bool = false) throws {
        let desks = desks.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !desks.isEmpty else { throw GalleyError.invalidInput("a subscriber receives at least one desk") }
        for desk in desks where desk.isEmpty || desk.count > 60 {
            throw GalleyError.invalidInput("a desk is 1 to 60 characters: \(TextRule.echo(desk))")
        }
        let languages = languages.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for language in languages where !Self.isLanguageTag(language) {
            throw GalleyError.invalidInput("a language is a tag such as en or pt-BR: \(TextRule.echo(language))")
        }
        self.init(checkedDesks: Set(desks), languages: Set(languages), embargoPartner: embargoPartner)
    }

    /// A product as the table keeps it, already checked.
    init(checkedDesks desks: Set<String>, languages: Set<String>, embargoPartner: Bool) {
        self.desks = desks
        self.languages = languages
        self.embargoPartner = embargoPartner
    }

    /// Whether a story of `desk` in `language`, standing as `publicity` for readers, goes to this subscriber.
    public func receives(desk: String, language: String, publicity: Publicity) -> Bool {
        guard desks.contains(desk), languages.isEmpty || languages.contains(language.lowercased()),
            Self.pubstatus(publicity) != nil
        else { return false }
        return publicity != .embargoed || embargoPartner
    }

    /// Whether `story` goes to this subscriber at `moment`.
    public func receives(_ story: StoryView, at moment: Date) -> Bool {
        receives(desk: story.desk, language: story.language, publicity: story.publicity(at: moment))
    }

    /// A story's ninjs `pubstatus` for partners, by where it stands for readers: `usable` while it is (or, for
    /// an embargo partner, is to be) public, `canceled` once withdrawn; nil when it never goes to partners.
    public static func pubstatus(_ publicity: Publicity) -> String? {
        switch publicity {
        case .public, .embargoed: "usable"
        case .retracted: "canceled"
        case .unpublished: nil
        }
    }

    /// The same rule for SQL over a table with `desk`, `language`, `stage` and `public_at` columns: the
    /// condition, with the parameters it takes from `first` on (desks, languages, the moment), in order.
    func sqlCondition(first: Int, at moment: Date) -> (sql: String, parameters: [(any PostgresEncodable)?]) {
        let (deskList, languageList, now) = ("$\(first)", "$\(first + 1)", "$\(first + 2)")
        let publicity =
            embargoPartner
            ? "(story_is_on_public_record(stage, public_at, \(now)) OR story_is_embargoed(stage, public_at, \(now)))"
            : "story_is_on_public_record(stage, public_at, \(now))"
        return (
            "desk = ANY(\(deskList)::text[]) AND (cardinality(\(languageList)::text[]) = 0 OR lower(language) = ANY("
                + "\(languageList)::text[])) AND \(publicity)",
            [desks.sorted(), languages.sorted(), moment]
        )
    }

    /// Letters, digits and hyphens, starting with a letter, as BCP 47 tags are; at most 35 characters.
    static func isLanguageTag(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 35 else {
            return false
        }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
