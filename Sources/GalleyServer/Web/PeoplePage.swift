import Editorial
import Foundation
import Galley

/// The People page, for admins: everyone who uses Galley, and the form that adds a person.
struct PeoplePage {
    /// One person as the list shows them.
    struct Person {
        var name: String
        var displayName: String
        var roles: String
        var disabled: Bool
    }

    var frame: Frame
    var people: [Person]
    /// The next page's address, when there are more people than one page shows.
    var more: String?
    /// The add form, as typed (after a refusal) or empty.
    var name: String
    var displayName: String
    var roles: [Choice]

    init(frame: Frame, users: Page<User>, form: WebForm?) {
        self.frame = frame
        people = users.items.map {
            Person(
                name: $0.name, displayName: $0.displayName ?? "", roles: Self.label($0.roles), disabled: $0.disabled)
        }
        more = users.next.map { "/people?" + WebApp.query([("after", $0)]) }
        name = form?.text("name") ?? ""
        displayName = form?.text("display_name") ?? ""
        roles = Self.choices(checked: Set(form?.fields["role"] ?? []))
    }

    /// Roles as people name them, in the order the domain lists them.
    static func label(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.label).joined(separator: ", ")
    }

    /// A check box for each role, ticked for the raw values in `checked`.
    static func choices(checked: Set<String>) -> [Choice] {
        Role.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: checked.contains($0.rawValue)) }
    }
}

/// One person's page, for admins: their roles, display name and state, a new password, and their API tokens.
struct PersonPage {
    /// One API token as the page lists it: never the token itself.
    struct Token {
        var id: String
        var label: String
        var created: String
        var expires: String
        /// When it was revoked, or nil while it works.
        var revoked: String?
        var active: Bool
    }

    var frame: Frame
    var name: String
    var displayName: String?
    var roles: String
    var disabled: Bool
    /// The forms, as typed after a refusal or as the person is now.
    var roleChoices: [Choice]
    var displayNameField: String
    var tokens: [Token]
    var hasTokens: Bool { !tokens.isEmpty }
    /// Whether more tokens exist than the page lists (`galley tokens list --user NAME` has them all).
    var moreTokens: Bool
    /// Whether the admin looks at their own page: a new password signs them out too.
    var isSelf: Bool

    /// `form` is what was sent with the action named `sent`, refused: that form comes back as typed.
    init(
        frame: Frame, user: User, tokens: Page<TokenRecord>, form: WebForm?, sent: String?, admin: String,
        time: WebTime
    ) {
        self.frame = frame
        name = user.name
        displayName = user.displayName
        roles = PeoplePage.label(user.roles)
        disabled = user.disabled
        // Only the form that was sent comes back as typed; the others show the person as they are.
        roleChoices = PeoplePage.choices(
            checked: sent == "roles" ? Set(form?.fields["role"] ?? []) : Set(user.roles.map(\.rawValue)))
        displayNameField = sent == "display-name" ? form?.text("display_name") ?? "" : user.displayName ?? ""
        self.tokens = tokens.items.map { token in
            Token(
                id: token.id, label: token.label ?? "", created: time.format(token.createdAt),
                expires: token.expiresAt.map(time.format) ?? "never", revoked: token.revokedAt.map(time.format),
                active: token.revokedAt == nil && (token.expiresAt.map { $0 > Date() } ?? true))
        }
        moreTokens = tokens.next != nil
        isSelf = admin == user.name
    }
}

extension PeoplePage: WebPageView {
    static let template = "people"

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "people": { $0.people },
        "more": { $0.more },
        "name": { $0.name },
        "displayName": { $0.displayName },
        "roles": { $0.roles },
    ]
}

extension PeoplePage.Person: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "displayName": { $0.displayName },
        "roles": { $0.roles },
        "disabled": { $0.disabled },
    ]
}

extension PersonPage: WebPageView {
    static let template = "person"

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "name": { $0.name },
        "displayName": { $0.displayName },
        "roles": { $0.roles },
        "disabled": { $0.disabled },
        "roleChoices": { $0.roleChoices },
        "displayNameField": { $0.displayNameField },
        "tokens": { $0.tokens },
        "hasTokens": { $0.hasTokens },
        "moreTokens": { $0.moreTokens },
        "isSelf": { $0.isSelf },
    ]
}

extension PersonPage.Token: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "label": { $0.label },
        "created": { $0.created },
        "expires": { $0.expires },
        "revoked": { $0.revoked },
        "active": { $0.active },
    ]
}
