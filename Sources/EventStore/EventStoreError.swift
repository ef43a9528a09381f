/// Why the event store refused or could not complete a call.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream was not at the expected version; `actual` is where it is (0: it does not exist).
    case wrongExpectedVersion(stream: String, expected: ExpectedVersion, actual: Int64)
    /// The command id already appended different events to this stream.
    case commandIDReused(stream: String, commandID: String)
    /// The events cannot be appended as given (empty list, empty type, overlong stream id...).
    case invalidAppend(String)
    /// A stored event cannot be read back (it was written by something other than the store).
    case malformedEvent(String)
    /// Another process runs the subscription and did not reach `position` in time.
    case subscriptionBehind(name: String, position: Int64)
    /// Another transaction holds the stream (an open session that wrote to it) longer than an append waits.
    case streamHeld(stream: String, waited: Duration)

    /// What went wrong, for a person.
    public var description: String {
        switch self {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            let wanted: String
            switch expected {
            case .noStream: wanted = "no stream"
            case .exact(let version): wanted = "version \(version)"
            case .any: wanted = "any version"
            }
            return "stream \(stream) is at version \(actual), not \(wanted): someone else changed it first"
        case .commandIDReused(let stream, let commandID):
            return "command \(commandID) already appended different events to \(stream)"
        case .invalidAppend(let reason):
            return "cannot append: \(reason)"
        case .malformedEvent(let reason):
            return "malformed event in the log: \(reason)"
        case .streamHeld(let stream, let waited):
            return "stream \(stream) is held by another transaction; the append waited \(waited) and gave up: "
                + "try again, and if it persists look for a session left open on the events table"
        case .subscriptionBehind(let name, let position):
            return "subscription \(name) has not reached position \(position); is the process running it stuck?"
        }
    }
}
