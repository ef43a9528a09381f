import ArgumentParser
import Editorial
import Testing

@testable import galley

/// The grammar of the commands that change or read a story, parsed in-process: what each accepts and the exact
/// message ArgumentParser gives for what it refuses.
@Suite("galley: the story commands' arguments")
struct StoryCommandParseTests {
    typealias P = CommandParsing

    @Test("draft takes its content as options, repeats --byline, and the shared change options")
    func draft() throws {
        let draft = try P.parse(
            [
                "draft", "--as", "ana", "--headline", "Night buses", "--byline", "Ana Reis", "--byline", "Bo Lund",
                "--slug", "night-buses", "--desk", "city", "--language", "pt-BR", "--body-file", "story.txt",
                "--id", "7k3q9m2xwd", "--json", "--database-url", "postgres:///galley",
            ], as: Draft.self)
        #expect(draft.headline == "Night buses" && draft.bylines == ["Ana Reis", "Bo Lund"])
        #expect(draft.slug == "night-buses" && draft.desk == "city" && draft.language == "pt-BR")
        #expect(draft.id == "7k3q9m2xwd" && draft.body.path == "story.txt" && draft.options.actor.name == "ana")
        #expect(draft.options.output.json && draft.options.database.databaseURL == "postgres:///galley")
    }

    @Test("draft without --headline is refused: the headline is required")
    func draftNeedsHeadline() {
        #expect(P.refusal(["draft", "--as", "ana"]) == "Missing expected argument '--headline <headline>'")
    }

    @Test("edit takes the story and only the fields that change")
    func edit() throws {
        let edit = try P.parse(
            ["edit", "7k3q", "--as", "bo", "--headline", "New", "--kicker", "", "--expected-version", "4"],
            as: Edit.self)
        #expect(edit.story.id == "7k3q" && edit.change.headline == "New" && edit.change.kicker == "")
        #expect(edit.change.desk == nil && edit.options.expectedVersion.version == 4)
    }

    @Test("a command that changes a story names the story: without it, the id is missing")
    func changeNeedsStory() {
        #expect(P.refusal(["edit", "--as", "bo", "--headline", "New"]) == "Missing expected argument '<id>'")
        #expect(P.refusal(["submit"]) == "Missing expected argument '<id>'")
    }

