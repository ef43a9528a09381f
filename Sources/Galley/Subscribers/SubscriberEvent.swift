import Coding
public import EventStore
import Foundation

/// A change to a partner's subscription, appended to the subscriber's own stream (`subscriber-NAME`) of the
/// hash-chained log, in the same transaction as the change to the subscribers tables (migrations/0026).
public enum SubscriberEvent: Sendable, Hashable {
    /// The subscriber was added with a product.
    case added(SubscriberProduct)
    /// The subscriber's product was replaced.
    case productChanged(SubscriberProduct)
    /// The subscriber receives nothing more; its tokens stop working.
    case disabled
    /// The subscriber receives its product again.
    case enabled
    /// A content API token was issued; the token itself is never in the log.
    case tokenIssued(id: String)
    /// A content API token was revoked.
    case tokenRevoked(id: String)

    /// The stream of a subscriber's changes.
    public static func stream(of subscriber: String) -> String { "subscriber-" + subscriber }

    /// The event as the log stores it.
    var newEvent: NewEvent {
        let product = { (product: SubscriberProduct) -> [String: JSONValue] in
            [
                "desks": .array(product.desks.sorted().map(JSONValue.string)),
                "languages": .array(product.languages.sorted().map(JSONValue.string)),
                "embargo_partner": .bool(product.embargoPartner),
            ]
        }
        let (type, data): (String, [String: JSONValue]) =
            switch self {
            case .added(let set): ("SubscriberAdded", product(set))
            case .productChanged(let set): ("SubscriberProductChanged", product(set))
            case .disabled: ("SubscriberDisabled", [:])
            case .enabled: ("SubscriberEnabled", [:])
            case .tokenIssued(let id): ("SubscriberTokenIssued", ["token_id": .string(id)])
            case .tokenRevoked(let id): ("SubscriberTokenRevoked", ["token_id": .string(id)])
            }
        return NewEvent(type: type, data: .object(data))
    }

    /// One line saying what happened, for `galley subscribers history`.
    public static func summary(of event: RecordedEvent) -> String {
        guard let data = try? JSONValue(parsing: event.data) else { return event.data }
        let list = { (key: String) -> String in
            guard case .array(let values)? = data[key] else { return "" }
            return values.compactMap { if case .string(let text) = $0 { text } else { nil } }.joined(separator: ", ")
        }
        let product = { () -> String in
            let languages = list("languages")
            return "desks \(list("desks")), " + (languages.isEmpty ? "every language" : "languages \(languages)")
                + (data["embargo_partner"] == .bool(true) ? ", embargo partner" : "")
        }
        let token = { () -> String in if case .string(let id)? = data["token_id"] { id } else { "?" } }
        switch event.type {
        case "SubscriberAdded": return "added with \(product())"
        case "SubscriberProductChanged": return "product set to \(product())"
        case "SubscriberDisabled": return "disabled"
        case "SubscriberEnabled": return "enabled"
        case "SubscriberTokenIssued": return "token \(token()) issued"
        case "SubscriberTokenRevoked": return "token \(token()) revoked"
        default: return event.data
        }
    }
}
