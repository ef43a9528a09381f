import Coding
public import Foundation

/// The service's OpenAPI document as a contract every test response is held to: the operation must describe
/// the status (or a `default`) and the content type, and the body must match the schema, dates as standard
/// decoders read them (`ISO8601DateFormatter` with its default options).
public struct OpenAPIContract: Sendable {
    private let document: JSONValue

    /// The document at `Sources/GalleyServer/openapi.json`.
    public static let shipped: OpenAPIContract = {
        let url = TestDatabase.packageRoot.appendingPathComponent("Sources/GalleyServer/openapi.json")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? "{}"
        return OpenAPIContract(document: (try? JSONValue(parsing: text)) ?? .object([:]))
    }()

    /// What is wrong with a response to `method path` (a concrete path, such as `/v1/articles/7k3q9m2xwd`); empty
    /// when it keeps the contract.
    public func violations(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        guard let (template, operation) = operation(method: method.lowercased(), path: path) else {
            // A request the document does not describe gets a problem: 404, or 405 for a path it describes.
            guard [404, 405].contains(status), contentType == "application/problem+json",
                let value = try? JSONValue(parsing: String(decoding: body, as: UTF8.self))
            else {
                return ["\(method) \(path) is not in the OpenAPI document, and the answer is no 404 or 405 problem"]
            }
            var problems: [String] = []
            check(
                value, against: .object(["$ref": .string("#/components/schemas/Problem")]), at: "\(status) $", &problems
            )
            return problems
        }
        guard var response = operation["responses"]?[String(status)] ?? operation["responses"]?["default"] else {
            return ["\(method) \(template) does not describe status \(status)"]
        }
        if case .string(let reference)? = response["$ref"] { response = resolve(reference) ?? .object([:]) }
        guard case .object(let content)? = response["content"], method != "HEAD" else { return [] }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let media = content[type] else {
            return ["\(method) \(template) \(status) is documented as \(content.keys.sorted()), not \(type)"]
        }
        guard type.hasSuffix("json"), let schema = media["schema"] else { return [] }
        guard let value = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)) else {
            return ["\(method) \(template) \(status): the body is not JSON"]
        }
        var problems: [String] = []
        check(value, against: schema, at: "\(method) \(template) \(status) $", &problems)
        return problems
    }

    private func operation(method: String, path: String) -> (String, JSONValue)? {
        guard case .object(let paths)? = document["paths"] else { return nil }
        let parts = path.split(separator: "?").first.map { $0.split(separator: "/") } ?? []
        let lookup = method == "head" ? "get" : method
        for (template, item) in paths {
            let pattern = template.split(separator: "/")
            // `{path}` at the end stands for the rest of the path, however many segments (the log's tiles).
            let depthFits = pattern.count == parts.count || (pattern.last == "{path}" && parts.count > pattern.count)
            guard depthFits, zip(pattern, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }),
                let operation = item[lookup]
            else { continue }
            return (template, operation)
        }
        return nil
    }

    private func resolve(_ reference: String) -> JSONValue? {
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at place: String, _ problems: inout [String]) {
        var schema = schema
        if case .string(let reference)? = schema["$ref"] { schema = resolve(reference) ?? .object([:]) }
        var types: [String] = []
        switch schema["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap { if case .string(let type) = $0 { type } else { nil } }
        default: break
        }
        if !types.isEmpty, !types.contains(where: { Self.matches(value, $0) }) {
            problems.append("\(place): \(value.canonicalText.prefix(60)) is not \(types.joined(separator: " or "))")
            return
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            problems.append("\(place): \(value.canonicalText.prefix(60)) is not one of \(options.map(\.canonicalText))")
        }
        switch value {
        case .string(let text):
            if case .string("date-time")? = schema["format"], ISO8601DateFormatter().date(from: text) == nil {
                problems.append("\(place): \(text) is not a date-time standard decoders read")
            }
            if case .string("uri")? = schema["format"], URL(string: text)?.scheme == nil {
                problems.append("\(place): \(text.prefix(60)) is not a URI")
            }
            if case .string(let pattern)? = schema["pattern"],
                text.range(of: pattern, options: .regularExpression) == nil
            {
                problems.append("\(place): \(text.prefix(60)) does not match \(pattern)")
            }
        case .object(let object):
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where object[name] == nil {
                    problems.append("\(place): the required \(name) is missing")
                }
            }
            for (key, member) in object {
                if let property = schema["properties"]?[key] {
                    check(member, against: property, at: "\(place).\(key)", &problems)
                } else if case .bool(false)? = schema["additionalProperties"] {
                    problems.append("\(place): \(key) is not in the document")
                }
            }
        case .array(let elements):
            if case .int(let minimum)? = schema["minItems"], elements.count < minimum {
                problems.append("\(place): fewer than \(minimum) items")
            }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    check(element, against: items, at: "\(place)[\(index)]", &problems)
                }
            }
        default: break
        }
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("null", .null), ("boolean", .bool),
            ("integer", .int), ("number", .int):
            true
        default: false
        }
    }
}
