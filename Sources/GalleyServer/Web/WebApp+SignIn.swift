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
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let next = RedirectTarget.path(request.uri.queryParameters["next"].map(String.init))
        if context.webSession != nil, error == nil { return Self.redirect(next) }
        // The cookie keeps its random value across reloads (one tab's form stays good while another loads); only
        // the server can make the form's token from it.
        let cookie: String? = request.cookies[Self.loginCookie]?.value
        let value = cookie.flatMap { SignInFormKey.isCookieValue($0) ? $0 : nil } ?? WebSignIn.randomHex()
        let token = formKey.token(for: value)
        var frame = frame("Sign in", nil)
        frame.error = error
        if request.uri.queryParameters["signed_out"] != nil { frame.notice = "You are signed out." }
        var response = templates.response(LoginPage(frame: frame, name: name, next: next, token: token), status: status)
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
                var response = loginPage(request, context, name: name, error: refusal.description, status: status)
                if let retryAfter { response.headers[.retryAfter] = "\(retryAfter)" }
                return response
            }
        } catch {
            return message(error, context: context, session: nil)
        }
    }

    /// A session or sign-in cookie: HttpOnly, SameSite=Lax, Secure when the request came over TLS.
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int?) -> Cookie {
        let tls = secureCookies || request.headers[.forwardedProto]?.lowercased() == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: tls, httpOnly: true, sameSite: .lax)
    }
}
