import Coding
import Foundation

/// What a JSON-lines export says it contains, so that a verifier sees what a hash chain alone cannot: a stream
/// whose last events were dropped, a stream dropped whole, lines moved out of order.
///
/// The export's first line is `{"galley_export":{"format":1,"after":N}}`; its last line is
/// `{"galley_export_end":{"events":N,"first_position":P,"last_position":Q,"streams":{"S":{"version":V,"hash":"…"}}}}`,
/// giving each stream's last version and hash in the file.
public struct ExportManifest: Sendable, Hashable {
    /// One stream's last event in the export.
    public struct StreamHead: Sendable, Hashable {
        /// Its version.
        public var version: Int64
        /// Its hash.
        public var hash: [UInt8]
    }

    /// The export format's version.
    public static let format: Int64 = 1

    /// How many events the file holds.
    public var events = 0
    /// The first event's position, 0 when there is none.
    public var firstPosition: Int64 = 0
    /// The last event's position, 0 when there is none.
    public var lastPosition: Int64 = 0
    /// Each stream's last event.
    public var streams: [String: StreamHead] = [:]

    /// Nothing yet.
    public init() {}

    /// Counts one more event, in global order.
    public mutating func add(_ event: RecordedEvent) {
        if events == 0 { firstPosition = event.position }
        events += 1
        lastPosition = event.position
        streams[event.streamID] = StreamHead(version: event.version, hash: event.hash)
    }

    /// The first line of an export that starts after `checkpoint`.
    public static func headerLine(after checkpoint: Int64) -> String {
        JSONValue.object(["galley_export": .object(["format": .int(format), "after": .int(checkpoint)])]).canonicalText
    }

    /// The last line: this manifest.
    public var trailerLine: String {
        let heads = streams.mapValues { head in
            JSONValue.object(["version": .int(head.version), "hash": .string(Hex.encode(head.hash))])
        }
        return JSONValue.object([
            "galley_export_end": .object([
                "events": .int(Int64(events)), "first_position": .int(firstPosition),
                "last_position": .int(lastPosition), "streams": .object(heads),
            ])
        ]).canonicalText
    }

    /// Whether `line` is an export's header, and then the checkpoint it starts after.
    static func header(_ fields: JSONValue) throws -> Int64? {
        guard let header = fields["galley_export"] else { return nil }
        guard case .int(let format)? = header["format"], case .int(let after)? = header["after"] else {
            throw EventStoreError.malformedEvent("the export's header lacks its format or checkpoint")
        }
        guard format == Self.format else {
            throw EventStoreError.malformedEvent(
                "the export is in format \(format); this galley reads format \(Self.format)")
        }
        return after
    }

    /// The manifest a trailer line states, or nil when `fields` is not a trailer.
    static func trailer(_ fields: JSONValue) throws -> ExportManifest? {
        guard let end = fields["galley_export_end"] else { return nil }
        guard case .int(let events)? = end["events"], case .int(let first)? = end["first_position"],
            case .int(let last)? = end["last_position"], case .object(let streams)? = end["streams"]
        else { throw EventStoreError.malformedEvent("the export's closing manifest lacks a field") }
        var manifest = ExportManifest()
        manifest.events = Int(events)
        manifest.firstPosition = first
        manifest.lastPosition = last
        for (stream, head) in streams {
            guard case .int(let version)? = head["version"], case .string(let text)? = head["hash"],
                let hash = Hex.decode(text)
            else {
                throw EventStoreError.malformedEvent("the manifest's entry for \(stream) lacks its version or hash")
            }
            manifest.streams[stream] = StreamHead(version: version, hash: hash)
        }
        return manifest
    }

    /// How the events actually found (`self`) differ from what the file's manifest states, or nil when alike.
    func discrepancy(from stated: ExportManifest) -> String? {
        if stated.events != events {
            return "the manifest states \(stated.events) events but the file holds \(events)"
        }
        if stated.firstPosition != firstPosition || stated.lastPosition != lastPosition {
            return "the manifest states positions \(stated.firstPosition) to \(stated.lastPosition) but the file "
                + "holds \(firstPosition) to \(lastPosition)"
        }
        for (stream, head) in stated.streams.sorted(by: { $0.key < $1.key }) {
            guard let found = streams[stream] else {
                return "stream \(stream) is in the manifest but has no event in the file"
            }
            if found.version != head.version {
                return "stream \(stream) ends at version \(found.version) in the file, but the manifest states "
                    + "version \(head.version)"
            }
            if found.hash != head.hash { return "stream \(stream) ends with another hash than the manifest states" }
        }
        if let extra = streams.keys.sorted().first(where: { stated.streams[$0] == nil }) {
            return "stream \(extra) is in the file but not in the manifest"
        }
        return nil
    }
}
