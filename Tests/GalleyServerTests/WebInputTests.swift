import Editorial
import Foundation
import Galley
import Mustache
import Testing

@testable import GalleyServer

@Suite("The web app's input: forms, typed times, where to go after signing in")
struct WebInputTests {
    @Test("a form's fields are percent-decoded, trimmed, split into lines and paragraphs; bad text is refused")
    func forms() throws {
        let form = try WebForm(
            encoded: "headline=+Ferry+%26+bus+&body=One.%0D%0A%0D%0ATwo.&reasons=a%0Ab%0A%0A&x=1&x=2")
        #expect(form.text("headline") == "Ferry & bus")
        #expect(form.paragraphs("body") == ["One.", "Two."])
        #expect(form.lines("reasons") == ["a", "b"])
        #expect(form.fields["x"] == ["1", "2"])
        #expect(form.text("missing") == nil)
        #expect(throws: GalleyError.invalidInput("give the headline")) { try form.required("missing", "the headline") }
        #expect(throws: GalleyError.invalidInput("the form is not percent-encoded UTF-8")) {
            try WebForm(encoded: "a=%FF")
        }
        #expect(
            throws: GalleyError.invalidInput(
                "a holds a control character (such as U+0000); only tab and line breaks are allowed")
        ) { try WebForm(encoded: "a=x%00y") }
    }

    @Test("a typed time is read in the server's zone, or as RFC 3339; an impossible one is refused")
    func times() {
        let lisbon = WebTime(zone: TimeZone(identifier: "Europe/Lisbon")!)
        // Lisbon is an hour ahead of UTC in summer.
        #expect(lisbon.parse("2026-07-01T09:30") == Date(timeIntervalSince1970: 1_782_894_600))
        #expect(lisbon.parse("2026-07-01T08:30:00Z") == Date(timeIntervalSince1970: 1_782_894_600))
        #expect(lisbon.parse("2026-02-30T09:30") == nil)
        #expect(lisbon.parse("tomorrow") == nil)
        #expect(lisbon.local(Date(timeIntervalSince1970: 1_782_894_600)) == "2026-07-01T09:30")
        #expect(lisbon.format(Date(timeIntervalSince1970: 1_782_894_600)) == "1 Jul 2026, 09:30 Europe/Lisbon")
    }

    @Test("a form's token is compared whole (where to go after signing in: RedirectTargetTests)")
    func sameToken() {
        #expect(WebApp.same("abc", "abc") && !WebApp.same("abd", "abc") && !WebApp.same(nil, "abc"))
    }

    @Test("an edit made on an older version keeps what the person changed and takes the rest as it is now")
    func mergeAfterConflict() {
        let loaded = ArticleContent(
            headline: "Tram closes", bylines: ["Ana"], body: ["A week."], slug: "t", desk: "city")
        var now = loaded
        now.headline = "Tram closes for two weeks"
        let mine = ContentChange(
            headline: "Tram closes", bylines: ["Ana"], body: ["A week; buses replace it."], desk: "city")
        let merged = WebCommand.merge(mine, loaded: loaded, now: now)
        #expect(merged.headline == "Tram closes for two weeks")
        #expect(merged.body == ["A week; buses replace it."])
        #expect(merged.desk == "city" && merged.bylines == ["Ana"])
    }

    @Test("a card without an assignee says none, whatever the board's own filter holds")
    func cardWithoutAssignee() async throws {
        let templates = try await WebTemplates.load()
        let card = BoardPage.Card(
            id: "s1", slug: "s", headline: "Ferry", desk: "city", assignee: nil, author: nil, inStage: "1 h",
            stageSince: "", openNote: nil, words: "3 words", releases: nil, releasesAt: nil, moves: [])
        let page = BoardPage(
            frame: Frame(title: "Board", user: nil, csrf: "", zone: "UTC", current: "board"), desks: [],
            people: [Choice(value: "", label: "Anyone", selected: true)], assignees: [], mine: false, filtered: false,
            recentHours: 48,
            columns: [BoardPage.Column(name: "draft", title: "Draft", count: 1, cards: [card], more: nil)],
            position: 0)
        let html = templates.library.render(page, withTemplate: "board") ?? ""
        #expect(html.contains("<dt>Assignee</dt><dd>none</dd>"))
    }
}
