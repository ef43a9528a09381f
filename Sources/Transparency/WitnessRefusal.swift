/// Why a witness declines to cosign a checkpoint, with the HTTP status tlog-witness assigns to each reason.
public enum WitnessRefusal: Error, Equatable, CustomStringConvertible {
    /// The request body is not an old size line, proof lines, a blank line and a signed note (400).
    case malformedRequest(String)
    /// The witness follows no log of this origin (404).
    case unknownOrigin(String)
    /// No trusted key of the log signed the checkpoint, or a trusted key's signature fails (403).
    case unauthenticated(String)
    /// The old size is larger than the checkpoint's size (400).
    case oldSizeTooLarge(old: UInt64, size: UInt64)
    /// The old size is not the size the witness last cosigned; the body tells the client that size (409).
    case conflict(latestSize: UInt64)
    /// The checkpoint is not consistent with what the witness cosigned before, or is impossible in itself (422).
    case inconsistent(String)

    /// The HTTP status code tlog-witness requires for this refusal.
    public var statusCode: Int {
        switch self {
        case .malformedRequest, .oldSizeTooLarge: 400
        case .unauthenticated: 403
        case .unknownOrigin: 404
        case .conflict: 409
        case .inconsistent: 422
        }
    }

    /// The response body: for a conflict exactly the latest size and a newline (served as `text/x.tlog.size`),
    /// otherwise a sentence for the log's operator.
    public var body: String {
        switch self {
        case .conflict(let latestSize): "\(latestSize)\n"
        default: description + "\n"
        }
    }

    /// A sentence naming why the witness refused.
    public var description: String {
        switch self {
        case .malformedRequest(let reason): "malformed add-checkpoint request: \(reason)"
        case .unknownOrigin(let origin): "this witness follows no log with origin \"\(origin)\""
        case .unauthenticated(let reason): "the checkpoint is not signed by the log: \(reason)"
        case .oldSizeTooLarge(let old, let size): "old size \(old) is larger than the checkpoint size \(size)"
        case .conflict(let latestSize): "the latest cosigned size is \(latestSize)"
        case .inconsistent(let reason): "the checkpoint is not consistent: \(reason)"
        }
    }
}
