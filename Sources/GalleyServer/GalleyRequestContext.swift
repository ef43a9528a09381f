import Galley
import Hummingbird

/// Each request's context: Hummingbird's own, the authenticated user, and the body limit.
public struct GalleyRequestContext: RequestContext {
    /// Hummingbird's core context.
    public var coreContext: CoreRequestContextStorage
    /// Who sent the request, once the bearer token is checked.
    public var user: User?
    /// The largest request body accepted.
    public var maxUploadSize: Int

    /// Creates the context of a new request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        maxUploadSize = 1 << 20
    }
}
