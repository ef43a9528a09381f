import Editorial
import Foundation
import Galley
import Testing

/// Whole stories written for these tests (Fixtures/), each in a shape the newsroom receives, and the claims an
/// import must propose from them: each once, with the speaker the story gives.
@Suite("Importing whole stories: the claims proposed")
struct ImportFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func imported(_ name: String) throws -> ImportedStory {
        let url = Self.fixtures.appendingPathComponent(name)
        return try StoryText.parse(Data(contentsOf: url), source: name, desk: "world")
    }

    func pairs(_ story: ImportedStory) -> [Pair] {
        story.claims.map { Pair(text: $0.text, speaker: $0.speaker) }
    }

    struct Pair: Equatable, CustomStringConvertible {
        var text: String
        var speaker: String?
        var description: String { "(\(text) — \(speaker ?? "nobody"))" }
    }

    /// A quotation holding a figure is proposed once, a fragment as its sentence, the cited ministry is the speaker,
    /// and "the ministry" goes by the full name given earlier.
    @Test("a news site's page: each claim once, with the speaker the story gives")
    func newsSitePage() throws {
        let story = try imported("news-site-story.txt")
        #expect(
            pairs(story) == [
                Pair(
                    text:
                        "pressed for the locks to reopen before the harvest, when some 400 barges a week use the river",
                    speaker: "Foreign Ministry Spokesperson Tomas Erlich"),
                Pair(
                    text:
                        "The Minister asked that inspections at the locks be shared between the two countries and that "
                        + "the river police be given the means to do so",
                    speaker: "Foreign Ministry Spokesperson Tomas Erlich"),
                Pair(
                    text: "joint inspections at the upper and lower locks, starting with the spring season",
                    speaker: "the Ostmark Transport Ministry"),
                Pair(
                    text: "the silting of the channel below the third lock, which only dredging can clear",
                    speaker: "the Ostmark Transport Ministry"),
                Pair(text: "Earlier this year, Ostmark closed the locks for 60 days for repairs.", speaker: nil),
                Pair(
                    text: "In a statement issued after the meeting, the Valdor government said it was \"broadly in "
                        + "agreement\" with Ostmark on the timetable.",
                    speaker: "the Valdor government"),
            ])
        #expect(story.claims.map(\.id) == ["c1", "c2", "c3", "c4", "c5", "c6"])
        #expect(
            story.content.photoCaption == "Valdor's Foreign Minister Ilse Brandt in Karsk. File Photo: Galley Wire.")
    }

    /// A speaker's next quotation in the paragraph is theirs; a quoted sentence with a figure is proposed once.
    @Test("wire copy with a dateline, two bylines and credits: each claim once, with its speaker")
    func wireCopy() throws {
        let story = try imported("wire-story.txt")
        #expect(
            pairs(story) == [
                Pair(
                    text: "The pier will take 18 months to build and will double the number of crossings",
                    speaker: "Eva Holm"),
                Pair(
                    text: "We have the money, and we have the permits. What we need now is a dry spring",
                    speaker: "Eva Holm"),
                Pair(
                    text: "Ferries now carry 2.4 million people a year across the fjord, the authority said.",
                    speaker: nil),
                Pair(text: "We expect that number to pass three million by 2030", speaker: "Eva Holm"),
                Pair(text: "Nobody loses a crossing while we build", speaker: "Eva Holm"),
            ])
        #expect(story.content.dateline == "OSLO, Nov 30 (Galley Wire)")
        #expect(story.content.bylines == ["Mara Lind", "Tomas Berg"])
        #expect(story.content.credits == "Reporting by Mara Lind in Oslo and Tomas Berg in Bergen; Editing by Ana Reis")
    }

    @Test("a quotation with no speaker in its paragraph stays with nobody: the speaker is not carried over")
    func noCarryAcrossParagraphs() throws {
        let story = try StoryText.parse(
            Data(
                """
                Pier vote passes
                By Mara Lind

                "The board voted for the pier," said Eva Holm.

                "Work starts in the spring on the north side."
                """.utf8), source: "wire.txt", desk: "world")
        #expect(
            pairs(story) == [
                Pair(text: "The board voted for the pier", speaker: "Eva Holm"),
                Pair(text: "Work starts in the spring on the north side", speaker: nil),
            ])
    }
}
