/// A story its reporter submitted, while it waits in editing: its author may recall it until someone else acts
/// on it (docs/workflow.md, "Ways back").
public struct Submission: Sendable, Hashable {
    /// Who first did something to the story since it was submitted, other than its author; nil while no one has.
    public var actedOnBy: String?
    /// What they did, as the story's history says it.
    public var actedOn: String?

    /// A submission no one has acted on yet.
    public init(actedOnBy: String? = nil, actedOn: String? = nil) {
        self.actedOnBy = actedOnBy
        self.actedOn = actedOn
    }
}
