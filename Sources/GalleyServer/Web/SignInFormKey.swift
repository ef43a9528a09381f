import Coding
import Crypto
import Foundation

/// Signs the sign-in form's token (OWASP's signed double submit): the `galley_login` cookie holds a random value and
/// the form the HMAC-SHA256 of it under a server key, so that a cookie planted for the host, without its HMAC, cannot
/// sign anyone in.
struct SignInFormKey: Sendable {
    /// The key's bytes (Crypto's `SymmetricKey` is not `Sendable`; one is made from them for each use).
    private let bytes: Data

    /// Signs with `key`: random at each start, or the same for every instance from configuration.
    init(_ key: Data) {
        bytes = key
    }

    /// A random key of 256 bits.
    static func random() -> SignInFormKey {
        SignInFormKey(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    private var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// The form's token for a cookie value, as hex.
    func token(for cookie: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(cookie.utf8), using: key))
    }

    /// Whether `token` is the token of `cookie`; compared in time that does not depend on where they differ.
    func accepts(_ token: String?, for cookie: String?) -> Bool {
        guard let cookie, Self.isCookieValue(cookie), let token, let code = Self.code(hex: token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Data(cookie.utf8), using: key)
    }

    /// Whether a cookie value is one this server makes: 64 hex digits (see `WebSignIn.randomHex`).
    static func isCookieValue(_ value: String) -> Bool {
        value.utf8.count == 64 && value.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// 32 bytes from 64 hex digits, or nil.
    private static func code(hex: String) -> Data? {
        Hex.decode(hex).flatMap { $0.count == 32 ? Data($0) : nil }
    }
}
