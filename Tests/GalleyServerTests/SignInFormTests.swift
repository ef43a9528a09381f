import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GalleyServer

@Suite("The sign-in form's token: the HMAC of its cookie under the server's key (signed double submit)")
struct SignInFormTests {
    @Test("a token is accepted for its own cookie under its own key, and for nothing else")
    func tokens() {
        let key = SignInFormKey.random()
        let cookie = WebSignIn.randomHex()
        let token = key.token(for: cookie)
        #expect(token.count == 64 && token != cookie)
        #expect(key.accepts(token, for: cookie))
        #expect(!key.accepts(cookie, for: cookie), "the cookie's own value is no token")
        #expect(!key.accepts(token, for: WebSignIn.randomHex()), "a token is for one cookie")
        #expect(!SignInFormKey.random().accepts(token, for: cookie), "and under one key")
        #expect(!key.accepts(token.uppercased(), for: cookie.uppercased()))
        #expect(!key.accepts(String(token.dropLast()), for: cookie))
        #expect(!key.accepts("+" + token.dropFirst(), for: cookie))
        #expect(!key.accepts(nil, for: cookie) && !key.accepts(token, for: nil))
        #expect(!key.accepts("x", for: "x"))
    }

    @Test("a planted cookie with a matching form value does not get past the form check")
    func plantedCookie() async throws {
        let planted = WebSignIn.randomHex()
        try await WebSignedOutTests().app().test(.live) { client in
            for (cookie, token) in [("x", "x"), (planted, planted)] {
                try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "galley_login=\(cookie)"],
                    body: ByteBuffer(string: "token=\(token)&name=ana&password=whatever")
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains("The sign-in form had expired"))
                }
            }
            // The page keeps a well-formed cookie's value and puts its HMAC in the form, never the value itself.
            try await client.execute(uri: "/login", method: .get, headers: [.cookie: "galley_login=\(planted)"]) {
                response in
                #expect(response.headers[.setCookie]?.hasPrefix("galley_login=\(planted);") == true)
                let body = String(buffer: response.body)
                #expect(body.contains(#"<input type="hidden" name="token" value=""#))
                #expect(!body.contains(planted))
            }
        }
    }
}
