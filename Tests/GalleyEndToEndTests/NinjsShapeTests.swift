import Foundation
import Testing

/// The tests' statement of ninjs 2.3 (`NinjsShape`) must itself refuse what the schema refuses, or a passing
/// item would prove nothing.
@Suite("The ninjs 2.3 check")
struct NinjsShapeTests {
    static var valid: [String: Any] {
        [
            "uri": "urn:galley:article:abc", "type": "text", "version": "2", "pubstatus": "usable",
            "versioncreated": "2026-12-01T06:00:00Z", "headlines": [["role": "main", "value": "Ferry"]],
            "bodies": [["contenttype": "text/plain", "value": "Text.", "wordcount": 1, "charcount": 5]],
            "trustindicators": [
                ["role": "https://schema.org/ClaimReview", "title": "Fact-check", "href": "https://x.org/a"]
            ],
            "associations": [["name": "lead-photo", "uri": "urn:galley:article:abc:lead-photo", "type": "picture"]],
            "standard": [
                "name": "ninjs", "version": "2.3", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.3.json",
            ],
        ]
    }

    @Test("a well-formed item passes; each kind of fault is named")
    func faults() {
        #expect(NinjsShape.problems(Self.valid).isEmpty, "\(NinjsShape.problems(Self.valid))")
        let faults: [(String, (inout [String: Any]) -> Void, String)] = [
            ("no uri", { $0["uri"] = nil }, "item: uri is required, and a URI"),
            ("a property 2.3 does not name", { $0["bylines"] = ["Ana"] }, "item.bylines is not a ninjs 2.3 property"),
            ("a status outside the set", { $0["pubstatus"] = "gone" }, "item.pubstatus is not one of"),
            (
                "a time that is not one", { $0["versioncreated"] = "yesterday" },
                "item.versioncreated is not a date-time"
            ),
            ("a body without its value", { $0["bodies"] = [["role": "main"]] }, "item.bodies[0]: value is required"),
            (
                "a body's extra key", { $0["bodies"] = [["value": "x", "words": 1]] },
                "item.bodies[0].words is not allowed"
            ),
            (
                "a count that is text", { $0["bodies"] = [["value": "x", "wordcount": "1"]] },
                "wordcount is not a number"
            ),
            (
                "an association without its uri", { $0["associations"] = [["name": "lead-photo"]] },
                "item.associations[0]: uri is required"
            ),
            ("a trust indicator's href", { $0["trustindicators"] = [["href": "not a uri"]] }, "href is not a URI"),
        ]
        for (name, change, problem) in faults {
            var item = Self.valid
            change(&item)
            let found = NinjsShape.problems(item)
            #expect(found.contains { $0.hasPrefix(problem) || $0.contains(problem) }, "\(name): \(found)")
        }
    }
}
