/// Why `decide` refused a command. Nothing was appended.
public enum EditorialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command's input cannot be used (empty headline, bad slug, unknown claim...).
    case invalidInput(String)
    /// None of the actor's roles may do this.
    case forbidden(String)
    /// The newsroom's rules refuse it in the story's current state.
    case ruleViolation(String)
    /// The command is not one the story's stage takes at all (publish a draft, edit a public story): a rule
    /// too, told apart so that front ends offer only the commands a stage takes.
    case wrongStage(String)
    /// The story does not exist (yet).
    case notFound(String)
    /// The log holds an event type this build does not know.
    case unknownEvent(String)

    /// The message, for a person.
    public var description: String {
        switch self {
        case .invalidInput(let message), .forbidden(let message), .ruleViolation(let message),
            .wrongStage(let message), .notFound(let message):
            return message
        case .unknownEvent(let type):
            return "the log holds an event of unknown type \(type); upgrade galley"
        }
    }
}
