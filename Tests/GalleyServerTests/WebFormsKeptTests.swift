import Editorial
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

/// What a person sends from the web app is never lost and never shown to anyone else: notices, moves made on the
/// board, refused forms, and forms whose session ended. In process, on a fresh database.
@Suite("The web app keeps what a person typed, and tells only them what it did")
struct WebFormsKeptTests {
    /// A router over a fresh database with ana (reporter), bo (editor) and eve (reporter) signed in, and a story
    /// of ana's submitted to the editors.
    struct Newsroom: Sendable {
        var pool: ConnectionPool
        var sessions: [String: (secret: String, csrf: String)]
        var story: String
        var formKey: SignInFormKey

        func headers(_ name: String) -> HTTPFields {
            [.cookie: "galley_session=\(sessions[name]!.secret)", .contentType: "application/x-www-form-urlencoded"]
        }

        func form(_ name: String, _ fields: String) -> ByteBuffer {
            ByteBuffer(string: "csrf=\(sessions[name]!.csrf)&\(fields)")
        }
    }

    static func withNewsroom(_ body: @Sendable (Newsroom, any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.withFresh { configuration in
            let server = GalleyServer(database: configuration)
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            do {
                let signIn = WebSignIn(pool: pool)
                var sessions: [String: (secret: String, csrf: String)] = [:]
                for (name, role) in [("ana", Role.reporter), ("bo", .editor), ("eve", .reporter)] {
                    _ = try await UserDirectory(pool: pool).add(name, roles: [role], by: "admin")
                    try await signIn.setPassword(name, "correct horse battery", by: "admin")
                    let (secret, session) = try await signIn.signIn(
                        name: name, password: "correct horse battery", from: "127.0.0.1")
                    sessions[name] = (secret, session.csrfToken)
                }
                let newsroom = Galley.Newsroom(pool: pool)
                let ana = try await newsroom.users.actor("ana")
                let drafted = try await newsroom.draft(
                    DraftRequest(
                        headline: "Ferry to run all night", kicker: nil, bylines: [], body: ["It runs all night."],
                        slug: nil, desk: "city", photoCaption: nil), by: ana)
                try await newsroom.perform(.submit, on: drafted.articleID, by: ana)
                let formKey = SignInFormKey.random()
                let router = server.makeRouter(
                    pool: pool, projections: ProjectionRunner(configuration: configuration),
                    tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                    feed: LogFeed(configuration: configuration, logger: server.logger),
                    templates: try await WebTemplates.load(), formKey: formKey)
                let setup = Newsroom(
                    pool: pool, sessions: sessions, story: drafted.articleID, formKey: formKey)
                try await Application(router: router).test(.router) { client in try await body(setup, client) }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    /// The value of the cookie `name` a response sets.
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        response.headers[values: .setCookie].lazy.compactMap { line -> String? in
            guard line.hasPrefix(name + "=") else { return nil }
            return String(line.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }

    @Test("a notice is shown once, to the session whose form caused it: never from the address, never to another")
    func noticeBelongsToItsSession() async throws {
        try await Self.withNewsroom { newsroom, client in
            let story = newsroom.story
            var notice = ""
            try await client.execute(
                uri: "/stories/\(story)/comment", method: .post, headers: newsroom.headers("bo"),
                body: newsroom.form("bo", "text=Lede+first")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/stories/\(story)")
                notice = Self.cookie(WebNotice.cookie, in: response) ?? ""
            }
            var headers = newsroom.headers("bo")
            headers[.cookie] = "galley_session=\(newsroom.sessions["bo"]!.secret); galley_done=\(notice)"
            try await client.execute(uri: "/stories/\(story)", method: .get, headers: headers) { response in
                #expect(String(buffer: response.body).contains("Done: comment on revision 1: Lede first (version 3)."))
                #expect(Self.cookie(WebNotice.cookie, in: response) == "", "the page that shows it ends it")
            }
            // The same cookie in eve's browser, and the old address with ?done=, show nobody anything.
            var eve = newsroom.headers("eve")
            eve[.cookie] = "galley_session=\(newsroom.sessions["eve"]!.secret); galley_done=\(notice)"
            try await client.execute(uri: "/stories/\(story)?done=3", method: .get, headers: eve) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(!page.contains("Done:"))
            }
        }
    }

    @Test("a move made on the board comes back to the board, at the card, with its notice")
    func boardMoveComesBack() async throws {
        try await Self.withNewsroom { newsroom, client in
            let story = newsroom.story
            try await client.execute(
                uri: "/stories/\(story)/send-to-fact-check", method: .post, headers: newsroom.headers("bo"),
                body: newsroom.form("bo", "back=%2F%3Fdesk%3Dcity%23card-\(story)")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/?desk=city#card-\(story)")
                #expect(Self.cookie(WebNotice.cookie, in: response)?.hasPrefix("\(story)~3~") == true)
            }
            // A back that leaves the site goes to the board's root instead.
            try await client.execute(
                uri: "/stories/\(story)/comment", method: .post, headers: newsroom.headers("bo"),
                body: newsroom.form("bo", "text=ok&back=%2F%2Fexample.com%2F")
            ) { response in
                #expect(response.headers[.location] == "/")
            }
        }
    }

    @Test("'Only mine' is what a person wrote or is assigned, and the filters pick desks and people from lists")
    func mineIsWrittenOrAssigned() async throws {
        try await Self.withNewsroom { newsroom, client in
            try await ProjectionRunner(configuration: newsroom.pool.configuration).catchUp(using: newsroom.pool)
            try await client.execute(uri: "/?mine=1", method: .get, headers: newsroom.headers("ana")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"id="card-\#(newsroom.story)""#), "ana wrote it; nobody is assigned")
                #expect(page.contains(#"<option value="city">city</option>"#))
                #expect(page.contains(#"<option value="bo">bo (editor)</option>"#))
            }
            try await client.execute(uri: "/?mine=1", method: .get, headers: newsroom.headers("eve")) { response in
                #expect(!String(buffer: response.body).contains(#"id="card-\#(newsroom.story)""#))
            }
        }
    }

    @Test("a refused form comes back with every field as the person typed it")
    func refusedFormKeepsFields() async throws {
        try await Self.withNewsroom { newsroom, client in
            try await client.execute(
                uri: "/stories/\(newsroom.story)/assign", method: .post, headers: newsroom.headers("bo"),
                body: newsroom.form("bo", "user=zed")
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status.code >= 400 && response.status.code < 500)
                #expect(page.contains(#"<option value="zed" selected>zed</option>"#))
            }
            try await client.execute(
                uri: "/stories/\(newsroom.story)/send-back", method: .post, headers: newsroom.headers("ana"),
                body: newsroom.form("ana", "note=Shorter+please")
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .forbidden)
                #expect(page.contains(">Shorter please</textarea>"), "the note stays in the form")
            }
        }
    }

    @Test("a form whose session ended comes back after sign-in as it was typed, and is not sent")
    func formComesBackAfterSignIn() async throws {
        try await Self.withNewsroom { newsroom, client in
            let story = newsroom.story
            let login = String(repeating: "0123456789abcdef", count: 4)
            var resumeFields = ""
            try await client.execute(
                uri: "/stories/\(story)/comment", method: .post,
                headers: [
                    .contentType: "application/x-www-form-urlencoded", .cookie: "galley_session=ended",
                    .secFetchSite: "same-origin",
                ],
                body: ByteBuffer(string: "csrf=old&text=Two+sources+confirm+it")
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .unauthorized)
                #expect(page.contains("Your session had ended"))
                let marker = #"name="resume" value=""#
                let start = try #require(page.range(of: marker)).upperBound
                resumeFields = String(page[start...].prefix { $0 != "\"" })
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let encoded = resumeFields.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "galley_login=\(login)"],
                body: ByteBuffer(
                    string: "token=\(newsroom.formKey.token(for: login))&name=bo&password=correct+horse+battery"
                        + "&next=%2Fstories%2F\(story)&resume_to=%2Fstories%2F\(story)%2Fcomment&resume=\(encoded)")
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(Self.cookie("galley_session", in: response)?.isEmpty == false, "signed in")
                #expect(page.contains(">Two sources confirm it</textarea>"))
                #expect(page.contains("This was not saved yet"))
            }
            let version = try await Galley.Newsroom(pool: newsroom.pool).story(story).article.version
            #expect(version == 2, "nothing was sent on the person's behalf")
        }
    }
}
