import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

@testable import GalleyServer

@Suite("Where the web app sends a browser from client input: a path on this site, else /")
struct RedirectTargetTests {
    /// Each of these reaches another site in some browser, or after some decoder, or is no plain path.
    static let hostile = [
        "/\t/127.0.0.1:57502/pwned",  // the review's case: the query's %09 decoded; Chromium drops the tab
        "/%09/127.0.0.1:57502/pwned", "/\n/elsewhere.example", "/\r\n/elsewhere.example", "/%0d%0a/elsewhere.example",
        "/%0A/elsewhere.example", "/ /elsewhere.example", "/%20/elsewhere.example", "/\u{0}/elsewhere.example",
        "/%00/elsewhere.example", "//elsewhere.example", "//elsewhere.example/path", "///elsewhere.example",
        "/\\elsewhere.example", "\\\\elsewhere.example", "/\\/elsewhere.example", "/%5Celsewhere.example",
        "/%5C/elsewhere.example", "/%2Felsewhere.example", "/%2F/elsewhere.example", "%2F%2Felsewhere.example",
        "/%252F%252Felsewhere.example", "/%25252F%25252Felsewhere.example", "/%2525252F%2525252Felsewhere.example",
        "https://elsewhere.example", "http:elsewhere.example", "javascript:alert(1)", "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "elsewhere.example", "stories/abc", " /stories/abc",
        "/stories/abc ", "", "/\u{2028}/elsewhere.example", "/%E2%80%A8/elsewhere.example",
        "/\u{200B}/elsewhere.example", "/%E2%80%8B/elsewhere.example", "/\u{3000}/elsewhere.example",
        "/%E3%80%80/elsewhere.example", "/\u{FF0F}elsewhere.example", "/\u{7F}/elsewhere.example",
        "/%7F/elsewhere.example", "/%C2%85/elsewhere.example", "/stories/abc\\..\\..\\elsewhere",
        "/" + String(repeating: "a", count: 2_001),
    ]

    @Test("hostile places go to /; plain paths of this site are kept as they are", arguments: hostile)
    func hostilePlace(_ next: String) {
        #expect(RedirectTarget.path(next) == "/", "\(next.debugDescription) was let through")
    }

    @Test("paths of this site are kept, query and encoded text included")
    func plainPaths() {
        for path in [
            "/", "/stories/abc", "/stories/abc?x=1", "/stories/abc/history?version=2", "/?desk=city&mine=1",
            "/search?q=caf%C3%A9", "/search?q=a%2Fb", "/stories/abc#claims", "/.//x",
        ] {
            #expect(RedirectTarget.path(path) == path)
        }
        #expect(RedirectTarget.path(nil) == "/")
    }

    @Test("the sign-in page keeps only a path of this site as where to go next")
    func loginPage() async throws {
        try await WebSignedOutTests().app().test(.live) { client in
            try await client.execute(uri: "/login?next=%2F%09%2F127.0.0.1:57502%2Fpwned", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#"<input type="hidden" name="next" value="/">"#))
                #expect(!body.contains("pwned"))
            }
            try await client.execute(uri: "/login?next=%2Fstories%2Fabc%3Fx%3D1", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"name="next" value="/stories/abc?x"#))
            }
        }
    }
}
