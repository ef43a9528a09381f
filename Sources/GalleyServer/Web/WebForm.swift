import Coding
import Editorial
import Foundation
import Galley
import Hummingbird

/// A web form's fields (`application/x-www-form-urlencoded`), each checked by the one rule for text on the way in.
struct WebForm: Sendable {
    /// Every value of each field, in the order sent.
    let fields: [String: [String]]

    init(fields: [String: [String]]) {
        self.fields = fields
    }

    /// The fields as JSON, less the session's token: what the sign-in form carries for a form whose session
    /// ended, to give it back after sign-in.
    var keptText: String {
        // Never a password: it would stand in a page, and be sent again.
        JSONValue.object(
            fields.filter { $0.key != "csrf" && !$0.key.contains("password") }.mapValues {
                .array($0.map(JSONValue.string))
            }
        ).canonicalText
    }

    /// A form kept by `keptText`; nil for text that is not one.
    init?(keptText: String) {
        guard case .object(let members)? = try? JSONValue(parsing: keptText) else { return nil }
        var fields: [String: [String]] = [:]
        for (name, value) in members {
            guard case .array(let values) = value else { return nil }
            fields[name] = values.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        self.fields = fields
    }

    /// Reads the body of a form post; anything else is refused before the session's token is even compared.
    static func read(_ request: Request, context: GalleyRequestContext) async throws -> WebForm {
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard type == "application/x-www-form-urlencoded" else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "a web form is sent as application/x-www-form-urlencoded")
        }
        let buffer = try await JSONBody.collect(request, context: context)
        return try WebForm(encoded: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// Parses `a=1&b=two+words`; a value that is not valid percent-encoded UTF-8 is refused.
    init(encoded: String) throws {
        var fields: [String: [String]] = [:]
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw GalleyError.invalidInput("the form is not percent-encoded UTF-8")
            }
            if let problem = TextRule.problem(value, field: TextRule.echo(name), maxLength: 1 << 20) {
                throw GalleyError.invalidInput(problem)
            }
            fields[name, default: []].append(value.replacingOccurrences(of: "\r\n", with: "\n"))
        }
        self.fields = fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The field's value trimmed, nil when absent or blank.
    func text(_ name: String) -> String? {
        fields[name]?.first.map(TextRule.trimmed).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The field's value trimmed, or a refusal naming what is missing.
    func required(_ name: String, _ what: String) throws -> String {
        guard let value = text(name) else { throw GalleyError.invalidInput("give \(what)") }
        return value
    }

    /// A text area's lines, trimmed, blank ones dropped: one reason or link a line.
    func lines(_ name: String) -> [String] {
        (fields[name] ?? []).flatMap { $0.split(separator: "\n") }.map { TextRule.trimmed(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// A text area's paragraphs: the text split at blank lines.
    func paragraphs(_ name: String) -> [String]? {
        guard let text = fields[name]?.first else { return nil }
        return text.components(separatedBy: "\n\n").map(TextRule.trimmed).filter { !$0.isEmpty }
    }

    /// Whether a checkbox was ticked.
    func isChecked(_ name: String) -> Bool { fields[name]?.contains { !$0.isEmpty } ?? false }
}
