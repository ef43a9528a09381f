import Crypto
import Editorial
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import Logging

/// Signing in and out: the sign-in form, its signed token, and the session cookie.
extension WebApp {
    func loginPage(
        _ request: Request, _ context: GalleyRequestContext, name: String = "", error: String? = nil,
        status: HTTPResponse.Status = .ok, next: String? = nil, resume: Resume? = nil
    ) -> Response {
        let next = RedirectTarget.path(next ?? request.uri.queryParameters["next"].map(String.init))
        if context.webSession != nil, error == nil { return Self.redirect(next) }
        // The cookie keeps its random value across reloads (one tab's form stays good while another loads); only
        // the server can make the form's token from it.
        let cookie: String? = request.cookies[Self.loginCookie]?.value
        let value = cookie.flatMap { SignInFormKey.isCookieValue($0) ? $0 : nil } ?? WebSignIn.randomHex()
        let token = formKey.token(for: value)
        var frame = frame("Sign in", nil)
        frame.error = error
        if request.uri.queryParameters["signed_out"] != nil {
            frame.notice = "You are signed out."
        } else if error == nil, request.cookies[WebSessionMiddleware.cookie].map({ !$0.value.isEmpty }) == true {
            frame.notice = "Your session has ended: sign in again to go on."
        }
        let page = LoginPage(
            frame: frame, name: name, next: next, token: token, resumeTo: resume?.path, resume: resume?.form.keptText)
        var response = templates.response(page, status: status)
        response.setCookie(self.cookie(Self.loginCookie, value, request: request, maxAge: 3_600))
        return response
    }

    func login(_ request: Request, _ context: GalleyRequestContext) async -> Response {
        do {
            let form = try await WebForm.read(request, context: context)
            guard formKey.accepts(form.text("token"), for: request.cookies[Self.loginCookie]?.value) else {
                return loginPage(
                    request, context, error: "The sign-in form had expired. It has been loaded again: try once more.",
                    status: .forbidden)
            }
            let name = form.text("name") ?? ""
            do {
                let address = proxies.client(
                    peer: context.channel.remoteAddress, forwardedFor: request.headers[values: .xForwardedFor])
                let (secret, session) = try await signIn.signIn(
                    name: name, password: form.fields["password"]?.first ?? "", from: address)
                context.logger.info(
                    "signed in", metadata: ["user": .string(session.user.name), "address": .string(address)])
                var response = Self.redirect(RedirectTarget.path(form.text("next")))
                if let resume = Resume(form) { response = try await resumed(resume, session: session) }
                response.setCookie(cookie(WebSessionMiddleware.cookie, secret, request: request, maxAge: nil))
                return response
            } catch let refusal as SignInRefusal {
                let (status, retryAfter): (HTTPResponse.Status, Int?) =
                    switch refusal {
                    case .wrongNameOrPassword: (.unauthorized, nil)
                    case .tooManyTries(let seconds): (.tooManyRequests, seconds)
                    case .tooManyAtOnce: (.tooManyRequests, 1)
                    case .busy: (.serviceUnavailable, 1)
                    }
                var response = loginPage(
                    request, context, name: name, error: refusal.description, status: status, next: form.text("next"),
                    resume: Resume(form))
                if let retryAfter { response.headers[.retryAfter] = "\(retryAfter)" }
                return response
            }
        } catch {
            return message(error, context: context, session: nil)
        }
    }

    /// A form posted after its session ended: where it went and what it held, carried through the sign-in form.
    struct Resume {
        var path: String
        var form: WebForm

        init(path: String, form: WebForm) {
            self.path = path
            self.form = form
        }

        /// The form the sign-in form carries, if it carries one.
        init?(_ signIn: WebForm) {
            guard let path = signIn.text("resume_to"), let form = signIn.text("resume").flatMap(WebForm.init(keptText:))
            else { return nil }
            self.init(path: path, form: form)
        }
    }

    /// A form's post whose session had ended: the sign-in page saying so, carrying the form to give it back.
    func sessionEnded(_ request: Request, _ context: GalleyRequestContext) async -> Response {
        let ended =
            "Your session had ended (signed out in another tab, idle too long, or a new password), so nothing was "
            + "saved. Sign in again and your form comes back as you left it."
        let path = request.uri.path
        let parts = path.split(separator: "/")
        // Back to the page the form was on: a story's, the new-story form; else the board.
        let next =
            path == "/stories"
            ? "/stories/new" : parts.first == "stories" && parts.count == 3 ? "/stories/\(parts[1])" : "/"
        // Only a form this site's own page sent is carried: a cross-site post (which a Lax cookie never
        // accompanies) must not come back to a person as "their" form after they sign in.
        guard Self.isSameOrigin(request), path != "/logout",
            let form = try? await WebForm.read(request, context: context)
        else {
            return loginPage(request, context, error: ended, status: .unauthorized, next: next)
        }
        let kept = form.keptText
        guard kept.utf8.count <= maxBodySize / 2 else {
            return loginPage(
                request, context,
                error: "Your session had ended, so nothing was saved. What you typed is too long to carry through "
                    + "signing in: go Back to copy it, then sign in.", status: .unauthorized, next: next)
        }
        return loginPage(
            request, context, error: ended, status: .unauthorized, next: next, resume: Resume(path: path, form: form))
    }

    /// Whether the browser says the request came from a page of this site: `Sec-Fetch-Site: same-origin`, or,
    /// from a browser that does not send it, an `Origin` naming this host.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] { return site == "same-origin" }
        guard let origin = request.headers[.origin].flatMap(URLComponents.init(string:)), let host = origin.host,
            let authority = request.head.authority
        else { return false }
        return authority == host + (origin.port.map { ":\($0)" } ?? "")
    }

    /// The form a sign-in carried, shown again as it was typed, with nothing sent: the new-story form, or its
    /// story's page with the form open.
    func resumed(_ resume: Resume, session: WebSession) async throws -> Response {
        let message = "Signed in again. This was not saved yet: check it and send it again."
        let parts = resume.path.split(separator: "/").map(String.init)
        if parts == ["stories"] {
            return newStory(session, form: resume.form, error: message)
        }
        guard parts.count == 3, parts[0] == "stories", let action = Action(rawValue: parts[2]),
            let story = try? await newsroom.story(named: parts[1])
        else { return Self.redirect(RedirectTarget.path(resume.path)) }
        return await storyAgain(
            story, session: session, message: message,
            failure: StoryPage.Failure(
                action: action, claim: resume.form.text("claim"), message: message, typed: resume.form),
            edit: action == .edit ? StoryPage.EditForm(resume.form, version: story.article.version) : nil,
            status: .ok)
    }

    /// A session or sign-in cookie: HttpOnly, SameSite=Lax, Secure when the request came over TLS.
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int?) -> Cookie {
        let tls = secureCookies || request.headers[.forwardedProto]?.lowercased() == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: tls, httpOnly: true, sameSite: .lax)
    }
}
