import Coding
public import Foundation

/// The log's JSON-lines export: one event a line, enough to recompute every hash with no database.
///
/// Keys: `position`, `stream`, `version`, `type`, `data`, `metadata` (both embedded as JSON), `recorded_at`
/// (RFC 3339), `recorded_at_us` (microseconds since 1970, what the hash covers), `hash` (hex), and, on the first
/// line of a stream whose earlier events are not in the export, `previous_hash`.
extension RecordedEvent {
    /// The event as one export line.
    public func exportLine(previousHash: [UInt8]? = nil) -> String {
        let quoted = { (text: String) in JSONValue.string(text).canonicalText }
        var line = "{\"position\":\(position),\"stream\":\(quoted(streamID)),\"version\":\(version)"
        line += ",\"type\":\(quoted(type)),\"data\":\(data),\"metadata\":\(metadataJSON)"
        line += ",\"recorded_at\":\"\(Timestamp.rfc3339(microseconds: recordedAtMicroseconds))\""
        line += ",\"recorded_at_us\":\(recordedAtMicroseconds),\"hash\":\"\(hashHex)\""
        if let previousHash { line += ",\"previous_hash\":\"\(Hex.encode(previousHash))\"" }
        return line + "}"
    }

    /// Reads an export line back, already parsed as `fields`: the event, and the previous hash when the line
    /// carries one.
    static func parse(exportLine fields: JSONValue, text line: String) throws -> (
        event: RecordedEvent, previousHash: [UInt8]?
    ) {
        guard case .int(let position)? = fields["position"], case .string(let stream)? = fields["stream"],
            case .int(let version)? = fields["version"], case .string(let type)? = fields["type"],
            let data = fields["data"], let metadata = fields["metadata"],
            case .int(let recorded)? = fields["recorded_at_us"], case .string(let hashText)? = fields["hash"],
            let hash = Hex.decode(hashText)
        else {
            throw EventStoreError.malformedEvent("an export line lacks a field or has a wrong type: \(line.prefix(80))")
        }
        var previous: [UInt8]?
        if case .string(let text)? = fields["previous_hash"] { previous = Hex.decode(text) }
        let commandID: UUID? =
            if case .string(let id)? = metadata["command_id"] { UUID(uuidString: id) } else { nil }
        let event = RecordedEvent(
            position: position, streamID: stream, version: version, type: type, data: data.canonicalText,
            metadataJSON: metadata.canonicalText, commandID: commandID, recordedAtMicroseconds: recorded, hash: hash)
        return (event, previous)
    }
}

/// Checks an export's hash chains line by line, and the file against the manifest it carries; needs no
/// database. A file without the export's header, or cut before its closing manifest, is refused.
public struct ExportVerifier {
    private var verifier = ChainVerifier()
    private var found = ExportManifest()
    private var checkpoint: Int64?
    private var stated: ExportManifest?
    /// Streams that start after their first event in the export, checked from their stated previous hash.
    public private(set) var anchoredStreams = 0
    /// With `collectingLeaves`, every event in the export's order, by its chain hash: the entries of the log's
    /// Merkle tree, leaf by leaf, when the export starts at the log's first event.
    public private(set) var leaves: [Leaf] = []
    private let collectsLeaves: Bool

    /// Starts with nothing checked; with `collectingLeaves`, keeps every event's hash in ``leaves``.
    public init(collectingLeaves: Bool = false) {
        self.collectsLeaves = collectingLeaves
    }

    /// An event as a leaf of the log's tree: which event, and its chain hash (the leaf's entry).
    public struct Leaf: Sendable {
        /// Its position in the log.
        public let position: Int64
        /// Its stream.
        public let streamID: String
        /// Its version in the stream.
        public let version: Int64
        /// Its chain hash.
        public let hash: [UInt8]
    }

    /// Whether the export starts at the log's first event (made without `--after`).
    public var startsAtLogStart: Bool { checkpoint == 0 }

