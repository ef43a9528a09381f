import Foundation

/// Where the public reads the newsroom's stories, and who publishes them: what permanent addresses, canonical
/// links and structured data are made of.
public struct PublicSite: Sendable, Hashable {
    /// The site's base address, such as `https://news.example.org`, without a trailing slash.
    public var baseURL: String
    /// The publishing organization's name.
    public var publisher: String

    /// A site at `baseURL` (a trailing slash is dropped).
    public init(baseURL: String, publisher: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.publisher = publisher
    }

    /// A story's permanent address.
    public func url(slug: String) -> String { baseURL + "/news/" + slug }
}

/// How long a CDN or a browser may keep a public page: `Cache-Control: public, max-age=N,
/// stale-while-revalidate=M`.
public struct PublicCache: Sendable, Hashable {
    /// Seconds a page is fresh.
    public var maxAge = 60
    /// Seconds a stale page may still be served while it is asked for again.
    public var staleWhileRevalidate = 600
    /// Days a retracted or taken-down story stays in the feeds as a tombstone, so that readers' feed clients
    /// drop it; after that it leaves them.
    public var tombstoneDays = 30

    /// The defaults: a minute fresh, ten more minutes stale, tombstones for 30 days.
    public init() {}

    /// `tombstoneDays` in seconds.
    var tombstoneWindow: TimeInterval { TimeInterval(tombstoneDays) * 86_400 }

    /// The `Cache-Control` header's value.
    var header: String { "public, max-age=\(maxAge), stale-while-revalidate=\(staleWhileRevalidate)" }
}
