import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

@testable import GalleyServer

@Suite("The web app to a signed-out visitor, in process and with no database")
struct WebSignedOutTests {
    /// The server's own routes over a database that is never reached: none of these requests needs one.
    func app() async throws -> some ApplicationProtocol {
        let server = GalleyServer(database: try ConnectionConfiguration("host=127.0.0.1 port=1"))
        let pool = ConnectionPool(configuration: server.database, maxConnections: 1)
        let router = server.makeRouter(
            pool: pool, projections: ProjectionRunner(configuration: server.database),
            tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: server.database),
            feed: LogFeed(configuration: server.database, logger: server.logger),
            templates: try await WebTemplates.load())
        return Application(router: router)
    }

    @Test("the sign-in page carries the strict headers and a sign-in token; pages and posts send to it")
    func signedOut() async throws {
        try await app().test(.live) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy] == WebSecurityHeaders.policy)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.cacheControl] == "no-store")
                let cookie = response.headers[.setCookie] ?? ""
                #expect(
                    cookie.hasPrefix("galley_login=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
                #expect(String(buffer: response.body).contains(#"<input id="name" name="name""#))
            }
            try await client.execute(uri: "/stories/abc/history?version=2", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=%2Fstories%2Fabc%2Fhistory%3Fversion%3D2")
            }
            // A form posted after its session ended: the sign-in page says so and carries the form, to give it
            // back after sign-in; nothing is sent on the person's behalf.
            try await client.execute(
                uri: "/stories/abc/comment", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .secFetchSite: "same-origin"],
                body: ByteBuffer(string: "csrf=x&text=Check+the+%3Cb%3Efigures%3C%2Fb%3E&password=hunter22")
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .unauthorized)
                #expect(page.contains("Your session had ended"))
                #expect(page.contains(#"<input type="hidden" name="resume_to" value="/stories/abc/comment">"#))
                #expect(page.contains(#"<input type="hidden" name="next" value="/stories/abc">"#))
                // The kept form is escaped like every value, and the session's token is not kept.
                #expect(page.contains("Check the &lt;b&gt;figures&lt;/b&gt;") && !page.contains("<b>figures"))
                #expect(!page.contains("csrf"))
                #expect(!page.contains("hunter22"), "a password is never carried")
            }
            // The same post from another site is not carried: nobody's form comes back to them after sign-in.
            try await client.execute(
                uri: "/stories/abc/comment", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .secFetchSite: "cross-site"],
                body: ByteBuffer(string: "csrf=x&text=Planted")
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .unauthorized && page.contains("Your session had ended"))
                #expect(!page.contains("resume") && !page.contains("Planted"))
            }
            // A sign-in post without the form's token is refused before any name is looked at.
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=ana&password=whatever")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("The sign-in form had expired"))
            }
        }
    }

    @Test("the stylesheet and the script are cached and revalidated by their ETag")
    func assets() async throws {
        try await app().test(.live) { client in
            let etag = try await client.execute(uri: "/assets/galley.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
                return response.headers[.eTag] ?? ""
            }
            try await client.execute(uri: "/assets/galley.js", method: .get, headers: [.ifNoneMatch: etag]) {
                #expect($0.status == .notModified)
            }
            try await client.execute(uri: "/assets/nothing.js", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("a browser meets pages, not problem+json: an unknown address, a form's address loaded again, a typed /logout")
    func browserErrors() async throws {
        let html: HTTPFields = [.accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"]
        try await app().test(.live) { client in
            try await client.execute(uri: "/no-such-page", method: .get, headers: html) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = String(buffer: response.body)
                #expect(page.contains("nothing is served at /no-such-page") && page.contains(#"href="/""#))
            }
            for (address, back) in [
                ("/stories/abc/edit", "/stories/abc"), ("/stories/abc/publish", "/stories/abc"),
                ("/stories", "/stories/new"), ("/logout", "/"),
            ] {
                try await client.execute(uri: address, method: .get, headers: html) { response in
                    #expect(response.status == .seeOther, "\(address)")
                    #expect(response.headers[.location] == back, "\(address)")
                }
            }
            // The API keeps problem+json, whatever the client accepts.
            try await client.execute(uri: "/v1/nothing-here", method: .get, headers: html) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            // So does a client that does not ask for HTML.
            try await client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
