import Foundation
import Galley
import HTTPTypes
import Synchronization

/// How many commands each person may give: a token bucket per user name, so that one person cannot flood a
/// story (or the log) faster than a newsroom works. Every command of the API and the web app takes a token.
public final class CommandRateLimit: Sendable {
    /// A burst, and the rate the bucket fills again at.
    public struct Limits: Sendable {
        /// Commands one person may give at once after a quiet spell.
        public var burst = 30
        /// Commands a second one person may keep giving.
        public var perSecond = 5.0

        /// The defaults.
        public init() {}
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let limits: Limits
    private let buckets = Mutex([String: Bucket]())

    init(limits: Limits) { self.limits = limits }

    /// Takes a token for one command by `user`, or refuses with 429 and how many seconds to wait.
    func admit(_ user: String) throws {
        let now = ContinuousClock.now
        let (burst, rate) = (Double(limits.burst), limits.perSecond)
        let wait: Double? = buckets.withLock { buckets in
            // Full buckets say nothing: forgotten when there are many, so the table stays as small as the busy.
            if buckets.count > 10_000 {
                buckets = buckets.filter { Self.filled($0.value, at: now, rate: rate) < burst }
            }
            var bucket = buckets[user] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, Self.filled(bucket, at: now, rate: rate))
            bucket.updated = now
            defer { buckets[user] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
        guard let wait else { return }
        // Capped at a day: a tiny --commands-per-second would otherwise make a wait no integer holds.
        let seconds = max(1, Int(min(wait.rounded(.up), 86_400)))
        throw Problem(
            .tooManyRequests, "too-many-commands", "Too many commands",
            detail: "\(user) has given more commands than one person may (\(limits.burst) at once, then "
                + "\(Self.format(rate)) a second); nothing was changed: try again in \(seconds) s"
        ).retrying(after: seconds)
    }

    private static func filled(_ bucket: Bucket, at now: ContinuousClock.Instant, rate: Double) -> Double {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return bucket.tokens + seconds * rate
    }

    private static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? "\(Int(rate))" : "\(rate)"
    }
}
