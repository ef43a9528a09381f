import EventStore
public import Postgres
import Transparency

/// Builds the log's Merkle tree as the log grows: a subscription, like a projection, so one process across every
/// server builds it and a stand-by takes over, and its tiles commit in the transaction that moves its checkpoint.
///
/// Each event becomes the next leaf (its entry: the 32-byte chain hash), in the log's one gap-safe order. No
/// event is ever passed over: an event the builder cannot add stops it, since a leaf left out would move every
/// later one.
public struct LogTreeBuilder: Sendable {
    /// The subscription's name, the key of its checkpoint.
    public static let name = "log_tree"

    /// Where to connect.
    public let configuration: ConnectionConfiguration
    /// The most events added in one transaction.
    public var batchSize = 5_000

    /// A builder on `configuration`'s database.
    public init(configuration: ConnectionConfiguration) {
        self.configuration = configuration
    }

    /// Builds until the task is cancelled.
    public func run() async throws {
        try await subscription.run(Self.append)
    }

    /// Brings the tree up to the log's head as it is now (building here, or waiting for the process that builds).
    public func catchUp(timeout: Duration = .seconds(60)) async throws {
        let head = try await Connection.with(configuration) { try await EventStore.head(on: $0) }
        try await subscription.catchUp(to: head, timeout: timeout, Self.append)
    }

    /// Forgets the tree, so that it is built again from the first event; a running builder starts over at its next
    /// batch. Checkpoints stay: the rebuilt tree must be consistent with them.
    public static func reset(on connection: Connection) async throws {
        try await connection.transaction { connection in
            try await connection.withSession { session in
                // Holding the checkpoint pauses a running builder at its next batch until the tree is gone.
                _ = try Subscription.lockCheckpoint(of: name, on: session)
                try session.execute("DELETE FROM log_leaf_tiles")
                try session.execute("DELETE FROM log_tiles")
                try Subscription.reset(name, to: 0, on: session)
            }
        }
    }

    /// How often the builder looks for new events. It does not listen for the log's notifications: a listener's
    /// server process is signalled at every append, which costs a busy log's appends more than the tree is worth
    /// to have at once (it is read when a checkpoint is signed, at most every few seconds).
    public var pollInterval = Duration.milliseconds(250)

    private var subscription: Subscription {
        // The tree is made from the log alone: a crash that loses its last transactions loses nothing a rebuild
        // from the checkpoint would not write again, byte for byte, so its commits do not wait for the disk and
        // take no turn from the appends that do. A checkpoint signed over it commits durably, and with it the WAL
        // before it.
        var subscription = Subscription(
            name: Self.name, configuration: configuration, batchSize: batchSize, pollInterval: pollInterval,
            commitsAsynchronously: true)
        subscription.wakesOnNotifications = false
        subscription.parksFailingStreams = false
        return subscription
    }

    /// Adds `events` as the next leaves, reading only the old hashes the new ones need.
    static func append(_ events: [RecordedEvent], _ session: Session) throws {
        guard !events.isEmpty else { return }
        let size = try LogTreeStore.size(session)
        let leaves = events.map { MerkleTree.leafHash($0.hash) }
        let nodes = TileBatch.oldNodes(appending: leaves.count, to: size)
        let plan = try TilePlan(nodes: nodes, treeSize: size)
        let hashes = try plan.hashes(from: try LogTreeStore.read(plan.tiles, session))
        let batch = TileBatch.appending(
            leaves, to: size, oldHashes: Dictionary(uniqueKeysWithValues: zip(nodes, hashes)))
        try LogTreeStore.write(batch, positions: events.map(\.position), firstLeaf: size, session)
    }
}
