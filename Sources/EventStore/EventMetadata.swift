public import Coding
public import Foundation

/// Who appended events and why: stored with every event and covered by its hash.
public struct EventMetadata: Sendable, Hashable, Codable {
    /// The user (or system job) that issued the command.
    public var actor: String
    /// The command's id; a retried command with the same id appends nothing new.
    public var commandID: UUID
    /// Ties together everything that followed from one original request.
    public var correlationID: UUID
    /// The message that directly caused this command, if any.
    public var causationID: UUID?
    /// A digest of the request that carried the command under an idempotency key, so that the key reused for
    /// another request is told apart from a retry.
    public var requestDigest: String?

    /// Creates metadata; the correlation id defaults to the command id, as for a request that starts a chain.
    public init(
        actor: String, commandID: UUID = UUID(), correlationID: UUID? = nil, causationID: UUID? = nil,
        requestDigest: String? = nil
    ) {
        self.actor = actor
        self.commandID = commandID
        self.correlationID = correlationID ?? commandID
        self.causationID = causationID
        self.requestDigest = requestDigest
    }

    /// The stored JSON for one event, which adds the event's schema version.
    public func json(schemaVersion: Int) -> JSONValue {
        var members: [String: JSONValue] = [
            "actor": .string(actor),
            "command_id": .string(commandID.uuidString.lowercased()),
            "correlation_id": .string(correlationID.uuidString.lowercased()),
            "schema_version": .int(Int64(schemaVersion)),
        ]
        if let causationID { members["causation_id"] = .string(causationID.uuidString.lowercased()) }
        if let requestDigest { members["request_digest"] = .string(requestDigest) }
        return .object(members)
    }

    /// Reads metadata back from an event's stored JSON.
    init(json: JSONValue) throws {
        guard case .string(let actor)? = json["actor"], case .string(let command)? = json["command_id"],
            let commandID = UUID(uuidString: command), case .string(let correlation)? = json["correlation_id"],
            let correlationID = UUID(uuidString: correlation)
        else {
            throw EventStoreError.malformedEvent(
                "metadata lacks actor, command_id or correlation_id: \(json.canonicalText)")
        }
        var causationID: UUID?
        if case .string(let causation)? = json["causation_id"] { causationID = UUID(uuidString: causation) }
        var requestDigest: String?
        if case .string(let digest)? = json["request_digest"] { requestDigest = digest }
        self.init(
            actor: actor, commandID: commandID, correlationID: correlationID, causationID: causationID,
            requestDigest: requestDigest)
    }
}
