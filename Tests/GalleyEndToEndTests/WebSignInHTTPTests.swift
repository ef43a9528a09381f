import Foundation
import Postgres
import TestSupport
import Testing

/// The review's reproductions against a real `galley serve` behind a trusted proxy (this test, which names each
/// client in `X-Forwarded-For`): the open redirect, a stranger locking a colleague out, a disabled user's cookie.
@Suite("galley serve: signing in through HTTP")
struct WebSignInHTTPTests {
    /// One request on a connection of its own, as the proxy would pass it on for `client`.
    static func request(
        _ port: Int, _ method: String, _ target: String, client: String, cookie: String = "", form: String? = nil
    ) async throws -> (status: Int, head: String) {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-For: \(client)\r\n"
        if !cookie.isEmpty { head += "Cookie: \(cookie)\r\n" }
        if let form {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n"
        }
        let text = head + "\r\n" + (form ?? "")
        let reply = try await RawConnection.onThread {
            let connection = try RawConnection(port: port)
            connection.send(text)
            return connection.readToEnd(timeout: .seconds(60)).text
        }
        let status = Int(reply.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, String(reply.prefix { $0 != "<" }))
    }

    /// The value of a header line in a response's head, or "".
    static func header(_ name: String, in head: String) -> String {
        head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }
            .map { String($0.dropFirst(name.count + 2)) } ?? ""
    }

    /// A sign-in form for `client`: its cookie and the form's token.
    static func form(_ port: Int, client: String) async throws -> (cookie: String, token: String) {
        let reply = try await RawConnection.onThread {
            let connection = try RawConnection(port: port)
            connection.send("GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-For: \(client)\r\n\r\n")
            return connection.readToEnd(timeout: .seconds(60)).text
        }
        let cookie = header("Set-Cookie", in: reply).components(separatedBy: ";")[0]
        let token = reply.components(separatedBy: #"name="token" value=""#).dropFirst().first?.prefix(64) ?? ""
        return (cookie, String(token))
    }

    @Test("a stranger's guesses do not lock a colleague out; next stays on this site; disabling ends the session")
    func signIn() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            #expect(
                try await CommandRun.galley(["users", "add", "rep1", "--role", "reporter"], environment: environment)
                    .status == 0)
            let passwd = try await CommandRun.galley(
                ["users", "passwd", "rep1"], environment: environment, input: "the right password\n")
            #expect(passwd.status == 0)
            let server = try await ServerProcess.start(
                environment: environment, arguments: ["--trusted-proxy", "127.0.0.1"])
            let port = server.port
            let (stranger, colleague) = ("203.0.113.5", "198.51.100.1")
            let guess = try await Self.form(port, client: stranger)
            var statuses: [Int] = []
            // Five free guesses, then each waits longer: guessing on is refused within a few tries (a slow
            // machine may outwait the first one-second wait).
            for attempt in 1...10 where statuses.last != 429 {
                let reply = try await Self.request(
                    port, "POST", "/login", client: stranger, cookie: guess.cookie,
                    form: "token=\(guess.token)&name=rep1&password=guess-\(attempt)")
                statuses.append(reply.status)
                if reply.status == 429 { #expect(Int(Self.header("Retry-After", in: reply.head)) ?? 0 >= 1) }
            }
            #expect(statuses.prefix(5) == [401, 401, 401, 401, 401] && statuses.last == 429, "\(statuses)")
            // The colleague signs in at once, and a hostile next sends them home.
            let own = try await Self.form(port, client: colleague)
            let signedIn = try await Self.request(
                port, "POST", "/login", client: colleague, cookie: own.cookie,
                form: "token=\(own.token)&name=rep1&password=the+right+password&next=%2F%09%2F127.0.0.1%3A57502%2Fpwned"
            )
            #expect(signedIn.status == 303)
            #expect(Self.header("Location", in: signedIn.head) == "/")
            let session = Self.header("Set-Cookie", in: signedIn.head).components(separatedBy: ";")[0]
            #expect(session.hasPrefix("galley_session="))
            let redirect = try await Self.request(
                port, "GET", "/login?next=%2F%09%2F127.0.0.1:57502%2Fpwned", client: colleague, cookie: session)
            #expect(redirect.status == 303)
            #expect(Self.header("Location", in: redirect.head) == "/")
            #expect(try await Self.request(port, "GET", "/", client: colleague, cookie: session).status == 200)
            // Disabled and enabled again, the old cookie opens nothing.
            for step in ["disable", "enable"] {
                #expect(try await CommandRun.galley(["users", step, "rep1"], environment: environment).status == 0)
            }
            let after = try await Self.request(port, "GET", "/", client: colleague, cookie: session)
            #expect(after.status == 303)
            #expect(Self.header("Location", in: after.head).hasPrefix("/login?next="))
            #expect(await server.stop() == 0)
        }
    }
}
