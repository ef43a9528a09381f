import Foundation
import Galley

/// The Partners page, for admins: every subscriber with its product and state, the forms that disable, enable
/// and issue a token for each, and the form that adds one. A token just issued is shown on this answer only.
struct SubscribersPage {
    /// One subscriber as the list shows it.
    struct Row {
        var name: String
        var desks: String
        var languages: String
        var embargoPartner: Bool
        var disabled: Bool
    }

    var frame: Frame
    var subscribers: [Row]
    var hasSubscribers: Bool { !subscribers.isEmpty }
    /// The next page's address, when there are more subscribers than one page shows.
    var more: String?
    /// A token just issued, and whose: shown once.
    var issuedToken: String?
    var issuedFor: String?
    /// The add form, as typed (after a refusal) or empty.
    var name: String
    var desks: String
    var languages: String
    var embargoPartner: Bool

    init(frame: Frame, subscribers: Page<Subscriber>, form: WebForm?, issued: (name: String, token: String)? = nil) {
        self.frame = frame
        self.subscribers = subscribers.items.map { subscriber in
            Row(
                name: subscriber.name, desks: subscriber.product.desks.sorted().joined(separator: ", "),
                languages: subscriber.product.languages.isEmpty
                    ? "every language" : subscriber.product.languages.sorted().joined(separator: ", "),
                embargoPartner: subscriber.product.embargoPartner, disabled: subscriber.disabled)
        }
        more = subscribers.next.map { "/subscribers?" + WebApp.query([("after", $0)]) }
        issuedToken = issued?.token
        issuedFor = issued?.name
        name = form?.text("name") ?? ""
        desks = form?.text("desks") ?? ""
        languages = form?.text("languages") ?? ""
        embargoPartner = form?.isChecked("embargo_partner") ?? false
    }

    /// The items of a comma-separated field, trimmed, the empty ones left out.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension SubscribersPage: WebPageView {
    static let template = "subscribers"

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "subscribers": { $0.subscribers },
        "hasSubscribers": { $0.hasSubscribers },
        "more": { $0.more },
        "issuedToken": { $0.issuedToken },
        "issuedFor": { $0.issuedFor },
        "name": { $0.name },
        "desks": { $0.desks },
        "languages": { $0.languages },
        "embargoPartner": { $0.embargoPartner },
    ]
}

extension SubscribersPage.Row: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "desks": { $0.desks },
        "languages": { $0.languages },
        "embargoPartner": { $0.embargoPartner },
        "disabled": { $0.disabled },
    ]
}
