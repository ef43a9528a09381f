/// Who may read the log's checkpoints, tiles and proofs: anyone (they hold hashes and counts only), or only
/// holders of an API token.
public enum LogAccess: String, Sendable, CaseIterable {
    /// Anyone, as a transparency log is meant to be read.
    case `public`
    /// Holders of a user's API token; the public story page then links no proof.
    case token
}
