import Foundation

/// When a failed delivery is tried again: Standard Webhooks' schedule by default (at once, then after 5 s,
/// 5 min, 30 min, 2 h, 5 h, 10 h and 10 h), each wait spread by a random part so that the retries of many
/// deliveries that failed together do not arrive together.
public struct RetrySchedule: Sendable, Equatable {
    /// The wait before each attempt after the first; the last attempt is the count of these plus one.
    public var delays: [Duration]
    /// The fraction of a wait added or taken at random (0.1: up to 10 % either way).
    public var jitter: Double

    /// Standard Webhooks' schedule.
    public static let standard = RetrySchedule(
        delays: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000].map { .seconds($0) }, jitter: 0.1)

    /// A schedule of these waits.
    public init(delays: [Duration], jitter: Double = 0.1) {
        self.delays = delays
        self.jitter = jitter
    }

    /// The schedule of `--webhook-retry-delays`: seconds separated by commas, such as `5,300,1800`; nil when
    /// a value is not a number of seconds (0 or more).
    public init?(seconds text: String, jitter: Double = 0.1) {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 && ($0 ?? .infinity).isFinite }) else {
            return nil
        }
        self.init(delays: values.map { .milliseconds(Int64(($0 ?? 0) * 1_000)) }, jitter: jitter)
    }

    /// How many attempts a delivery gets before it fails for good.
    public var attempts: Int { delays.count + 1 }

    /// The wait after attempt number `attempt` (1 is the first) failed; nil after the last.
    public func delay(after attempt: Int) -> Duration? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let base = delays[attempt - 1]
        let spread = jitter > 0 ? Double.random(in: -jitter...jitter) : 0
        return base + base * spread
    }
}
