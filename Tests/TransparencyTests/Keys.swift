import Crypto
import Transparency

/// Fixed keys for tests, so a failure reproduces byte for byte.
enum Keys {
    /// An Ed25519 key whose 32-byte seed is `byte` repeated.
    static func seed(_ byte: UInt8) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
    }

    /// The log's signer for `origin`.
    static func log(_ origin: String = "news.example/log", seed byte: UInt8 = 1) -> NoteSigner {
        try! NoteSigner(name: origin, privateKey: seed(byte), type: .ed25519)
    }

    /// A witness's cosigner.
    static func witness(_ name: String, seed byte: UInt8) -> NoteSigner {
        try! NoteSigner(name: name, privateKey: seed(byte), type: .cosignatureV1)
    }
}
