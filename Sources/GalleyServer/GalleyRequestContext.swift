public import Galley
public import Hummingbird
public import NIOCore

/// Each request's context: Hummingbird's own, the authenticated user, and the body limit.
public struct GalleyRequestContext: RequestContext {
    /// Hummingbird's core context.
    public var coreContext: CoreRequestContextStorage
    /// Who sent the request, once the bearer token is checked.
    public var user: User?
    /// The partner who sent a content API request, once its subscriber token is checked.
    public var subscriber: Subscriber?
    /// The web app's session, once its cookie is checked; `user` is then its user.
    public var webSession: WebSession?
    /// The largest request body accepted.
    public var maxUploadSize: Int
    /// The connection the request came on, to hear when its client hangs up.
    public let channel: any Channel

    /// Creates the context of a new request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        maxUploadSize = 1 << 20
        channel = source.channel
    }
}
