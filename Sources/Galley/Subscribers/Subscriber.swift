public import Foundation

/// A partner that receives published stories: through the content API with its own tokens, and by webhooks.
public struct Subscriber: Sendable, Hashable {
    /// The subscriber's name, such as `wire-partner`.
    public var name: String
    /// What it receives.
    public var product: SubscriberProduct
    /// Whether it is refused.
    public var disabled: Bool
    /// When it was added.
    public var createdAt: Date
}