    @Test("--expected-version is a story version, 1 or more")
    func expectedVersionIsPositive() {
        #expect(
            P.refusal(["submit", "x", "--as", "ana", "--expected-version", "0"])
                == "--expected-version is a story version, 1 or more")
    }

    @Test("submit, send-back, spike, retract, comment and assign take the story and their one word each")
    func simpleChanges() throws {
        #expect(try P.parse(["submit", "x", "--as", "ana"], as: Submit.self).story.id == "x")
        let sendBack = try P.parse(["send-back", "x", "--as", "bo", "--note", "Source?"], as: SendBack.self)
        #expect(sendBack.story.id == "x" && sendBack.note == "Source?")
        #expect(try P.parse(["spike", "x", "--reason", "Old"], as: Spike.self).reason == "Old")
        #expect(try P.parse(["retract", "x", "--reason", "Recanted"], as: Retract.self).reason == "Recanted")
        let comment = try P.parse(["comment", "x", "On record?", "--as", "bo"], as: Comment.self)
        #expect(comment.story.id == "x" && comment.text == "On record?")
        let assign = try P.parse(["assign", "x", "cy", "--as", "bo"], as: Assign.self)
        #expect(assign.story.id == "x" && assign.user == "cy")
    }

    @Test("send-back, spike and retract say why: the note or reason is required")
    func reasonsAreRequired() {
        #expect(P.refusal(["send-back", "x", "--as", "bo"]) == "Missing expected argument '--note <note>'")
        #expect(P.refusal(["spike", "x", "--as", "bo"]) == "Missing expected argument '--reason <reason>'")
        #expect(P.refusal(["retract", "x", "--as", "bo"]) == "Missing expected argument '--reason <reason>'")
        #expect(P.refusal(["assign", "x", "--as", "bo"]) == "Missing expected argument '<user>'")
        #expect(P.refusal(["comment", "x", "--as", "bo"]) == "Missing expected argument '<text>'")
    }

    @Test("publish takes an embargo as an RFC 3339 time, and nothing else")
    func publish() throws {
        let publish = try P.parse(["publish", "x", "--as", "bo", "--at", "2026-12-01T06:00:00Z"], as: Publish.self)
        #expect(publish.story.id == "x" && publish.at == "2026-12-01T06:00:00Z")
        #expect(
            P.refusal(["publish", "x", "--as", "bo", "--at", "tomorrow"])
                == "--at takes an RFC 3339 time such as 2026-12-01T06:00:00Z, not tomorrow")
    }

    @Test("correct takes the kind, the public text and the fields that change")
    func correct() throws {
        let correct = try P.parse(
            ["correct", "x", "--as", "bo", "--kind", "clarification", "--text", "Clearer.", "--desk", "world"],
            as: Correct.self)
        #expect(correct.kind == .clarification && correct.text == "Clearer." && correct.change.desk == "world")
        #expect(
            P.refusal(["correct", "x", "--as", "bo", "--text", "t"]) == "Missing expected argument '--kind <kind>'")
    }

    @Test("show takes a version or a time, not both")
    func show() throws {
        let show = try P.parse(["show", "x", "--as", "aud", "--version", "3", "--json"], as: Show.self)
        #expect(show.story.id == "x" && show.version == 3 && show.at == nil && show.options.output.json)
        #expect(
            P.refusal(["show", "x", "--version", "3", "--at", "2026-11-28T09:00:00Z"])
                == "give --version or --at, not both")
        #expect(P.refusal(["show", "x", "--version", "0"]) == "--version is 1 or more")
        #expect(
            P.refusal(["show", "x", "--at", "noon"])
                == "--at takes an RFC 3339 time such as 2026-11-28T09:00:00Z, not noon")
    }

    @Test("list takes the filters; --stage is one of the stages, and nothing else")
    func list() throws {
        let list = try P.parse(
            ["list", "--as", "bo", "--stage", "fact_check", "--desk", "city", "--mine", "--limit", "20"],
            as: ListStories.self)
        #expect(list.filters.stage == .factCheck && list.filters.desk == "city" && list.filters.mine)
        #expect(list.filters.limit == 20 && list.options.actor.name == "bo")
        #expect(
            P.refusal(["list", "--stage", "archived"])
                == """
                The value 'archived' is invalid for '--stage <stage>'. Please provide one of the following:
                  - draft
                  - editing
                  - fact_check
                  - ready
                  - published
                  - spiked
                  - retracted
                  - taken_down
                """)
        #expect(
            P.refusal(["list", "--updated-after", "yesterday"])
                == "--updated-after takes an RFC 3339 time such as 2026-11-28T09:00:00Z")
        #expect(
            P.refusal(["search", "ferry", "--published-before", "May"])
                == "--published-before takes an RFC 3339 time such as 2026-11-28T09:00:00Z")
    }

    @Test("board takes the column length and the hours a closed story stays, 0 or more")
    func board() throws {
        let board = try P.parse(["board", "--as", "bo", "--limit", "5", "--recent-hours", "0"], as: Board.self)
        #expect(board.limit == 5 && board.recentHours == 0)
        #expect(P.refusal(["board", "--recent-hours=-1"]) == "--recent-hours is 0 or more")
        // A negative number after a space reads as an option, so the option has no value.
        #expect(P.refusal(["board", "--recent-hours", "-1"]) == "Missing value for '--recent-hours <HOURS>'")
    }

    @Test("history takes the story, a limit and the version to start after")
    func history() throws {
        let history = try P.parse(["history", "x", "--as", "aud", "--limit", "10", "--after", "2"], as: History.self)
        #expect(history.story.id == "x" && history.limit == 10 && history.after == 2)
    }

    @Test("diff takes two revisions, both required, counted from 1")
    func diff() throws {
        let diff = try P.parse(["diff", "x", "--as", "aud", "--from", "1", "--to", "3"], as: Diff.self)
        #expect(diff.story.id == "x" && diff.from == 1 && diff.to == 3)
        #expect(P.refusal(["diff", "x", "--to", "3"]) == "Missing expected argument '--from <from>'")
        #expect(P.refusal(["diff", "x", "--from", "0", "--to", "3"]) == "revisions start at 1")
    }

    @Test("search takes a query or --prefix, not both and not neither")
    func search() throws {
        let search = try P.parse(["search", "ferry -strike", "--stage", "published", "--as", "aud"], as: Search.self)
        #expect(search.query == "ferry -strike" && search.prefix == nil && search.filters.stage == .published)
        #expect(try P.parse(["search", "--prefix", "night-fe"], as: Search.self).prefix == "night-fe")
        #expect(P.refusal(["search", "ferry", "--prefix", "night"]) == "give a query, or --prefix, not both")
        #expect(P.refusal(["search"]) == "give a query, or --prefix, not both")
    }

    @Test("import takes at least one file (ArgumentParser asks for it first), a desk and a known time zone")
    func importFiles() throws {
        let imported = try P.parse(
            ["import", "--as", "bo", "--desk", "world", "--timezone", "Asia/Dhaka", "--again", "a.txt", "b.txt"],
            as: Import.self)
        #expect(imported.files == ["a.txt", "b.txt"] && imported.desk == "world" && imported.again)
        #expect(imported.timeZone == "Asia/Dhaka")
        #expect(P.refusal(["import", "--as", "bo"]) == "Missing expected argument '<files> ...'")
        #expect(P.refusal(["import", "--timezone", "Mars/Olympus", "a.txt"]) == "unknown time zone Mars/Olympus")
    }
}
