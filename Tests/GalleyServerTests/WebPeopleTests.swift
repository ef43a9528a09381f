import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

/// The People pages against the real cluster: what an admin does there is what `galley users` and `galley tokens`
/// do, recorded in the log as made by that admin; nobody else gets in.
@Suite("People in the web app")
struct WebPeopleTests {
    /// A signed-in browser: its cookie and its forms' token.
    struct Browser: Sendable {
        var secret: String
        var csrf: String

        func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
            try await client.execute(uri: uri, method: .get, headers: [.cookie: "galley_session=\(secret)"])
        }

        func post(_ client: some TestClientProtocol, _ uri: String, _ form: String) async throws -> TestResponse {
            try await client.execute(
                uri: uri, method: .post,
                headers: [.cookie: "galley_session=\(secret)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&" + form))
        }
    }

    /// Runs `body` with the web app over a fresh database that has an admin (ada) and a reporter (ana), signed in.
    func withPeople(
        _ body:
            @escaping @Sendable (any TestClientProtocol, ConnectionPool, _ ada: Browser, _ ana: Browser) async throws
            -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            let server = GalleyServer(database: configuration)
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            do {
                let signIn = WebSignIn(pool: pool)
                var browsers: [Browser] = []
                for (name, role) in [("ada", Role.admin), ("ana", .reporter)] {
                    try await UserDirectory(pool: pool).add(name, roles: [role], by: "system:test")
                    try await signIn.setPassword(name, "correct horse battery", by: "system:test")
                    let (secret, session) = try await signIn.signIn(
                        name: name, password: "correct horse battery", from: "127.0.0.1")
                    browsers.append(Browser(secret: secret, csrf: session.csrfToken))
                }
                let router = server.makeRouter(
                    pool: pool, projections: ProjectionRunner(configuration: configuration),
                    tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                    feed: LogFeed(configuration: configuration, logger: server.logger),
                    templates: try await WebTemplates.load())
                let (ada, ana) = (browsers[0], browsers[1])
                try await Application(router: router).test(.router) { client in
                    try await body(client, pool, ada, ana)
                }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    @Test("someone who is not an admin is refused every People page and form with 403, and sees no link to them")
    func notAdmin() async throws {
        try await withPeople { client, pool, _, ana in
            for uri in ["/people", "/people/ada"] {
                let page = try await ana.get(client, uri)
                #expect(page.status == .forbidden, "\(uri)")
                #expect(
                    String(buffer: page.body).contains("only admins manage people; ask an admin to make the change"))
            }
            let post = try await ana.post(client, "/people", "name=eve&role=admin")
            #expect(post.status == .forbidden)
            let roles = try await ana.post(client, "/people/ana/roles", "role=admin")
            #expect(roles.status == .forbidden)
            #expect(try await UserDirectory(pool: pool).find("eve") == nil)
            #expect(try await UserDirectory(pool: pool).find("ana")?.roles == [.reporter])
            let board = String(buffer: try await ana.get(client, "/").body)
            #expect(!board.contains("href=\"/people\""))
        }
    }

    @Test("an admin adds a person, changes their roles, display name and state; the log says the admin did")
    func adminChanges() async throws {
        try await withPeople { client, pool, ada, _ in
            let list = String(buffer: try await ada.get(client, "/people").body)
            #expect(list.contains("href=\"/people\" aria-current=\"page\">People</a>"))
            #expect(list.contains("<a href=\"/people/ana\">ana</a>"))
            let added = try await ada.post(client, "/people", "name=eli&display_name=Eli+Park&role=reporter")
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/people/eli?done=added")
            let page = String(buffer: try await ada.get(client, "/people/eli?done=added").body)
            #expect(page.contains("Added. Set a password below so that they can sign in."))
            let steps: [(String, String, String)] = [
                ("roles", "role=reporter&role=editor", "/people/eli?done=roles"),
                ("roles", "role=editor&role=reporter", "/people/eli?done=roles-same"),
                ("display-name", "display_name=Eli+M.+Park", "/people/eli?done=display-name"),
                ("disable", "", "/people/eli?done=disable"),
                ("enable", "", "/people/eli?done=enable"),
            ]
            for (action, form, location) in steps {
                let response = try await ada.post(client, "/people/eli/\(action)", form)
                #expect(response.status == .seeOther && response.headers[.location] == location, "\(action) \(form)")
            }
            let eli = try #require(try await UserDirectory(pool: pool).find("eli"))
            #expect(eli.roles == [.reporter, .editor] && eli.displayName == "Eli M. Park" && !eli.disabled)
            let history = try await UserDirectory(pool: pool).history(of: "eli")
            #expect(
                history.map(\.type) == [
                    "UserAdded", "UserRolesChanged", "UserDisplayNameChanged", "UserDisabled", "UserEnabled",
                ])
            #expect(try history.map { try $0.actor() } == Array(repeating: "ada", count: 5))
        }
    }

    @Test("a refused form comes back with the message and the fields as typed, never the password; nothing is written")
    func refusals() async throws {
        try await withPeople { client, pool, ada, _ in
            let taken = try await ada.post(client, "/people", "name=ana&display_name=Another+Ana&role=editor")
            #expect(taken.status == .badRequest)
            let takenPage = String(buffer: taken.body)
            #expect(takenPage.contains("a user named ana already exists"))
            #expect(takenPage.contains("value=\"Another Ana\""))
            #expect(takenPage.contains("value=\"editor\" checked"))
            let noRole = try await ada.post(client, "/people", "name=eve")
            #expect(noRole.status == .badRequest)
            #expect(String(buffer: noRole.body).contains("tick at least one role"))
            #expect(String(buffer: noRole.body).contains("value=\"eve\""))

            let differ = try await ada.post(
                client, "/people/ana/password", "password=first+long+secret&password_again=second+long+secret")
            #expect(differ.status == .badRequest)
            let differPage = String(buffer: differ.body)
            #expect(differPage.contains("the two passwords differ; type the same password twice"))
            #expect(!differPage.contains("long secret"))
            let short = try await ada.post(client, "/people/ana/password", "password=short&password_again=short")
            #expect(String(buffer: short.body).contains("a password has at least 10 characters and at most 72 bytes"))

            let roles = try await ada.post(client, "/people/ana/roles", "role=editor&role=wizard")
            #expect(roles.status == .badRequest)
            let rolesPage = String(buffer: roles.body)
            #expect(rolesPage.contains("there is no role wizard"))
            #expect(rolesPage.contains("id=\"role-editor\" name=\"role\" value=\"editor\" checked"))
            let unknown = try await ada.get(client, "/people/nobody")
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("there is no user named nobody"))

            #expect(try await UserDirectory(pool: pool).history(of: "ana").map(\.type) == ["UserAdded", "PasswordSet"])
            #expect(try await UserDirectory(pool: pool).find("eve") == nil)
        }
    }

    @Test("an admin sets a password typed twice, which the person then signs in with, and revokes their token")
    func passwordAndTokens() async throws {
        try await withPeople { client, pool, ada, ana in
            let set = try await ada.post(
                client, "/people/ana/password", "password=a+new+long+secret&password_again=a+new+long+secret")
            #expect(set.headers[.location] == "/people/ana?done=password")
            // Her old session ended; the new password signs her in.
            #expect(try await ana.get(client, "/").status == .seeOther)
            let signIn = WebSignIn(pool: pool)
            _ = try await signIn.signIn(name: "ana", password: "a new long secret", from: "127.0.0.1")

            let (_, token) = try await TokenStore(pool: pool).issue(for: "ana", label: "laptop", by: "system:test")
            let page = String(buffer: try await ada.get(client, "/people/ana").body)
            #expect(page.contains("<code>\(token.id)</code></td><td>laptop</td>"))
            let revoked = try await ada.post(client, "/people/ana/revoke", "token=\(token.id)")
            #expect(revoked.headers[.location] == "/people/ana?done=revoke")
            let again = try await ada.post(client, "/people/ana/revoke", "token=\(token.id)")
            #expect(again.headers[.location] == "/people/ana?done=revoke-same")
            let after = String(buffer: try await ada.get(client, "/people/ana?done=revoke").body)
            #expect(after.contains("Token revoked."))
            #expect(after.contains("revoked "))
            let history = try await UserDirectory(pool: pool).history(of: "ana")
            #expect(history.suffix(3).map(\.type) == ["PasswordSet", "TokenIssued", "TokenRevoked"])
            #expect(try history.last?.actor() == "ada")
        }
    }
}
