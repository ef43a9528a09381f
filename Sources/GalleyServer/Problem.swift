import Foundation
import Galley
public import Hummingbird

/// An RFC 9457 problem: every error the service answers with, as `application/problem+json`.
public struct Problem: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable URI for the kind of error, such as `urn:galley:problem:forbidden`.
    public var type: String
    /// A short, fixed summary of the kind.
    public var title: String
    /// What went wrong this time, for a person.
    public var detail: String
    /// Headers the response carries besides its type, such as `Retry-After` or `Allow`.
    public var headers = HTTPFields()

    /// A problem of one of Galley's kinds.
    public init(_ status: HTTPResponse.Status, _ kind: String, _ title: String, detail: String) {
        self.status = status
        self.type = "urn:galley:problem:\(kind)"
        self.title = title
        self.detail = detail
    }

    /// The problem an error amounts to: Galley's kinds map to their statuses; anything else is a 500 that
    /// says nothing of its insides.
    public init(_ error: any Error) {
        if let problem = error as? Problem {
            self = problem
            return
        }
        switch GalleyError.classify(error) {
        case .invalidInput(let message): self.init(.badRequest, "invalid-input", "Invalid input", detail: message)
        case .notFound(let message): self.init(.notFound, "not-found", "Not found", detail: message)
        case .forbidden(let message): self.init(.forbidden, "forbidden", "Forbidden", detail: message)
        case .conflict(let message): self.init(.conflict, "conflict", "Conflict", detail: message)
        case .held(let message):
            // Not 409: the story did not change, so the same request may simply be sent again a little later.
            self.init(.serviceUnavailable, "story-held", "Story held", detail: message)
            headers[.retryAfter] = "5"
        case .ruleViolation(let message):
            self.init(.unprocessableContent, "rule-violation", "Refused by a newsroom rule", detail: message)
        case .databaseUnavailable:
            // The message names the database's user, host, port and name: for the server's log, not the client.
            self = Problem(
                .serviceUnavailable, "database-unavailable", "Database unavailable",
                detail: "the database does not answer; try again shortly (the server's log says why)"
            ).retrying(after: 2)
        case .busy(let message):
            self = Problem(.serviceUnavailable, "busy", "Busy", detail: message).retrying(after: 5)
        case .configuration(let message):
            self.init(.internalServerError, "configuration", "Configuration error", detail: message)
        case nil:
            self.init(.internalServerError, "internal", "Internal error", detail: "an internal error; it was logged")
        }
    }

    /// The same problem, telling the client to try again after `seconds` (`Retry-After`).
    func retrying(after seconds: Int) -> Problem {
        var problem = self
        problem.headers[.retryAfter] = "\(seconds)"
        return problem
    }

    /// A 401.
    static func unauthenticated(_ detail: String) -> Problem {
        Problem(.unauthorized, "unauthenticated", "Authentication required", detail: detail)
    }

    /// The response carrying the problem.
    public var response: Response {
        let body = JSONValueWriter.problem(self)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"galley\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
