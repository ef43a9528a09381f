import Coding
import Crypto
import Foundation
import Galley

/// The "Done: …" a person sees after a form of theirs went through: the story and the version their command made.
///
/// It travels in a short-lived cookie, sealed with the session's form token, never in the address: a copied link
/// shows nobody a notice, and another session (another person at the same browser) cannot read one as theirs.
struct WebNotice: Equatable {
    var story: String
    var version: Int64

    /// The cookie's name.
    static let cookie = "galley_done"
    /// Long enough for the redirect that follows the post, short enough not to greet a page loaded much later.
    static let lifetime = 60

    /// The cookie's value: `story~version~seal`.
    func value(for session: WebSession) -> String {
        let text = "\(story)~\(version)"
        return text + "~" + Self.seal(text, session)
    }

    /// The notice a cookie holds for `session`; nil for none, a stale form, or another session's.
    init?(cookie: String?, session: WebSession) {
        guard let parts = cookie?.split(separator: "~", omittingEmptySubsequences: false), parts.count == 3,
            let version = Int64(parts[1]), version > 0,
            WebApp.same(String(parts[2]), Self.seal("\(parts[0])~\(parts[1])", session))
        else { return nil }
        story = String(parts[0])
        self.version = version
    }

    init(story: String, version: Int64) {
        self.story = story
        self.version = version
    }

    private static func seal(_ text: String, _ session: WebSession) -> String {
        let key = SymmetricKey(data: Data(("notice " + session.csrfToken).utf8))
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)).prefix(32).description
    }
}
