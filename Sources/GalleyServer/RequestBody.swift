import Coding
import Editorial
import Foundation
import Galley
import Hummingbird

/// A request's JSON body, read strictly: UTF-8, valid JSON, an object, only known fields, within the size limit.
struct JSONBody {
    let fields: [String: JSONValue]

    /// Reads the body of `request`, refusing anything but an object whose keys are all in `allowed`.
    static func read(_ request: Request, context: GalleyRequestContext, allowed: Set<String>) async throws -> JSONBody {
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "identity" {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "the body must not be encoded (Content-Encoding \(TextRule.echo(encoding))); send it as it is")
        }
        let buffer = try await collect(request, context: context)
        guard buffer.readableBytes > 0 else { return JSONBody(fields: [:]) }
        guard Self.isJSON(request.headers[.contentType]) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "a command's body is JSON: send it with Content-Type: application/json")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw GalleyError.invalidInput("the body is not UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw GalleyError.invalidInput("the body is not JSON this service takes: \(error)")
        }
        guard case .object(let fields) = value else { throw GalleyError.invalidInput("the body must be a JSON object") }
        // Every text is checked here, before anything reaches the database (PostgreSQL text cannot hold U+0000).
        for (key, member) in fields {
            if case .null = member {
                throw GalleyError.invalidInput("\(TextRule.echo(key)) is null; leave it out instead")
            }
            for text in Self.strings(in: member) {
                if let problem = TextRule.problem(text, field: TextRule.echo(key), maxLength: 1 << 20) {
                    throw GalleyError.invalidInput(problem)
                }
            }
        }
        let unknown = Set(fields.keys).subtracting(allowed)
        guard unknown.isEmpty else {
            throw GalleyError.invalidInput(
                "unknown fields: \(unknown.sorted().prefix(5).map(TextRule.echo).joined(separator: ", ")); "
                    + "known: \(allowed.sorted().joined(separator: ", "))")
        }
        return JSONBody(fields: fields)
    }

    /// The whole body of `request`, refused past the server's limit: the one place a body is read, for JSON
    /// and web forms alike.
    static func collect(_ request: Request, context: GalleyRequestContext) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw Problem(
                .contentTooLarge, "too-large", "Body too large",
                detail: "the body is over the limit of \(context.maxUploadSize) bytes")
        }
    }

    /// Whether a `Content-Type` is JSON: `application/json` or `application/*+json`, in UTF-8 if a charset is given.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let type = parts.first,
            type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
        else { return false }
        return parts.dropFirst().allSatisfy {
            !$0.hasPrefix("charset=") || ["charset=utf-8", "charset=\"utf-8\""].contains($0)
        }
    }

    /// Every string in a value, however nested.
    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let elements): elements.flatMap(strings)
        case .object(let members): members.keys.map { $0 } + members.values.flatMap(strings)
        default: []
        }
    }

    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw GalleyError.invalidInput("\(key) must be a string")
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw GalleyError.invalidInput("\(key) is required") }
        return value
    }

    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw GalleyError.invalidInput("\(key) must be true or false")
        }
    }

    func integer(_ key: String) throws -> Int64? {
        switch fields[key] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        default: throw GalleyError.invalidInput("\(key) must be a whole number")
        }
    }

    func strings(_ key: String) throws -> [String]? {
        switch fields[key] {
        case nil, .null?: return nil
        case .array(let elements)?:
            return try elements.map {
                guard case .string(let value) = $0 else { throw GalleyError.invalidInput("\(key) must hold strings") }
                return value
            }
        default: throw GalleyError.invalidInput("\(key) must be an array of strings")
        }
    }

    func time(_ key: String) throws -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = EditorialCoding.date(from: text) else {
            throw GalleyError.invalidInput("\(key) must be an RFC 3339 time such as 2026-12-01T06:00:00Z")
        }
        return date
    }

    /// The content fields an edit or a correction may change.
    func change() throws -> ContentChange {
        ContentChange(
            headline: try string("headline"), kicker: try string("kicker"), bylines: try strings("bylines"),
            body: try strings("body"), desk: try string("desk"), photoCaption: try string("photo_caption"))
    }
}
