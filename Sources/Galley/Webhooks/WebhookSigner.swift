import Crypto
public import Foundation

/// Signs a delivery as Standard Webhooks 1.0 says: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`,
/// keyed with the bytes a `whsec_` secret carries in base64.
public enum WebhookSigner {
    /// What every secret starts with.
    public static let prefix = "whsec_"

    /// A new secret: `whsec_` and 32 random bytes in base64.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
    }

    /// The key a secret carries, nil when it is not `whsec_` and base64.
    public static func key(of secret: String) -> Data? {
        guard secret.hasPrefix(prefix) else { return nil }
        return Data(base64Encoded: String(secret.dropFirst(prefix.count)))
    }

    /// The `webhook-signature` header: one `v1,SIGNATURE` a secret, separated by spaces (a rotation sends the
    /// new secret's and the old one's, so a receiver holding either accepts it).
    public static func signature(id: String, timestamp: Int64, body: Data, secrets: [String]) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        return secrets.compactMap(key(of:)).map { key in
            let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
            return "v1," + Data(mac).base64EncodedString()
        }.joined(separator: " ")
    }
}
