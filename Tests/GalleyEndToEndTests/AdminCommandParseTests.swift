import ArgumentParser
import Editorial
import Testing

@testable import galley

/// The grammar of the commands that run the newsroom rather than its stories (users, tokens, the database, the
/// log, the server), parsed in-process.
@Suite("galley: the admin and operations commands' arguments")
struct AdminCommandParseTests {
    typealias P = CommandParsing

    @Test("users add takes the name, one or more roles and a display name; a role is one of the newsroom's")
    func usersAdd() throws {
        let add = try P.parse(
            ["users", "add", "ana", "--role", "reporter", "--role", "admin", "--display-name", "Ana Reis"],
            as: Users.Add.self)
        #expect(add.name == "ana" && add.roles == [.reporter, .admin] && add.displayName == "Ana Reis")
        #expect(P.refusal(["users", "add", "ana"]) == "give at least one --role")
        #expect(P.refusal(["users", "add", "--role", "editor"]) == "Missing expected argument '<name>'")
    }

    @Test("users roles replaces the roles with one or more of the newsroom's")
    func usersRoles() throws {
        let roles = try P.parse(["users", "roles", "bo", "--role", "editor", "--as", "root"], as: Users.Roles.self)
        #expect(roles.name == "bo" && roles.roles == [.editor] && roles.admin.name == "root")
        #expect(
            P.refusal(["users", "roles", "bo", "--role", "chief"])
                == "The value 'chief' is invalid for '--role <role>'. Please provide one of 'reporter', 'editor', "
                + "'fact_checker', 'auditor' or 'admin'.")
        #expect(P.refusal(["users", "roles", "bo"]) == "give at least one --role")
    }

    @Test("users list, disable, enable, passwd and history take what they act on")
    func usersOthers() throws {
        let list = try P.parse(["users", "list", "--limit", "5", "--after", "bo", "--json"], as: Users.List.self)
        #expect(list.limit.limit == 5 && list.after == "bo" && list.output.json)
        #expect(try P.parse(["users", "disable", "ana"], as: Users.Disable.self).user.name == "ana")
        #expect(try P.parse(["users", "enable", "ana"], as: Users.Enable.self).user.name == "ana")
        #expect(try P.parse(["users", "passwd", "ana"], as: Users.Passwd.self).name == "ana")
        #expect(try P.parse(["users", "history", "ana"], as: Users.History.self).name == "ana")
        #expect(P.refusal(["users", "disable"]) == "Missing expected argument '<name>'")
    }

    @Test("users display-name sets a name or removes it with --remove, one or the other")
    func usersDisplayName() throws {
        let set = try P.parse(["users", "display-name", "ana", "Ana Reis"], as: Users.DisplayName.self)
        #expect(set.name == "ana" && set.displayName == "Ana Reis" && !set.remove)
        #expect(try P.parse(["users", "display-name", "ana", "--remove"], as: Users.DisplayName.self).remove)
        #expect(P.refusal(["users", "display-name", "ana"]) == "give a display name, or --remove")
        #expect(P.refusal(["users", "display-name", "ana", "Ana", "--remove"]) == "give a display name, or --remove")
    }

    @Test("tokens issue takes the user, a label and an RFC 3339 expiry; list and revoke what they act on")
    func tokens() throws {
        let issue = try P.parse(
            ["tokens", "issue", "bo", "--label", "laptop", "--expires-at", "2027-06-30T00:00:00Z"],
            as: Tokens.Issue.self)
        #expect(issue.user == "bo" && issue.label == "laptop" && issue.expiresAt == "2027-06-30T00:00:00Z")
        #expect(
            P.refusal(["tokens", "issue", "bo", "--expires-at", "June"])
                == "--expires-at takes an RFC 3339 time such as 2027-06-30T00:00:00Z")
        #expect(try P.parse(["tokens", "list", "--user", "bo"], as: Tokens.List.self).user == "bo")
        #expect(try P.parse(["tokens", "revoke", "7k3q"], as: Tokens.Revoke.self).id == "7k3q")
        #expect(P.refusal(["tokens", "revoke"]) == "Missing expected argument '<id>'")
    }

    @Test("export takes a format, required, and for claimreview the publisher and where stories are read")
    func export() throws {
        let export = try P.parse(
            ["export", "--format", "jsonl", "--after", "1200", "--output", "since.jsonl"], as: Export.self)
        #expect(export.format == .jsonl && export.after == 1200 && export.output == "since.jsonl")
        #expect(P.refusal(["export"]) == "Missing expected argument '--format <format>'")
        #expect(P.refusal(["export", "--format", "jsonl", "--after=-1"]) == "--after is a position, 0 or more")
    }

    @Test("events takes a checkpoint, a limit of 1 or more, --follow and --json")
    func events() throws {
        let events = try P.parse(["events", "--after", "1200", "--limit", "20", "--follow", "--json"], as: Events.self)
        #expect(events.after == 1200 && events.limit == 20 && events.follow && events.json)
        #expect(P.refusal(["events", "--limit", "0"]) == "--limit must be at least 1")
    }

    @Test("verify takes a stream or an export file, not both")
    func verify() throws {
        #expect(try P.parse(["verify", "8djpp5rg1e"], as: Verify.self).stream == "8djpp5rg1e")
        #expect(try P.parse(["verify", "--file", "log.jsonl"], as: Verify.self).file == "log.jsonl")
        #expect(P.refusal(["verify", "x", "--file", "log.jsonl"]) == "give a stream or --file, not both")
    }

    @Test("projections rebuild takes one of the projections, or none for all")
    func projections() throws {
        #expect(try P.parse(["projections", "rebuild", "board"], as: Projections.Rebuild.self).name == "board")
        #expect(try P.parse(["projections", "rebuild"], as: Projections.Rebuild.self).name == nil)
        #expect(
            P.refusal(["projections", "rebuild", "outbox"])
                == "unknown projection outbox; choose articles, board, claims, published, inbox")
        #expect(try P.parse(["projections", "status", "--json"], as: Projections.Status.self).output.json)
    }

    @Test("migrate and db status take the database and the migrations folder")
    func database() throws {
        let migrate = try P.parse(
            ["migrate", "--database-url", "postgres:///galley", "--migrations", "db/sql"], as: Migrate.self)
        #expect(migrate.database.databaseURL == "postgres:///galley" && migrate.migrations.directory == "db/sql")
        #expect(try P.parse(["db", "status", "--json"], as: Database.Status.self).output.json)
    }

    @Test("serve takes where it listens and its limits, and refuses a time zone that is not one")
    func serve() throws {
        let serve = try P.parse(
            ["serve", "--host", "0.0.0.0", "--port", "0", "--trusted-proxy", "10.0.0.1", "--secure-cookies"],
            as: Serve.self)
        #expect(serve.host == "0.0.0.0" && serve.port == 0 && serve.trustedProxies == ["10.0.0.1"])
        #expect(serve.secureCookies && serve.maxConnections == 2_000)
        #expect(
            P.refusal(["serve", "--time-zone", "Lisbon"])
                == "--time-zone: Lisbon is not a time zone name such as UTC or Europe/Lisbon")
        #expect(
            P.refusal(["serve", "--port", "eighty"]) == "The value 'eighty' is invalid for '--port <port>'")
        #expect(P.refusal(["serve", "--port", "65536"]) == "--port is 0 to 65535")
    }

    @Test("serve's public site settings: cache lifetimes of 0 or more, tombstones kept 0 to 36500 days")
    func servePublicSite() throws {
        let serve = try P.parse(
            ["serve", "--public-max-age", "0", "--public-stale-seconds", "30", "--feed-tombstone-days", "7"],
            as: Serve.self)
        #expect(serve.publicMaxAge == 0 && serve.publicStaleSeconds == 30 && serve.feedTombstoneDays == 7)
        #expect(
            P.refusal(["serve", "--public-max-age=-1"])
                == "--public-max-age and --public-stale-seconds are 0 or more")
        #expect(P.refusal(["serve", "--feed-tombstone-days", "36501"]) == "--feed-tombstone-days is 0 to 36500")
    }

    @Test("serve's counts and times in seconds or minutes are each at least 1, named when one is not")
    func serveMinimums() {
        for option in ["--max-streams", "--stream-queue", "--max-connections-per-address", "--session-idle-minutes"] {
            #expect(P.refusal(["serve", option, "0"]) == "\(option) is at least 1")
        }
        #expect(P.refusal(["serve", "--commands-per-second", "0"]) == "--commands-per-second is more than 0")
    }

    @Test("demo and version take nothing of their own")
    func demoAndVersion() throws {
        _ = try P.parse(["demo"], as: Demo.self)
        _ = try P.parse(["version"], as: Version.self)
        #expect(P.refusal(["version", "extra"]) == "Unexpected argument 'extra'")
    }
}
