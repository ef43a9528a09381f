public import Editorial
import EventStore
import Postgres

/// The kinds of failure every front end (CLI and HTTP) tells apart, each with a message for a person.
public enum GalleyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input cannot be used as given; nothing was written.
    case invalidInput(String)
    /// The thing asked for does not exist.
    case notFound(String)
    /// The acting user may not do this.
    case forbidden(String)
    /// Someone else changed the thing first; read again and retry.
    case conflict(String)
    /// Another transaction holds the story (a session left open on the log); nothing was written, and the same
    /// request, unchanged, may succeed shortly.
    case held(String)
    /// The newsroom's rules refuse this.
    case ruleViolation(String)
    /// The database cannot be reached.
    case databaseUnavailable(String)
    /// The service has no room for this now (its connections are taken, or the read ran out of time); the same
    /// request may succeed shortly.
    case busy(String)
    /// Galley's own set-up is wrong (migrations, configuration).
    case configuration(String)

    /// The message alone.
    public var description: String {
        switch self {
        case .invalidInput(let message), .notFound(let message), .forbidden(let message), .conflict(let message),
            .held(let message), .ruleViolation(let message), .databaseUnavailable(let message), .busy(let message),
            .configuration(let message):
            return message
        }
    }

    /// Translates the domain's refusal into the same kind.
    public init(_ error: EditorialError) {
        switch error {
        case .invalidInput(let message): self = .invalidInput(message)
        case .forbidden(let message): self = .forbidden(message)
        case .ruleViolation(let message), .wrongStage(let message): self = .ruleViolation(message)
        case .notFound(let message): self = .notFound(message)
        case .unknownEvent: self = .configuration(error.description)
        }
    }

    /// Sorts any error into one of Galley's kinds; unknown errors become nil.
    public static func classify(_ error: any Error) -> GalleyError? {
        switch error {
        case let error as GalleyError:
            return error
        case let error as EditorialError:
            return GalleyError(error)
        case let error as EventStoreError:
            switch error {
            case .wrongExpectedVersion: return .conflict(error.description)
            // Not a conflict: the story did not change, so the caller need not read it again, only wait.
            case .streamHeld: return .held(error.description)
            case .subscriptionBehind: return .databaseUnavailable(error.description)
            // A log that cannot be read or applied is Galley's fault, not the caller's.
            case .malformedEvent: return nil
            default: return .invalidInput(error.description)
            }
        case let error as MigrationError:
            return .configuration(error.description)
        case let error as PostgresError:
            switch error {
            case .poolTimeout:
                return .busy("every database connection is in use; try again shortly")
            // On a standby, a read that replay had to cancel (a conflict with recovery) may simply be tried again.
            case .server where error.isSerializationFailure:
                return .busy("the read met the database's replication; try again")
            case .server where error.isStatementCancelled:
                return .busy("the read took longer than it may; narrow it (fewer words, a filter) or try again")
            case .connectionFailed, .connectionLost, .closed:
                return .databaseUnavailable(error.description)
            // A terminated session or a standby's refusal: what a failover looks like from here.
            case .server where error.isConnectionLost:
                return .databaseUnavailable(error.description)
            case .invalidConfiguration:
                return .configuration(error.description)
            default:
                return nil
            }
        default:
            return nil
        }
    }
}
