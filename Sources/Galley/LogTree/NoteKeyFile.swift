import Foundation
public import Transparency

#if canImport(Glibc)
    import Glibc
#endif

/// The file that holds a private key in the signed-note private key text form: the log's key (which signs
/// checkpoints) or a witness's (which cosigns them).
public enum NoteKeyFile {
    /// Writes a new key named `name` to `path`, readable and writable by its owner alone (mode 0600), and returns
    /// it. Refuses a path that exists: a key is never overwritten, since what it signed would then have no key to
    /// check it by.
    public static func create(name: String, type: SignatureType, path: String) throws -> NoteSigner {
        let signer: NoteSigner
        do {
            signer = try NoteSigner.generate(name: name, type: type)
        } catch {
            throw GalleyError.invalidInput("cannot make a key named \(name): \(error)")
        }
        // O_EXCL with the mode given at creation: the key is never readable by others, not even for a moment.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists (a key is never overwritten)" : String(cString: strerror(errno))
            throw GalleyError.invalidInput("cannot write the key to \(path): \(reason)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data((signer.privateKeyText + "\n").utf8))
        try handle.close()
        return signer
    }

    /// Reads the key of `type` at `path`; throws ``GalleyError/configuration(_:)`` naming the file when it cannot.
    public static func read(path: String, type: SignatureType) throws -> NoteSigner {
        let kind = type == .ed25519 ? "log key" : "witness key"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw GalleyError.configuration("cannot read the \(kind) \(path)")
        }
        let signer: NoteSigner
        do {
            signer = try NoteSigner(privateKeyText: text)
        } catch {
            throw GalleyError.configuration("the \(kind) \(path) is not a private key: \(error)")
        }
        guard signer.verifier.type == type else {
            let other = type == .ed25519 ? "a witness's cosigning key" : "a log's signing key"
            throw GalleyError.configuration("\(path) is \(other), not a \(kind)")
        }
        return signer
    }
}
