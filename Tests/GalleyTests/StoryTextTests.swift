import Editorial
import Foundation
import Galley
import Testing

@Suite("Importing a plain-text story")
struct StoryTextTests {
    static let story = """
        Thursday March 6, 2025

        Transit

        Harbour ferry adds a night crossing after "years of waiting"

        Published : 5 March 2025, 18:40

          By Lena Okafor
        The ferry Marisol leaves the east pier. Photo: Galley Desk.

        The harbour ferry will run a crossing at 23:30 from April, the port authority said on Wednesday.

        "Night workers have asked for this for years, and the numbers finally add up," said Port Director Ines Carvalho. Carvalho said the crossing would cost the authority about 410,000 euros a year.

        According to the riders' association, some 1,200 people cross the harbour after 22:00 on a weekday. "Most of them are nurses, cooks and cleaners who now take two buses," the association said.

        The new crossing was first proposed in 2019.
        """

    func parse(_ text: String) throws -> ImportedStory {
        try StoryText.parse(Data(text.utf8), source: "story.txt", desk: "city")
    }

    @Test("reads kicker, headline, publication time, byline, caption and paragraphs")
    func fields() throws {
        let imported = try parse(Self.story)
        let content = imported.content
        #expect(content.kicker == "Transit")
        #expect(content.headline == "Harbour ferry adds a night crossing after \"years of waiting\"")
        #expect(content.bylines == ["Lena Okafor"])
        #expect(content.photoCaption == "The ferry Marisol leaves the east pier. Photo: Galley Desk.")
        #expect(content.body.count == 4)
        #expect(content.body[3] == "The new crossing was first proposed in 2019.")
        #expect(content.originalPublicationTime == Date(timeIntervalSince1970: 1_741_200_000))
        #expect(content.slug == "harbour-ferry-adds-a-night-crossing-after-years-of-waiting")
        #expect(content.desk == "city")
    }

    @Test("proposes each quotation with its speaker and each sentence that states a figure")
    func claims() throws {
        let claims = try parse(Self.story).claims
        let quotes = claims.filter { $0.speaker != nil }
        #expect(
            quotes.map(\.speaker) == ["Port Director Ines Carvalho", "the association"],
            "\(claims.map { ($0.text, $0.speaker) })")
        #expect(quotes[0].text == "Night workers have asked for this for years, and the numbers finally add up")
        let figures = claims.filter { $0.speaker == nil }.map(\.text)
        #expect(
            figures == [
                "The harbour ferry will run a crossing at 23:30 from April, the port authority said on Wednesday.",
                "Carvalho said the crossing would cost the authority about 410,000 euros a year.",
                "According to the riders' association, some 1,200 people cross the harbour after 22:00 on a weekday.",
            ])
        #expect(claims.map(\.id) == (1...claims.count).map { "c\($0)" })
    }

    @Test("a story with a By line and no publication line still imports")
    func withoutPublishedLine() throws {
        let imported = try parse("Bridge reopens\n\nBy Sam Ortiz\n\nThe bridge reopened on Monday after 14 weeks.\n")
        #expect(imported.content.headline == "Bridge reopens")
        #expect(imported.content.bylines == ["Sam Ortiz"])
        #expect(imported.content.originalPublicationTime == nil)
        #expect(imported.claims.map(\.text) == ["The bridge reopened on Monday after 14 weeks."])
    }

    @Test("empty, binary, headless or undated input is refused with a message naming the file")
    func refusals() throws {
        let cases: [(Data, String)] = [
            (Data(), "story.txt is empty"),
            (Data("  \n\n ".utf8), "story.txt holds no text"),
            (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]), "story.txt is not UTF-8 text"),
            (Data("PK\u{03}\u{04}zip".utf8), "story.txt looks binary: it holds control characters"),
            (Data("Just one line of text.".utf8), "story.txt: found no byline"),
            (Data("Headline\n\nPublished : sometime soon\n\nBy X\n\nText.".utf8), "cannot read the publication time"),
            (Data("Headline\n\nPublished : 5 March 2025, 18:40\n\n  Desk\n".utf8), "the story has no paragraphs"),
        ]
        for (data, message) in cases {
            #expect {
                try StoryText.parse(data, source: "story.txt", desk: "city")
            } throws: { error in
                guard case .invalidInput(let text) = error as? GalleyError else { return false }
                return text.contains(message)
            }
        }
    }

    /// Each claim once: the quotation on shelter is not proposed again as its sentence, the fragment "reasonable to
    /// assess" is its sentence, the ministry CNN cited is the speaker, and "the ministry" goes by its full name.
    @Test(
        "the newsroom's sample story: each claim once, with the speaker the story gives",
        .enabled(if: FileManager.default.fileExists(atPath: SharedSample.url.path)))
    func sharedSample() throws {
        let imported = try StoryText.parse(Data(contentsOf: SharedSample.url), source: "sample", desk: "world")
        #expect(imported.content.kicker == "Call with Israeli defense chief")
        #expect(imported.content.headline == "Blinken reiterates U.S. opposition to Rafah invasion")
        #expect(imported.content.bylines == ["DF News Desk"])
        #expect(imported.content.photoCaption?.hasSuffix("File Photo: Xinhua.") == true)
        #expect(imported.content.originalPublicationTime == Date(timeIntervalSince1970: 1_715_650_080))
        let claims = imported.claims.map { "\($0.id) \($0.speaker ?? "nobody"): \($0.text)" }
        let miller = "State Department Spokesperson Matthew Miller"
        let ministry = "the Israeli Defense Ministry"
        #expect(
            claims == [
                "c1 \(miller): reaffirmed the U.S. opposition to a major military ground operation in Rafah, where "
                    + "over one million people have taken shelter",
                "c2 \(miller): The Secretary underscored the urgent need to protect civilians and aid workers in Gaza "
                    + "and urged the Minister to ensure assistance can move into Gaza and help address distribution "
                    + "challenges inside of Gaza as Israel pursues Hamas targets",
                "c3 \(ministry): developments in Gaza, including (Israel Defense Forces) operations across the Strip "
                    + "in the face of terror hotspots",
                "c4 \(ministry): the precise operation in the Rafah area against remaining Hamas battalions, while "
                    + "securing the crossing",
                "c5 nobody: Earlier this month, Biden signed off on a pause of 3,500 bombs intended for Israel in the "
                    + "near term, for fear that they will be dropped in Rafah.",
                "c6 the Biden administration: In a high stakes State Department report that was published behind "
                    + "schedule on Friday, the Biden administration said that it is \"reasonable to assess\" that U.S. "
                    + "weapons supplied to Israel may have been used in violation of international law.",
            ])
    }
}

/// The sample story beside the project, when this checkout has it.
enum SharedSample {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/samples/000_e8428e75a6338428.txt")
}
