import Editorial
import Foundation
import Testing

/// Every kind of event written and read back: a kind that cannot be, or that reads back as another, fails here
/// before any append could put it in the log, where it would break every later fold of its story.
@Suite("Every kind of event round-trips")
struct EventRoundTripTests {
    static let moment = Date(timeIntervalSince1970: 1_795_000_000.25)

    /// An event of `kind`, with every optional field set. A switch over the kinds, so a new kind does not compile
    /// here until it has an example.
    static func example(of kind: ArticleEventKind) -> ArticleEvent {
        switch kind {
        case .drafted:
            .drafted(
                Drafted(
                    content: ArticleContent(
                        headline: "Ferry adds a night crossing", kicker: "Harbour", bylines: ["Ana Reis"],
                        body: ["Line one.", "Line two."], slug: "ferry-night", desk: "city", language: "pt",
                        photoCaption: "The quay", originalPublicationTime: moment),
                    author: "ana", proposedClaims: [Claim(id: "c1", text: "Line two.", speaker: "Mayor")]))
        case .edited: .edited(Edited(change: ContentChange(headline: "New", body: ["x"]), revision: 2))
        case .submitted: .submitted(Submitted())
        case .sentBack: .sentBack(SentBack(note: "Tighten the lead."))
        case .sentToFactCheck: .sentToFactCheck(SentToFactCheck())
        case .factCheckReopened: .factCheckReopened(FactCheckReopened(signedOffRevision: 2, revision: 3))
        case .claimAdded:
            .claimAdded(ClaimAdded(claim: Claim(id: "c1", text: "1,200 people", speaker: "Mayor", source: "Council")))
        case .verdictRecorded:
            .verdictRecorded(
                VerdictRecorded(
                    claimId: "c1",
                    verdict: Verdict(
                        rating: .accurate, evidence: [URL(string: "https://example.org/log")!], note: "Checked.",
                        by: "cy", at: moment, revision: 3)))
        case .verdictConfirmed: .verdictConfirmed(VerdictConfirmed(claimId: "c1", revision: 4, by: "cy", at: moment))
        case .claimWithdrawn:
            .claimWithdrawn(ClaimWithdrawn(claimId: "c1", reason: "Not a claim.", by: "cy", at: moment))
        case .factCheckApproved:
            .factCheckApproved(
                FactCheckApproved(
                    signOff: SignOff(
                        revision: 3, by: "cy", at: moment,
                        covered: [CoveredVerdict(claimId: "c1", rating: .accurate, revision: 3, by: "cy")])))
        case .factCheckRejected: .factCheckRejected(FactCheckRejected(reasons: ["one", "two"]))
        case .published: .published(Published(publicAt: moment, revision: 3))
        case .corrected:
            .corrected(
                Corrected(
                    correction: Correction(kind: .correction, text: "Fixed.", revision: 4, by: "bo", at: moment),
                    change: ContentChange(headline: "Fixed")))
        case .retracted: .retracted(Retracted(reason: "Wrong."))
        case .takenDown: .takenDown(TakenDown(reason: "Court order.", wasPublic: true))
        case .spiked: .spiked(Spiked(reason: "Dropped."))
        case .commented: .commented(Commented(text: "Good", revision: 1, by: "bo"))
        case .assigned: .assigned(Assigned(assignee: "cy", by: "bo"))
        case .recalled: .recalled(Recalled())
        case .pulledBack: .pulledBack(PulledBack())
        case .unspiked: .unspiked(Unspiked(stage: .factCheck))
        }
    }

    @Test("each kind is written under its type name and reads back as it was", arguments: ArticleEventKind.allCases)
    func roundTrip(_ kind: ArticleEventKind) throws {
        let event = Self.example(of: kind)
        #expect(event.kind == kind && event.typeName == kind.rawValue)
        let decoded = try ArticleEvent.decode(typeName: event.typeName, data: try event.encodedData())
        #expect(decoded == event)
    }

    @Test("type names are the ones in the log, each once, and docs/events.md lists every one")
    func typeNames() throws {
        let names = ArticleEventKind.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        let page = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/events.md"), encoding: .utf8)
        for name in names { #expect(page.contains("| `\(name)` |"), "docs/events.md lacks \(name)") }
    }
}
