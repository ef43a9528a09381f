import Coding
public import Foundation

/// Everything that can happen to a story. Type names are stable (`ArticleEventKind`): they are stored in the log
/// for ever. The table of event types with their fields is `docs/events.md`.
public enum ArticleEvent: Sendable, Hashable {
    /// A reporter (or editor) filed a first draft.
    case drafted(Drafted)
    /// Content changed; the revision went up.
    case edited(Edited)
    /// The draft went to the editors.
    case submitted(Submitted)
    /// An editor sent the story back to its reporter with a note.
    case sentBack(SentBack)
    /// An editor sent the story to the fact-checkers.
    case sentToFactCheck(SentToFactCheck)
    /// A later edit of headline or body took a signed-off story back to fact-check.
    case factCheckReopened(FactCheckReopened)
    /// A claim was put on the story's fact-check checklist.
    case claimAdded(ClaimAdded)
    /// A fact-checker ruled on a claim.
    case verdictRecorded(VerdictRecorded)
    /// A fact-checker found a verdict on an earlier revision still holds.
    case verdictConfirmed(VerdictConfirmed)
    /// A fact-checker took a claim off the checklist.
    case claimWithdrawn(ClaimWithdrawn)
    /// A fact-checker signed off one revision.
    case factCheckApproved(FactCheckApproved)
    /// A fact-checker sent the story back to the editors with reasons.
    case factCheckRejected(FactCheckRejected)
    /// An editor published the story, now or at an embargo time.
    case published(Published)
    /// An editor changed a published story, with a public note.
    case corrected(Corrected)
    /// An editor withdrew a published story, saying why.
    case retracted(Retracted)
    /// An editor removed a story that was published from every public output, for a legal reason.
    case takenDown(TakenDown)
    /// An editor dropped an unpublished story, saying why.
    case spiked(Spiked)
    /// Someone commented on one revision.
    case commented(Commented)
    /// The story was given to someone to work on.
    case assigned(Assigned)
    /// Its reporter (or an editor for them) took a submission back to draft before the desk acted on it.
    case recalled(Recalled)
    /// An editor took the story back from fact-check to editing.
    case pulledBack(PulledBack)
    /// An editor restored a spiked story to a stage before it was spiked.
    case unspiked(Unspiked)

    /// Which kind of event it is; its raw value is the type name.
    public var kind: ArticleEventKind { parts.kind }

    /// The stable type name stored in the log.
    public var typeName: String { kind.rawValue }

    /// The version of the event's data layout; every type is at 1 so far.
    public var schemaVersion: Int { 1 }

    /// Encodes the event's data as JSON (dates as RFC 3339 text with fractional seconds).
    public func encodedData() throws -> Data { try EditorialCoding.encoder.encode(parts.payload) }

    /// The kind and the data, from one switch so that the two never disagree.
    private var parts: (kind: ArticleEventKind, payload: any Encodable) {
        switch self {
        case .drafted(let payload): (.drafted, payload)
        case .edited(let payload): (.edited, payload)
        case .submitted(let payload): (.submitted, payload)
        case .sentBack(let payload): (.sentBack, payload)
        case .sentToFactCheck(let payload): (.sentToFactCheck, payload)
        case .factCheckReopened(let payload): (.factCheckReopened, payload)
        case .claimAdded(let payload): (.claimAdded, payload)
        case .verdictRecorded(let payload): (.verdictRecorded, payload)
        case .verdictConfirmed(let payload): (.verdictConfirmed, payload)
        case .claimWithdrawn(let payload): (.claimWithdrawn, payload)
        case .factCheckApproved(let payload): (.factCheckApproved, payload)
        case .factCheckRejected(let payload): (.factCheckRejected, payload)
        case .published(let payload): (.published, payload)
        case .corrected(let payload): (.corrected, payload)
        case .retracted(let payload): (.retracted, payload)
        case .takenDown(let payload): (.takenDown, payload)
        case .spiked(let payload): (.spiked, payload)
        case .commented(let payload): (.commented, payload)
        case .assigned(let payload): (.assigned, payload)
        case .recalled(let payload): (.recalled, payload)
        case .pulledBack(let payload): (.pulledBack, payload)
        case .unspiked(let payload): (.unspiked, payload)
        }
    }

