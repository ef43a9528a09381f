public import Foundation

/// What a person does in the newsroom; it decides which commands they may issue.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Drafts stories and revises them while they are drafts.
    case reporter
    /// Edits, moves stories between stages, publishes, corrects, retracts, takes down, spikes.
    case editor
    /// Records claims and verdicts and signs off one revision.
    case factChecker = "fact_checker"
    /// Reads everything, changes nothing.
    case auditor
    /// Runs Galley itself; has every editorial power but the fact-checker's.
    case admin

    /// Orders roles by name, for stable listings.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who issues a command, and when: the only inputs `decide` takes besides the command and the story.
public struct CommandContext: Sendable, Hashable {
    /// The user's name.
    public var actor: String
    /// The user's roles.
    public var roles: Set<Role>
    /// The moment the command is decided; `decide` never reads a clock.
    public var now: Date

    /// Creates a context.
    public init(actor: String, roles: Set<Role>, now: Date) {
        self.actor = actor
        self.roles = roles
        self.now = now
    }
}

extension Role {
    /// The role as people name it: "fact-checker", where the log and the API write `fact_checker`.
    public var label: String {
        switch self {
        case .reporter: "reporter"
        case .editor: "editor"
        case .factChecker: "fact-checker"
        case .auditor: "auditor"
        case .admin: "admin"
        }
    }
}
