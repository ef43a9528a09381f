import AsyncHTTPClient
import EventStore
import Foundation
public import Logging
public import Postgres

/// Delivers webhooks from the log: the follower queues each event for each endpoint (a subscription with its
/// own checkpoint), and the sender posts what is due, a task per endpoint. Each holds a lock of its own, so among
/// several `galley serve` processes and `galley deliver`, one follows and one sends; a stand-by takes over when
/// the holder's connection ends.
public struct WebhookDeliverer: Sendable {
    /// Where to connect.
    public let configuration: ConnectionConfiguration
    /// How to deliver.
    public var settings: WebhookSettings
    /// Where failures to reach the database are told.
    public var logger = Logger(label: "galley.webhooks")
    /// How often a stand-by process tries to take over.
    public var takeoverInterval: Duration = .milliseconds(500)

    /// The advisory lock namespace of the sender ("WHKS").
    static let lockNamespace: Int32 = 0x5748_4B53

    /// Describes a deliverer; nothing runs until `run`.
    public init(configuration: ConnectionConfiguration, settings: WebhookSettings) {
        self.configuration = configuration
        self.settings = settings
    }

    /// Follows and sends until the task is cancelled.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follow() }
            group.addTask { try await send() }
            try await group.waitForAll()
        }
    }

    /// The follower: a subscription whose handler queues deliveries.
    func follow() async throws {
        let follower = WebhookFollower(baseURL: settings.baseURL)
        // The queue is not rebuilt from the log, so its batches wait for the disk like any write that matters.
        let subscription = Subscription(
            name: WebhookFollower.name, configuration: configuration, batchSize: 500,
            gatherInterval: .milliseconds(2))
        do {
            try await subscription.run { events, session in try follower.handle(events, on: session) }
        } catch is CancellationError {
            return
        }
    }

    /// The sender: once it holds the lock, a task per enabled endpoint, woken by the follower's notification and
    /// at least every poll interval.
    func send() async throws {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init()))
        let pool = ConnectionPool(configuration: configuration, maxConnections: settings.connections)
        while !Task.isCancelled {
            do {
                try await Connection.with(configuration) { connection in
                    try await dispatch(on: connection, pool: pool, client: client)
                }
            } catch is CancellationError {
                break
            } catch {
                logger.warning("webhook sender lost the database; trying again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: takeoverInterval)
            }
        }
        await pool.close()
        try? await client.shutdown()
    }

    private func dispatch(on connection: Connection, pool: ConnectionPool, client: HTTPClient) async throws {
        while !Task.isCancelled {
            let locked: Bool = try await connection.query(
                "SELECT pg_try_advisory_lock($1, 0) AS locked", [Self.lockNamespace])[0].decode("locked")
            if locked { break }
            try await Task.sleep(for: takeoverInterval)
        }
        try await connection.listen(WebhookFollower.channel)
        var workers: [String: (task: Task<Void, Never>, wake: WakeSignal)] = [:]
        defer { for worker in workers.values { worker.task.cancel() } }
        while !Task.isCancelled {
            let enabled = Set(
                try await connection.query("SELECT id FROM webhook_endpoints WHERE enabled").map {
                    try $0.decode("id", as: String.self)
                })
            for (id, worker) in workers where !enabled.contains(id) {
                worker.task.cancel()
                workers[id] = nil
            }
            for id in enabled {
                if let worker = workers[id] {
                    worker.wake.signal()
                    continue
                }
                let wake = WakeSignal()
                let sender = EndpointSender(id: id, pool: pool, client: client, settings: settings, wake: wake)
                workers[id] = (Task { await sender.run() }, wake)
            }
            _ = try await connection.waitForNotifications(timeout: settings.pollInterval)
        }
    }
}
