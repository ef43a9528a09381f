import Editorial

extension Action {
    /// The words after `galley` that ask for this action: its own name, or, for the fact-check steps, its place
    /// in the `fact-check` group (`add-claim` is `fact-check claim add`). A switch, so that a new action does not
    /// compile until it has a place; `ActionCommandTests` holds the subcommand tree to it.
    var commandPath: [String] {
        switch self {
        case .draft, .edit, .submit, .sendBack, .recall, .pullBack, .publish, .correct, .retract, .takedown, .spike,
            .unspike, .comment, .assign:
            [rawValue]
        case .sendToFactCheck: ["fact-check", "request"]
        case .addClaim: ["fact-check", "claim", "add"]
        case .recordVerdict: ["fact-check", "claim", "verdict"]
        case .confirmVerdict: ["fact-check", "claim", "confirm"]
        case .withdrawClaim: ["fact-check", "claim", "withdraw"]
        case .approve: ["fact-check", "approve"]
        case .reject: ["fact-check", "reject"]
        }
    }
}