    /// Checks the next line; returns the first broken event, or nil while every chain holds.
    public mutating func check(line: String) throws -> BrokenEvent? {
        guard stated == nil else {
            throw EventStoreError.malformedEvent("the export goes on after its closing manifest")
        }
        let fields: JSONValue
        do {
            fields = try JSONValue(parsing: line)
        } catch {
            throw EventStoreError.malformedEvent("an export line is not JSON: \(line.prefix(80))")
        }
        guard let checkpoint else {
            guard let after = try ExportManifest.header(fields) else {
                throw EventStoreError.malformedEvent(
                    "this is not a Galley export: its first line is not the export header (make one with "
                        + "galley export --format jsonl)")
            }
            self.checkpoint = after
            return nil
        }
        if let manifest = try ExportManifest.trailer(fields) {
            stated = manifest
            return nil
        }
        let (event, previous) = try RecordedEvent.parse(exportLine: fields, text: line)
        if event.position <= max(checkpoint, found.lastPosition) {
            return BrokenEvent(
                event, reason: "position \(event.position) is out of order after position \(found.lastPosition)")
        }
        if !verifier.knows(stream: event.streamID), event.version > 1, let previous {
            verifier.anchor(stream: event.streamID, version: event.version - 1, hash: previous)
            anchoredStreams += 1
        }
        if let broken = verifier.check(event) { return broken }
        found.add(event)
        if collectsLeaves {
            leaves.append(
                Leaf(position: event.position, streamID: event.streamID, version: event.version, hash: event.hash))
        }
        return nil
    }

    /// Checks that the file was whole: it had its header and its closing manifest, and the manifest states what
    /// the file holds.
    public func finish() throws {
        guard checkpoint != nil else { throw EventStoreError.malformedEvent("the export is empty: it has no header") }
        guard let stated else {
            throw EventStoreError.malformedEvent(
                "the export ends without its closing manifest: it was cut short, or its end was removed")
        }
        if let discrepancy = found.discrepancy(from: stated) {
            throw EventStoreError.malformedEvent("the export does not hold what it states: \(discrepancy)")
        }
    }

    /// What was checked so far.
    public var report: VerificationReport {
        VerificationReport(
            eventsChecked: verifier.eventsChecked, streamsChecked: verifier.streamsChecked, firstBroken: nil,
            firstPosition: found.firstPosition, lastPosition: found.lastPosition)
    }

    /// Checks every line of the file at `url`, reading it in chunks; stops at the first broken event. Returns the
    /// report and the verifier as it ended (its ``anchoredStreams``, and its ``leaves`` with `collectingLeaves`).
    public static func verify(
        file url: URL, collectingLeaves: Bool = false
    ) throws -> (report: VerificationReport, verifier: ExportVerifier) {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw EventStoreError.invalidAppend("cannot read \(url.path)")
        }
        defer { try? handle.close() }
        var checker = ExportVerifier(collectingLeaves: collectingLeaves)
        var pending = Data()
        var lineNumber = 0
        func checkLine(_ bytes: Data) throws -> BrokenEvent? {
            lineNumber += 1
            guard let line = String(data: bytes, encoding: .utf8) else {
                throw EventStoreError.malformedEvent("line \(lineNumber) is not UTF-8")
            }
            return line.isEmpty ? nil : try checker.check(line: line)
        }
        func broken(_ event: BrokenEvent) -> (VerificationReport, ExportVerifier) {
            var report = checker.report
            report.firstBroken = event
            return (report, checker)
        }
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                if let event = try checkLine(Data(line)) { return broken(event) }
                pending.removeSubrange(pending.startIndex...newline)
            }
            if chunk.isEmpty { break }
        }
        if !pending.isEmpty, let event = try checkLine(pending) { return broken(event) }
        try checker.finish()
        return (checker.report, checker)
    }
}
