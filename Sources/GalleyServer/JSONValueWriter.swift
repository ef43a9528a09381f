import Coding
import Editorial
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// JSON responses, written from `JSONValue`s so that every body has the same canonical form.
enum JSONValueWriter {
    static func problem(_ problem: Problem) -> String {
        JSONValue.object([
            "type": .string(problem.type), "title": .string(problem.title), "status": .int(Int64(problem.status.code)),
            "detail": .string(problem.detail),
        ]).canonicalText
    }

    /// A JSON response, with an ETag when it speaks for one version of a story.
    static func response(_ text: String, status: HTTPResponse.Status = .ok, version: Int64? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let version { headers[.eTag] = "\"\(version)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok, version: Int64? = nil) -> Response {
        response(value.canonicalText, status: status, version: version)
    }

    /// The response to a command.
    static func response(_ handled: HandledCommand, status: HTTPResponse.Status = .ok) -> Response {
        var response = response(self.handled(handled), status: status, version: handled.version)
        if handled.isReplay { response.headers[replayed] = "true" }
        return response
    }

    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    /// What a command did: the story, its new version, and the events it appended. A retry of the same command
    /// gets the same body (the events it appended the first time) and an `Idempotent-Replayed` header.
    static func handled(_ handled: HandledCommand) -> JSONValue {
        .object([
            "id": .string(handled.articleID), "version": .int(handled.version),
            "events": .array(
                zip(handled.events, handled.positions).map { event, position in
                    .object([
                        "type": .string(event.typeName), "position": .int(position), "summary": .string(event.summary),
                    ])
                }),
        ])
    }
}
