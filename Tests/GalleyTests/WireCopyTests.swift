import Editorial
import Foundation
import Galley
import Testing

/// Wire copy in the shapes agencies send it, each a fixture written here.
@Suite("Importing wire copy")
struct WireCopyTests {
    func parse(_ text: String) throws -> ImportedStory {
        try StoryText.parse(Data(text.utf8), source: "wire.txt", desk: "world")
    }

    @Test("a dateline is kept as the dateline, out of the first paragraph and out of the claims")
    func dateline() throws {
        let story = try parse(
            """
            Lake ferry fares to rise 2.1% in spring
            By Mara Lind and Tomas Berg

            GENEVA, Dec 1 (Galley Wire) - The lake ferry will raise its fares by 2.1% in March, the operator said.

            The operator carried 4.2 million passengers last year.
            """)
        #expect(story.content.dateline == "GENEVA, Dec 1 (Galley Wire)")
        #expect(story.content.body[0] == "The lake ferry will raise its fares by 2.1% in March, the operator said.")
        #expect(!story.claims.contains { $0.text.contains("GENEVA") })
        #expect(story.content.bylines == ["Mara Lind", "Tomas Berg"])
        #expect(story.content.slug == "lake-ferry-fares-to-rise-2-1-in-spring")
    }

    @Test("bylines: 'By A in City', in capitals, directly under the headline")
    func bylines() throws {
        let inCity = try parse(
            """
            Port strike ends after nine days

            By Ana Reis in Lisbon

            Dock workers returned on Monday after a deal on pay.
            """)
        #expect(inCity.content.bylines == ["Ana Reis"])
        let capitals = try parse(
            """
            Port strike ends after nine days
            BY ANA REIS AND BO LIND

            Dock workers returned on Monday after a deal on pay.
            """)
        #expect(capitals.content.headline == "Port strike ends after nine days")
        #expect(capitals.content.bylines == ["Ana Reis", "Bo Lind"])
    }

    @Test("credits and a correction line are neither body nor claims")
    func footers() throws {
        let story = try parse(
            """
            Tram line reopens after repairs
            By Ana Reis

            LISBON (Galley Wire) — The tram line 28 reopened on Friday after 12 days of repairs.

            (This story has been corrected to say the repairs took 12 days, not 21)

            (Reporting by Ana Reis; Editing by Bo Lind)
            """)
        #expect(story.content.body == ["The tram line 28 reopened on Friday after 12 days of repairs."])
        #expect(story.content.dateline == "LISBON (Galley Wire)")
        #expect(story.content.credits == "Reporting by Ana Reis; Editing by Bo Lind")
        #expect(story.notes == ["This story has been corrected to say the repairs took 12 days, not 21"])
        #expect(story.claims.allSatisfy { !$0.text.contains("corrected") && !$0.text.contains("Reporting") })
    }

    @Test("quotations in curly and straight, double and single quotes, with their speakers")
    func quotes() throws {
        let story = try parse(
            """
            Mayor backs night buses
            By Ana Reis

            “We will run them every night of the week,” Mayor Rita Sousa said.

            "The depot is ready for the extra buses," the operator said.

            ‘Riders have waited long enough for this,’ said Councillor Joao Mendes.

            'It is a matter of safety for shift workers,' the union said. The union's members don't drive.
            """)
        let quoted = story.claims.filter { $0.speaker != nil }.map { ($0.text, $0.speaker ?? "") }
        #expect(
            quoted.map(\.0) == [
                "We will run them every night of the week", "The depot is ready for the extra buses",
                "Riders have waited long enough for this", "It is a matter of safety for shift workers",
            ])
        #expect(quoted.map(\.1) == ["Mayor Rita Sousa", "the operator", "Councillor Joao Mendes", "the union"])
    }
}
