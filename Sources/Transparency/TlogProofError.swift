/// Why a tlog-proof file was refused, in parsing or in verification.
public enum TlogProofError: Error, Equatable, CustomStringConvertible {
    /// The first line is not `c2sp.org/tlog-proof@v1`.
    case missingHeader
    /// The `extra` line's data is not base64.
    case badExtra
    /// The `index` line is missing or not a decimal without leading zeros.
    case badIndex(String)
    /// An inclusion proof line is not the base64 of 32 bytes.
    case badProofHash(line: Int)
    /// No blank line and checkpoint follow the proof hashes.
    case missingCheckpoint
    /// The keys that signed the checkpoint are not the log key named for its origin.
    case notSignedForOrigin(String)
    /// Fewer known witnesses cosigned the checkpoint than the quorum asks.
    case quorumNotMet(required: Int, cosigned: Int)

    /// A sentence naming what is wrong, fit for a command's error message.
    public var description: String {
        switch self {
        case .missingHeader: "the proof does not start with c2sp.org/tlog-proof@v1"
        case .badExtra: "the proof's extra line is not base64"
        case .badIndex(let line): "the proof's index line \"\(line)\" is not index and a decimal"
        case .badProofHash(let line): "line \(line) of the proof is not the base64 of a 32-byte hash"
        case .missingCheckpoint: "the proof has no blank line followed by a checkpoint"
        case .notSignedForOrigin(let origin):
            "the checkpoint is not signed by a log key named for its origin \"\(origin)\""
        case .quorumNotMet(let required, let cosigned):
            "\(cosigned) of the known witnesses cosigned the checkpoint; \(required) are required"
        }
    }
}
