import ArgumentParser

/// What `galley export --format` writes; ArgumentParser refuses any other value and lists these.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    /// The log itself, one event a line, as `galley verify` reads it.
    case jsonl
    /// The published stories as IPTC ninjs documents.
    case ninjs
    /// The published stories' verdicts as schema.org ClaimReview documents.
    case claimreview
}
