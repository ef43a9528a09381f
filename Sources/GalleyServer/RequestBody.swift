import Editorial
import EventStore
import Foundation
import Galley
import Hummingbird

/// A request's JSON body, read strictly: UTF-8, valid JSON, an object, only known fields, within the size limit.
struct JSONBody {
    let fields: [String: JSONValue]

    /// Reads the body of `request`, refusing anything but an object whose keys are all in `allowed`.
    static func read(_ request: Request, context: GalleyRequestContext, allowed: Set<String>) async throws -> JSONBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw Problem(
                .contentTooLarge, "too-large", "Body too large",
                detail: "the body is over the limit of \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else { return JSONBody(fields: [:]) }
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
        let unknown = Set(fields.keys).subtracting(allowed)
        guard unknown.isEmpty else {
            throw GalleyError.invalidInput(
                "unknown fields: \(unknown.sorted().joined(separator: ", ")); "
                    + "known: \(allowed.sorted().joined(separator: ", "))")
        }
        return JSONBody(fields: fields)
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
