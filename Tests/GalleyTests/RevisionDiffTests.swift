import Editorial
import Foundation
import Galley
import Testing

@Suite("Revision diffs")
struct RevisionDiffTests {
    @Test("every field that changed is in the diff: kicker, bylines, desk, caption, not only headline and body")
    func everyField() throws {
        let old = ArticleContent(
            headline: "Night ferry", bylines: ["Ana Reis"], body: ["The ferry runs at 23:30."], slug: "night-ferry",
            desk: "city")
        let new = ContentChange(
            kicker: "Harbour", bylines: ["Ana Reis", "Bo Lind"], desk: "transport", photoCaption: "Pier"
        )
        .applied(to: old)
        let diff = RevisionDiff(from: 1, old, to: 2, new)
        #expect(
            diff.fields == [
                .init(field: "kicker", old: nil, new: "Harbour"),
                .init(field: "bylines", old: "Ana Reis", new: "Ana Reis; Bo Lind"),
                .init(field: "desk", old: "city", new: "transport"),
                .init(field: "photo_caption", old: nil, new: "Pier"),
            ])
        #expect(!diff.isEmpty)
        #expect(diff.headline == [.same("Night ferry")])
    }
}
