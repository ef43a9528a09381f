public import Foundation

/// What a command handler needs of a log: append to one stream at an expected version, and read one stream back.
///
/// `EventStore` is the log. `InMemoryEventLog` keeps the same promises in one process, so that what is built on
/// the log (deciding, retrying, idempotency) can be specified by tests that need no database.
public protocol StreamLog: Sendable {
    /// Appends `events` to `stream` if it is at `expected`; a command id that appended before is answered as
    /// then (`AppendResult.isReplay`). Throws `EventStoreError.wrongExpectedVersion` when the stream moved on.
    @discardableResult
    func append(to stream: String, expected: ExpectedVersion, events: [NewEvent], metadata: EventMetadata)
        async throws -> AppendResult

    /// The stream's events after `version`, with any earlier ones `commandID` appended, in version order.
    func readStream(_ stream: String, after version: Int64, orAppendedBy commandID: UUID) async throws
        -> [RecordedEvent]
}

extension EventStore: StreamLog {}
