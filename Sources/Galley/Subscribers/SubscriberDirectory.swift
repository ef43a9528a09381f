public import EventStore
import Foundation
public import Postgres

/// The subscribers table, with every change also recorded in the subscriber's stream of the log (see
/// `SubscriberEvent`).
public struct SubscriberDirectory: Sendable {
    /// Where subscribers are stored.
    public let pool: ConnectionPool

    /// Creates a directory over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    static let columns = "name, desks, languages, embargo_partner, disabled, created_at"

    /// Adds a subscriber with its product as `actor`; a taken name or a malformed one is refused.
    @discardableResult
    public func add(_ name: String, product: SubscriberProduct, by actor: String) async throws -> Subscriber {
        try UserDirectory.validate(name, what: "subscriber")
        do {
            return try await record(.added(product), of: name, by: actor) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO subscribers (name, desks, languages, embargo_partner) VALUES ($1, $2, $3, $4)
                    RETURNING \(Self.columns)
                    """, [name, product.desks.sorted(), product.languages.sorted(), product.embargoPartner])
                return try Self.subscriber(rows[0])
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw GalleyError.invalidInput("a subscriber named \(name) already exists")
        }
    }

    /// A page of subscribers by name, after the name `after`.
    public func list(limit: Int = PageCursor.maxLimit, after: String? = nil) async throws -> Page<Subscriber> {
        let subscribers = try await pool.query(
            "SELECT \(Self.columns) FROM subscribers WHERE $1::text IS NULL OR name > $1 ORDER BY name LIMIT $2",
            [after, limit + 1]
        ).map(Self.subscriber)
        return Page(
            items: Array(subscribers.prefix(limit)),
            next: subscribers.count > limit ? subscribers[limit - 1].name : nil)
    }

    /// Disables a subscriber: it receives nothing and its tokens stop working. False when it already was.
    @discardableResult
    public func disable(_ name: String, by actor: String) async throws -> Bool {
        try await change(
            name, to: .disabled, by: actor, "UPDATE subscribers SET disabled = true WHERE name = $1 AND NOT disabled",
            [])
    }

    /// Lets a disabled subscriber receive its product again. False when it was not disabled.
    @discardableResult
    public func enable(_ name: String, by actor: String) async throws -> Bool {
        try await change(
            name, to: .enabled, by: actor, "UPDATE subscribers SET disabled = false WHERE name = $1 AND disabled", [])
    }

    /// Replaces a subscriber's product. False when it had exactly this one.
    @discardableResult
    public func setProduct(_ name: String, _ product: SubscriberProduct, by actor: String) async throws -> Bool {
        try await change(
            name, to: .productChanged(product), by: actor,
            """
            UPDATE subscribers SET desks = $2, languages = $3, embargo_partner = $4
            WHERE name = $1 AND (desks, languages, embargo_partner) IS DISTINCT FROM ($2, $3, $4)
            """, [product.desks.sorted(), product.languages.sorted(), product.embargoPartner])
    }

    /// The subscriber named `name`, or nil.
    public func find(_ name: String) async throws -> Subscriber? {
        let rows = try await pool.query("SELECT \(Self.columns) FROM subscribers WHERE name = $1", [name])
        return try rows.first.map(Self.subscriber)
    }

    /// The subscriber named `name`, refused when there is none.
    public func existing(_ name: String) async throws -> Subscriber {
        guard let subscriber = try await find(name) else {
            throw GalleyError.notFound("there is no subscriber named \(name)")
        }
        return subscriber
    }

    /// Every recorded change to a subscriber and its tokens, oldest first.
    public func history(of name: String) async throws -> [RecordedEvent] {
        let events = try await EventStore(pool: pool).readStream(SubscriberEvent.stream(of: name))
        if events.isEmpty { _ = try await existing(name) }
        return events
    }

    /// Runs `update` (which changes one row of `name` or none) in one transaction and, when it changed a row,
    /// records `event`.
    private func change(
        _ name: String, to event: SubscriberEvent, by actor: String, _ update: String,
        _ parameters: [(any PostgresEncodable)?]
    ) async throws -> Bool {
        let changed = try await record(event, of: name, by: actor, when: { $0 }) { connection in
            try await connection.query(update, [name] + parameters).affectedRows == 1
        }
        if !changed { _ = try await existing(name) }
        return changed
    }

    /// Makes a change in one transaction with the event that records it in `name`'s stream.
    func record<T: Sendable>(
        _ event: SubscriberEvent, of name: String, by actor: String, when shouldRecord: (T) -> Bool = { _ in true },
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                let value = try await body(connection)
                if shouldRecord(value) {
                    try await EventStore.append(
                        to: SubscriberEvent.stream(of: name), expected: .any, events: [event.newEvent],
                        metadata: EventMetadata(actor: actor), inTransactionOn: connection)
                }
                return value
            }
        }
    }

    static func subscriber(_ row: Row) throws -> Subscriber {
        let desks: [String] = try row.decode("desks")
        let languages: [String] = try row.decode("languages")
        return Subscriber(
            name: try row.decode("name"),
            product: SubscriberProduct(
                checkedDesks: Set(desks), languages: Set(languages), embargoPartner: try row.decode("embargo_partner")),
            disabled: try row.decode("disabled"), createdAt: try row.decode("created_at"))
    }
}
