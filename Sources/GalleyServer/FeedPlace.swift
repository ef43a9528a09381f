/// One of a live feed's places, held by the response that streams the feed and given back when that response is
/// gone: after its body ran, and also when it never ran (a client that hung up before the head was written).
final class FeedPlace: Sendable {
    let feed: LogFeed
    let user: String

    /// Holds a place `feed.reserve(for:)` granted `user`.
    init(feed: LogFeed, user: String) {
        self.feed = feed
        self.user = user
    }

    deinit { feed.release(for: user) }
}
