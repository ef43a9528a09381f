/// Who may do what: the one rule, enforced in `decide`, so the CLI and HTTP cannot differ.
public enum Permissions {
    /// The roles allowed `action`. Auditors are allowed nothing; fact-check rulings need a fact-checker.
    public static func roles(for action: Action) -> Set<Role> {
        // A switch and not a dictionary: a new action without its roles does not compile, where a missing row
        // would quietly forbid it to everyone.
        switch action {
        case .draft: [.reporter, .editor, .admin]
        case .edit: [.reporter, .editor, .admin]
        case .submit: [.reporter, .editor, .admin]
        case .sendBack: [.editor, .admin]
        // As for submit: the author, or an editor on their behalf.
        case .recall: [.reporter, .editor, .admin]
        case .sendToFactCheck: [.editor, .admin]
        case .addClaim: [.factChecker, .editor, .admin]
        case .recordVerdict: [.factChecker]
        case .confirmVerdict: [.factChecker]
        case .withdrawClaim: [.factChecker]
        case .approve: [.factChecker]
        case .reject: [.factChecker]
        case .pullBack: [.editor, .admin]
        case .publish: [.editor, .admin]
        case .correct: [.editor, .admin]
        case .retract: [.editor, .admin]
        // An admin holds every editorial power but the fact-checker's (Role.admin), a legal removal included.
        case .takedown: [.editor, .admin]
        case .spike: [.editor, .admin]
        case .unspike: [.editor, .admin]
        case .comment: [.reporter, .editor, .factChecker, .admin]
        case .assign: [.editor, .admin]
        }
    }

    /// Whether any of `roles` may do `action`.
    public static func allows(_ roles: Set<Role>, _ action: Action) -> Bool {
        !Self.roles(for: action).isDisjoint(with: roles)
    }
}
