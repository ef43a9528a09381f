import AsyncHTTPClient
import Coding
import Foundation
import NIOCore
import NIOHTTP1
import Postgres

/// Posts one endpoint's due deliveries: up to `concurrency` at once, each the earliest pending delivery of its
/// story (so a story's events arrive in order), and records every attempt. One endpoint's sender waits only on
/// its own endpoint, so a slow or dead receiver delays nobody else.
struct EndpointSender: Sendable {
    /// The endpoint's id.
    let id: String
    let pool: ConnectionPool
    let client: HTTPClient
    let settings: WebhookSettings
    let wake: WakeSignal

    /// Where the endpoint is and what signs for it, read again each round (a rotation or a disable shows at once).
    struct Target {
        var url: String
        var secrets: [String]
    }

    /// A due delivery.
    struct Due: Sendable {
        var id: Int64
        var messageID: String
        var body: String
        var attempts: Int
    }

    /// What an attempt came to.
    struct Outcome: Sendable {
        var delivery: Due
        var status: Int?
        var latency: Duration
        var error: String?
        var retryAfter: Duration?

        var succeeded: Bool { (200..<300).contains(status ?? 0) }
    }

    /// Sends until the task is cancelled.
    func run() async {
        // Where the endpoint is and what signs for it, read again at least every poll interval and after an
        // attempt that disabled it; not every round, which would add a query to every delivery under load.
        var target: (value: Target, read: ContinuousClock.Instant)?
        while !Task.isCancelled {
            do {
                let fresh = target.map { ContinuousClock.now - $0.read <= settings.pollInterval } ?? false
                if !fresh { target = try await self.target().map { ($0, ContinuousClock.now) } }
                // A disabled endpoint's sender idles until the dispatcher lets it go (or it is enabled again).
                guard let current = target?.value else {
                    await wake.wait(timeout: settings.pollInterval)
                    continue
                }
                let due = try await ready()
                guard !due.isEmpty else {
                    await wake.wait(timeout: try await untilNextDue())
                    continue
                }
                let outcomes = await withTaskGroup(of: Outcome.self) { group in
                    for delivery in due { group.addTask { await send(delivery, to: current) } }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                if try await record(outcomes) { target = nil }
            } catch {
                // The database is away: the queue is where it was, so wait and look again.
                try? await Task.sleep(for: settings.pollInterval)
            }
        }
    }

    private func target() async throws -> Target? {
        let rows = try await pool.query(
            """
            SELECT url, secret, CASE WHEN previous_until > now() THEN previous_secret END AS previous
            FROM webhook_endpoints WHERE id = $1 AND enabled
            """, [id])
        guard let row = rows.first else { return nil }
        let previous: String? = try row.decode("previous")
        return Target(url: try row.decode("url"), secrets: [try row.decode("secret")] + (previous.map { [$0] } ?? []))
    }

    /// The due deliveries that head their story's queue, oldest first.
    private func ready() async throws -> [Due] {
        try await pool.query(
            """
            SELECT d.id, d.message_id, d.body, d.attempts FROM webhook_deliveries d
            WHERE d.endpoint_id = $1 AND d.state = 'pending' AND d.next_at <= now()
                AND NOT EXISTS (
                    SELECT 1 FROM webhook_deliveries e
                    WHERE e.endpoint_id = d.endpoint_id AND e.story_id = d.story_id AND e.state = 'pending'
                        AND e.position < d.position)
            ORDER BY d.next_at, d.position LIMIT $2
            """, [id, settings.concurrency]
        ).map { row in
            Due(
                id: try row.decode("id"), messageID: try row.decode("message_id"), body: try row.decode("body"),
                attempts: Int(try row.decode("attempts", as: Int32.self)))
        }
    }

    /// How long until the next pending delivery falls due, at most the poll interval.
    private func untilNextDue() async throws -> Duration {
        let rows = try await pool.query(
            """
            SELECT extract(epoch FROM min(next_at) - now())::float8 AS wait FROM webhook_deliveries
            WHERE endpoint_id = $1 AND state = 'pending'
            """, [id])
        guard let wait: Double = try rows.first?.decode("wait") else { return settings.pollInterval }
        return min(settings.pollInterval, .milliseconds(max(5, Int64(wait * 1_000))))
    }

    /// One attempt: the Standard Webhooks headers, signed with every secret in use.
    func send(_ delivery: Due, to target: Target) async -> Outcome {
        let start = ContinuousClock.now
        var outcome = Outcome(delivery: delivery, status: nil, latency: .zero, error: nil, retryAfter: nil)
        if let problem = settings.address.problem(target.url) {
            outcome.error = problem
            return outcome
        }
        let body = Data(delivery.body.utf8)
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Galley-Webhooks/1")
        request.headers.add(name: "webhook-id", value: delivery.messageID)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature",
            value: WebhookSigner.signature(
                id: delivery.messageID, timestamp: timestamp, body: body, secrets: target.secrets))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(settings.timeout))
            outcome.status = Int(response.status.code)
            outcome.retryAfter = response.headers.first(name: "retry-after").flatMap(Self.retryAfter)
            // The answer's body is not used; reading a little of it lets the connection be used again.
            _ = try? await response.body.collect(upTo: 64 * 1_024)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            outcome.error = "no answer within \(settings.timeout.components.seconds) s"
        } catch {
            outcome.error = String(String(describing: error).prefix(500))
        }
        outcome.latency = ContinuousClock.now - start
        if let status = outcome.status, !outcome.succeeded, outcome.error == nil {
            outcome.error = "answered \(status)"
        }
        return outcome
    }

    /// A `Retry-After` value in seconds or as an HTTP date, at most a day; nil when it is neither.
    static func retryAfter(_ value: String) -> Duration? {
        // A receiver's answer is outside input: a wait past any interval PostgreSQL holds would fail every record
        // of the attempt, and the endpoint would be tried again at once, for good.
        let day = 86_400
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return .seconds(min(seconds, day))
        }
        guard let date = HTTPDate.parse(value) else { return nil }
        return .milliseconds(Int64(min(max(0, date.timeIntervalSinceNow), Double(day)) * 1_000))
    }

    /// Records a round's attempts in one statement, and disables the endpoint when it answered 410 or a
    /// delivery ran out of attempts; returns whether it did.
    private func record(_ outcomes: [Outcome]) async throws -> Bool {
        var states: [String] = []
        var delays: [Double] = []
        var disable: String?
        for outcome in outcomes {
            let attempt = outcome.delivery.attempts + 1
            if outcome.succeeded {
                states.append("delivered")
                delays.append(-1)
            } else if outcome.status == 410 {
                states.append("pending")
                delays.append(0)
                disable =
                    disable ?? "answered 410 Gone to \(outcome.delivery.messageID): the receiver asked for no more"
            } else if let wait = Self.honoured(outcome) ?? settings.schedule.delay(after: attempt) {
                states.append("pending")
                delays.append(Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
            } else {
                states.append("failed")
                delays.append(-1)
                disable =
                    disable
                    ?? "\(outcome.delivery.messageID) failed all \(attempt) attempts; the last: "
                    + (outcome.error ?? "no answer")
            }
        }
        let latencies = outcomes.map {
            Int32(
                clamping: $0.latency.components.seconds * 1_000 + $0.latency.components.attoseconds
                    / 1_000_000_000_000_000)
        }
        try await pool.query(
            """
            WITH r AS (
                SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[])
                    AS r (id, status, latency, error, state, delay)),
            u AS (
                UPDATE webhook_deliveries d
                SET attempts = d.attempts + 1, state = r.state,
                    delivered_at = CASE WHEN r.state = 'delivered' THEN now() END,
                    next_at = CASE WHEN r.delay >= 0 THEN now() + make_interval(secs => r.delay) ELSE d.next_at END
                FROM r WHERE d.id = r.id
                RETURNING d.id, d.attempts, d.endpoint_id)
            INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, status, latency_ms, error)
            SELECT u.id, u.endpoint_id, u.attempts, nullif(r.status, 0), r.latency, nullif(r.error, '')
            FROM u JOIN r ON r.id = u.id
            """,
            [
                outcomes.map(\.delivery.id), outcomes.map { Int32($0.status ?? 0) }, latencies,
                outcomes.map { $0.error ?? "" }, states, delays,
            ])
        guard let disable else { return false }
        try await pool.query(
            """
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = now()
            WHERE id = $1 AND enabled
            """, [id, disable])
        return true
    }

    /// The wait a 429 or 503 asks for with `Retry-After`, which takes the place of the schedule's.
    static func honoured(_ outcome: Outcome) -> Duration? {
        guard outcome.status == 429 || outcome.status == 503 else { return nil }
        return outcome.retryAfter
    }
}
