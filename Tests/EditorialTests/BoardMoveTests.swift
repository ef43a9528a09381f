import Editorial
import Foundation
import Testing

@Suite("A board card's moves come from the domain: the user's roles and the story's stage")
struct BoardMoveTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func moves(_ stage: Stage, by actor: String, _ roles: Set<Role>, author: String = "ana", publicAt: Date? = nil)
        -> [String]
    {
        Article.moves(
            stage: stage, author: author, publicAt: publicAt,
            context: CommandContext(actor: actor, roles: roles, now: now)
        ).map { "\($0.action.rawValue)→\($0.to.rawValue)" }
    }

    @Test("given a draft, when its reporter, another reporter and an editor look, then each is offered their moves")
    func draft() {
        #expect(moves(.draft, by: "ana", [.reporter]) == ["submit→editing"])
        #expect(moves(.draft, by: "eve", [.reporter]) == [])
        #expect(moves(.draft, by: "bo", [.editor]) == ["submit→editing", "spike→spiked"])
    }

    @Test("given each later stage, when the role that moves it looks, then the moves lead to the next columns")
    func laterStages() {
        #expect(
            moves(.editing, by: "bo", [.editor]) == [
                "send-to-fact-check→fact_check", "send-back→draft", "spike→spiked",
            ])
        #expect(moves(.editing, by: "ana", [.reporter]) == [])
        #expect(moves(.factCheck, by: "cy", [.factChecker]) == ["approve→ready", "reject→editing"])
        #expect(moves(.ready, by: "bo", [.editor]) == ["publish→published", "spike→spiked"])
        #expect(moves(.ready, by: "aud", [.auditor]) == [])
        #expect(
            moves(.published, by: "bo", [.editor], publicAt: now.addingTimeInterval(3_600)) == [
                "takedown→taken_down", "spike→spiked",
            ])
        // Public: retracting it moves it to the retracted column; an embargoed one is spiked instead. Either may be
        // taken down.
        #expect(
            moves(.published, by: "bo", [.editor], publicAt: now.addingTimeInterval(-3_600)) == [
                "retract→retracted", "takedown→taken_down",
            ])
        #expect(
            moves(.retracted, by: "bo", [.editor], publicAt: now.addingTimeInterval(-3_600)) == [
                "takedown→taken_down"
            ])
        #expect(moves(.takenDown, by: "bo", [.editor], publicAt: now.addingTimeInterval(-3_600)) == [])
        #expect(moves(.published, by: "ana", [.reporter], publicAt: now.addingTimeInterval(-3_600)) == [])
    }
}
