import Foundation
import TestSupport
import Testing

@testable import GalleyServer

@Suite("Every key a template looks up is one a view answers")
struct WebTemplateKeyTests {
    /// The names a template looks up: each part of `{{a.b}}`, `{{#a}}`, `{{^a}}` and `{{{a}}}`; not partials,
    /// parents, blocks, comments or `{{.}}`.
    static func keys(in template: String) throws -> Set<String> {
        let tag = try Regex(#"\{\{\{?\s*([#^/&<>$!]?)\s*([^}]*?)\s*\}?\}\}"#)
        var keys: Set<String> = []
        for match in template.matches(of: tag) {
            let sigil = match.output[1].substring.map(String.init) ?? ""
            let name = match.output[2].substring.map(String.init) ?? ""
            guard ["", "#", "^", "&"].contains(sigil), name != "." else { continue }
            keys.formUnion(name.split(separator: ".").map(String.init))
        }
        return keys
    }

    @Test("each template's keys are answered by the views, and each page's template is there")
    func keysAnswered() throws {
        let folder = TestDatabase.packageRoot.appendingPathComponent("Sources/GalleyServer/Web/Templates")
        let answered = WebTemplates.views.reduce(into: Set<String>()) { $0.formUnion($1.templateKeyNames) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        for file in files {
            let template = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let unknown = try Self.keys(in: template).subtracting(answered).sorted()
            #expect(unknown.isEmpty, "\(file) looks up \(unknown), which no view answers: it would render nothing")
        }
        let names = Set(files.map { String($0.dropLast(".mustache".count)) })
        #expect(Set(WebTemplates.pages.map { $0.template } + WebTemplates.partials) == names)
    }

    @Test("the look-up reads tags as the templates write them")
    func tagReading() throws {
        #expect(
            try Self.keys(in: "{{<layout}}{{$main}}{{#a.b}}{{c}}{{{d}}}{{^e}}{{/e}}{{> control}}{{.}}{{! note }}")
                == ["a", "b", "c", "d", "e"])
    }
}
