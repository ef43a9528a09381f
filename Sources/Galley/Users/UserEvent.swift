import Coding
public import Editorial
public import EventStore
public import Foundation

/// A change to who may do what, appended to the user's own stream (`user-NAME`) of the hash-chained log.
public enum UserEvent: Sendable, Hashable {
    /// The user was added with roles and, perhaps, a display name.
    case added(roles: Set<Role>, displayName: String?)
    /// The user's roles were replaced.
    case rolesChanged(Set<Role>)
    /// The user may no longer act.
    case disabled
    /// The user may act again.
    case enabled
    /// The user's display name (their default byline) was set, or removed (nil).
    case displayNameChanged(String?)
    /// A bearer token was issued for the user; the token itself is never in the log.
    case tokenIssued(id: String, label: String?, expiresAt: Date?)
    /// A bearer token of the user's was revoked.
    case tokenRevoked(id: String)
    /// The user's web sign-in password was set or changed; its hash is never in the log.
    case passwordSet

    /// The stream of a user's changes.
    public static func stream(of user: String) -> String { "user-" + user }

    /// The event as the log stores it.
    var newEvent: NewEvent {
        let time = { (date: Date) in JSONValue.string(Timestamp.rfc3339Seconds(date)) }
        let roles = { (roles: Set<Role>) in JSONValue.array(roles.sorted().map { .string($0.rawValue) }) }
        let optional = { (text: String?) in text.map(JSONValue.string) ?? .null }
        let (type, data): (String, [String: JSONValue]) =
            switch self {
            case .added(let set, let name): ("UserAdded", ["roles": roles(set), "display_name": optional(name)])
            case .rolesChanged(let set): ("UserRolesChanged", ["roles": roles(set)])
            case .disabled: ("UserDisabled", [:])
            case .enabled: ("UserEnabled", [:])
            case .displayNameChanged(let name): ("UserDisplayNameChanged", ["display_name": optional(name)])
            case .tokenIssued(let id, let label, let expiry):
                (
                    "TokenIssued",
                    ["token_id": .string(id), "label": optional(label), "expires_at": expiry.map(time) ?? .null]
                )
            case .tokenRevoked(let id): ("TokenRevoked", ["token_id": .string(id)])
            case .passwordSet: ("PasswordSet", [:])
            }
        return NewEvent(type: type, data: .object(data))
    }

    /// One line saying what happened, for `galley users history`.
    public static func summary(of event: RecordedEvent) -> String {
        guard let data = try? JSONValue(parsing: event.data) else { return event.data }
        let text = { (key: String) -> String? in if case .string(let value)? = data[key] { value } else { nil } }
        let roles = { () -> String in
            guard case .array(let values)? = data["roles"] else { return "" }
            return values.compactMap { if case .string(let role) = $0 { role } else { nil } }.joined(separator: ", ")
        }
        switch event.type {
        case "UserAdded": return "added with roles \(roles())" + (text("display_name").map { ", shown as \($0)" } ?? "")
        case "UserRolesChanged": return "roles set to \(roles())"
        case "UserDisabled": return "disabled"
        case "UserEnabled": return "enabled"
        case "UserDisplayNameChanged":
            return text("display_name").map { "display name set to \($0)" } ?? "display name removed"
        case "TokenIssued":
            return "token \(text("token_id") ?? "?") issued" + (text("label").map { " (\($0))" } ?? "")
                + (text("expires_at").map { ", expires \($0)" } ?? "")
        case "TokenRevoked": return "token \(text("token_id") ?? "?") revoked"
        case "PasswordSet": return "web password set"
        default: return event.data
        }
    }
}
