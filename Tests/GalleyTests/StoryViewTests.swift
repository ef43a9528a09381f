import Coding
import Editorial
import EventStore
import Foundation
import Galley
import Testing

@Suite("Stories as JSON")
struct StoryViewTests {
    /// A story with every field filled: kicker, caption, claims with verdicts, a sign-off, a correction, comments.
    static func story() throws -> Story {
        let moment = Date(timeIntervalSince1970: 1_764_000_000.123)
        let content = ArticleContent(
            headline: "Night ferry \"across\" the harbour", kicker: "Transit", bylines: ["Lena Okafor", "Sam Ortiz"],
            body: ["Line one.\nWith a break", "Two: é, 📰, \\ and \u{01}."], slug: "night-ferry", desk: "city",
            photoCaption: "The pier.", originalPublicationTime: moment)
        let verdict = Verdict(
            rating: .accurate, evidence: [URL(string: "https://example.org/a?b=c&d=e")!], note: "Checked.", by: "cy",
            at: moment)
        let events: [(ArticleEvent, String)] = [
            (.drafted(Drafted(content: content, author: "ana")), "ana"),
            (
                .claimAdded(ClaimAdded(claim: Claim(id: "c1", text: "1,200 riders", speaker: "Ines", source: "port"))),
                "cy"
            ),
            (.verdictRecorded(VerdictRecorded(claimId: "c1", verdict: verdict)), "cy"),
            (.factCheckApproved(FactCheckApproved(signOff: SignOff(revision: 1, by: "cy", at: moment))), "cy"),
            (.published(Published(publicAt: moment, revision: 1)), "bo"),
            (
                .corrected(
                    Corrected(
                        correction: Correction(kind: .editorsNote, text: "Noted.", revision: 2, by: "bo", at: moment),
                        change: ContentChange(headline: "Night ferry"))), "bo"
            ),
            (.commented(Commented(text: "Good.", revision: 2, by: "bo")), "bo"),
            (.assigned(Assigned(assignee: "cy", by: "bo")), "bo"),
        ]
        let recorded = try events.enumerated().map { index, pair in
            RecordedEvent(
                position: Int64(index + 1), streamID: "article-x1", version: Int64(index + 1), type: pair.0.typeName,
                data: String(decoding: try pair.0.encodedData(), as: UTF8.self),
                metadataJSON: EventMetadata(actor: pair.1).json(schemaVersion: 1).canonicalText, commandID: nil,
                recordedAtMicroseconds: 1_764_000_000_123_000 + Int64(index) * 1_000, hash: [])
        }
        return try Story(id: "x1", events: recorded)
    }

    @Test("the JSON a story is written as reads back as the same story")
    func roundTrip() throws {
        let view = StoryView(try Self.story())
        let decoded = try EditorialCoding.decoder.decode(StoryView.self, from: Data(view.json().utf8))
        // Times travel to the second (what standard RFC 3339 decoders read), so the test compares what is
        // written, not the doubles inside Dates.
        #expect(decoded.json() == view.json())
        #expect(decoded.claims.map(\.id) == view.claims.map(\.id) && decoded.body == view.body)
        #expect(decoded.corrections.count == 1)
        #expect(view.claims.first?.verdict?.evidence.first?.absoluteString == "https://example.org/a?b=c&d=e")
        #expect(view.json().contains("\"created_at\":\"2025-11-24T16:00:00Z\""))
    }
}