    /// Decodes an event from its stored type name and data; an unknown type is an error, never ignored.
    public static func decode(typeName: String, data: Data) throws -> ArticleEvent {
        try decode(typeName: typeName, from: JSONPayload(data: data))
    }

    /// Decodes an event from its stored type name with a decoder of its data.
    public static func decode(typeName: String, from payload: some EventPayloadDecoding) throws -> ArticleEvent {
        guard let kind = ArticleEventKind(rawValue: typeName) else { throw EditorialError.unknownEvent(typeName) }
        // A switch over the kinds, so a kind that is written but not read does not compile.
        switch kind {
        case .drafted: return .drafted(try payload.decode(Drafted.self))
        case .edited: return .edited(try payload.decode(Edited.self))
        case .submitted: return .submitted(try payload.decode(Submitted.self))
        case .sentBack: return .sentBack(try payload.decode(SentBack.self))
        case .sentToFactCheck: return .sentToFactCheck(try payload.decode(SentToFactCheck.self))
        case .factCheckReopened: return .factCheckReopened(try payload.decode(FactCheckReopened.self))
        case .claimAdded: return .claimAdded(try payload.decode(ClaimAdded.self))
        case .verdictRecorded: return .verdictRecorded(try payload.decode(VerdictRecorded.self))
        case .verdictConfirmed: return .verdictConfirmed(try payload.decode(VerdictConfirmed.self))
        case .claimWithdrawn: return .claimWithdrawn(try payload.decode(ClaimWithdrawn.self))
        case .factCheckApproved: return .factCheckApproved(try payload.decode(FactCheckApproved.self))
        case .factCheckRejected: return .factCheckRejected(try payload.decode(FactCheckRejected.self))
        case .published: return .published(try payload.decode(Published.self))
        case .corrected: return .corrected(try payload.decode(Corrected.self))
        case .retracted: return .retracted(try payload.decode(Retracted.self))
        case .takenDown: return .takenDown(try payload.decode(TakenDown.self))
        case .spiked: return .spiked(try payload.decode(Spiked.self))
        case .commented: return .commented(try payload.decode(Commented.self))
        case .assigned: return .assigned(try payload.decode(Assigned.self))
        case .recalled: return .recalled(try payload.decode(Recalled.self))
        case .pulledBack: return .pulledBack(try payload.decode(PulledBack.self))
        case .unspiked: return .unspiked(try payload.decode(Unspiked.self))
        }
    }
}

/// An event's data, ready to be decoded as the payload its type names.
///
/// Two readers exist: `JSONPayload` (`JSONDecoder` over the stored text) and, where events are folded in bulk,
/// one over data already parsed, which must read it exactly as `EditorialCoding.decoder` does.
public protocol EventPayloadDecoding {
    /// Decodes the data as `type`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

/// Event data as JSON text, read with `EditorialCoding.decoder`.
public struct JSONPayload: EventPayloadDecoding {
    /// The text.
    public var data: Data

    /// Wraps the text of an event's data.
    public init(data: Data) { self.data = data }

    /// Decodes the text as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try EditorialCoding.decoder.decode(type, from: data)
    }
}

/// The JSON coders for event data: dates as RFC 3339 text with fractional seconds, keys in snake case.
public enum EditorialCoding {
    /// Encodes event data.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decodes event data.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = date(from: text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "\(text) is not an RFC 3339 time"))
            }
            return date
        }
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// Reads a date as event data writes it, and as the CLI and the HTTP service take it: RFC 3339, exactly
    /// (see `RFC3339`).
    public static func date(from text: String) -> Date? { RFC3339.date(from: text) }
}
