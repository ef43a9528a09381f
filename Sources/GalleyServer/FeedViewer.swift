import Galley

/// Who a live feed is for: the user whose credential opened it, and how to ask whether that credential still
/// holds, so that a feed ends when its token is revoked, its session ends or its user is disabled.
struct FeedViewer: Sendable {
    /// The user as the credential stood when the feed opened.
    var user: User
    /// The user the credential opens now, read afresh (not from a cache), or nil when it opens nothing any more.
    var recheck: @Sendable () async throws -> User?
}
