import Coding
import Editorial
import EventStore
import Foundation
import Galley
import TestSupport
import Testing

@Suite("Reading stored event data")
struct StoredEventDataTests {
    static let moment = Date(timeIntervalSince1970: 1_790_000_000.125)

    /// One event of every kind, with optional fields both set and left out, and text that needs escaping.
    static let events: [ArticleEvent] = [
        .drafted(
            Drafted(
                content: ArticleContent(
                    headline: "Ferry \"Nordlys\" adds a night crossing", kicker: "Harbour", bylines: ["Ana Reis"],
                    body: ["Line one.\nLine two, with a tab\tand é.", ""], slug: "ferry-night", desk: "city",
                    language: "pt", photoCaption: "The quay at 23:10", originalPublicationTime: moment),
                author: "ana")),
        .drafted(
            Drafted(
                content: ArticleContent(
                    headline: "Short", bylines: [], body: [], slug: "short", desk: "sport"), author: "bo")),
        .edited(Edited(change: ContentChange(headline: "New", kicker: "", photoCaption: "Caption"), revision: 2)),
        .edited(Edited(change: ContentChange(bylines: ["A", "B"], body: ["x"], desk: "world"), revision: 3)),
        .submitted(Submitted()),
        .sentBack(SentBack(note: "Tighten the lead.")),
        .sentToFactCheck(SentToFactCheck()),
        .factCheckReopened(FactCheckReopened(signedOffRevision: 2, revision: 3)),
        .claimAdded(ClaimAdded(claim: Claim(id: "c1", text: "1,200 people", speaker: "Mayor", source: "Council"))),
        .claimAdded(ClaimAdded(claim: Claim(id: "c2", text: "No speaker"))),
        .verdictRecorded(
            VerdictRecorded(
                claimId: "c1",
                verdict: Verdict(
                    rating: .misleading, evidence: [URL(string: "https://example.org/a?b=1&c=2")!], note: "n",
                    by: "cy", at: moment))),
        .verdictConfirmed(VerdictConfirmed(claimId: "c1", revision: 3, by: "cy", at: moment)),
        .claimWithdrawn(ClaimWithdrawn(claimId: "c2", reason: "Not a claim.", by: "cy", at: moment)),
        .factCheckApproved(FactCheckApproved(signOff: SignOff(revision: 3, by: "cy", at: moment))),
        .factCheckRejected(FactCheckRejected(reasons: ["one", "two"])),
        .published(Published(publicAt: moment, revision: 3)),
        .corrected(
            Corrected(
                correction: Correction(kind: .editorsNote, text: "Fixed.", revision: 4, by: "bo", at: moment),
                change: ContentChange(headline: "Fixed"))),
        .retracted(Retracted(reason: "Wrong.")),
        .takenDown(TakenDown(reason: "Court order.", wasPublic: true)),
        .spiked(Spiked(reason: "Dropped.")),
        .commented(Commented(text: "Good 👍", revision: 1, by: "bo")),
        .assigned(Assigned(assignee: "cy", by: "bo")),
        .recalled(Recalled()),
        .pulledBack(PulledBack()),
        .unspiked(Unspiked(stage: .factCheck)),
    ]

    @Test("every kind of event reads the same from the parsed document as through JSONDecoder")
    func sameAsJSONDecoder() throws {
        let covered = Set(Self.events.map(\.kind))
        #expect(
            covered == Set(ArticleEventKind.allCases),
            "no example of \(Set(ArticleEventKind.allCases).subtracting(covered)); add one to `events`")
        for (index, event) in Self.events.enumerated() {
            // As the log stores it: the encoded data, parsed, in its canonical text.
            let stored = try JSONValue(parsing: String(decoding: try event.encodedData(), as: UTF8.self)).canonicalText
            let recorded = RecordedEvent(
                position: Int64(index + 1), streamID: "article-x", version: Int64(index + 1), type: event.typeName,
                data: stored, metadataJSON: "{}", commandID: nil, recordedAtMicroseconds: 0, hash: [])
            let throughFoundation = try ArticleEvent.decode(typeName: event.typeName, data: Data(stored.utf8))
            #expect(try ArticleEvent.decode(recorded) == throughFoundation)
            #expect(throughFoundation == event)
        }
    }

    @Test("data that does not fit its type is refused, as JSONDecoder refuses it")
    func refusals() throws {
        for (type, data, expected) in [
            ("CommentAdded", #"{"text":"x","revision":"one","by":"bo"}"#, "type mismatch at revision"),
            ("CommentAdded", #"{"text":"x","by":"bo"}"#, "no key revision"),
            ("ArticlePublished", #"{"public_at":"yesterday","revision":1}"#, "corrupted at publicAt"),
            ("ArticleSpiked", #"[]"#, "type mismatch at "),
        ] {
            let recorded = RecordedEvent(
                position: 1, streamID: "article-x", version: 1, type: type, data: data, metadataJSON: "{}",
                commandID: nil, recordedAtMicroseconds: 0, hash: [])
            // The two decoders word their errors differently; the case and the key must be the same.
            let parsed = #expect(throws: DecodingError.self) { try ArticleEvent.decode(recorded) }
            let decoded = #expect(throws: DecodingError.self) {
                try ArticleEvent.decode(typeName: type, data: Data(data.utf8))
            }
            #expect(parsed.map(\.refusal) == expected && decoded.map(\.refusal) == expected, "\(data)")
        }
        let unknown = RecordedEvent(
            position: 1, streamID: "article-x", version: 1, type: "Unknown", data: "{}", metadataJSON: "{}",
            commandID: nil, recordedAtMicroseconds: 0, hash: [])
        #expect(throws: EditorialError.unknownEvent("Unknown")) { try ArticleEvent.decode(unknown) }
        #expect(throws: EditorialError.unknownEvent("Unknown")) {
            try ArticleEvent.decode(typeName: "Unknown", data: Data("{}".utf8))
        }
    }
}
