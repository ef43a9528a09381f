import Foundation
public import Transparency

#if canImport(Glibc)
    import Glibc
#endif

/// The file that holds the log's private key, in the signed-note private key text form.
public enum LogKeyFile {
    /// Writes a new key for `origin` to `path`, readable and writable by its owner alone (mode 0600), and
    /// returns it. Refuses a path that exists: a key is never overwritten, since the checkpoints it signed would
    /// then have no key to check them by.
    public static func create(origin: String, path: String) throws -> NoteSigner {
        let signer: NoteSigner
        do {
            signer = try NoteSigner.generate(name: origin)
        } catch {
            throw GalleyError.invalidInput("cannot make a key for that origin: \(error)")
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

    /// Reads the key at `path`; throws ``GalleyError/configuration(_:)`` naming the file when it cannot.
    public static func read(path: String) throws -> NoteSigner {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw GalleyError.configuration("cannot read the log key \(path)")
        }
        do {
            let signer = try NoteSigner(privateKeyText: text)
            guard signer.verifier.type == .ed25519 else {
                throw GalleyError.configuration("the log key \(path) is a witness's cosigning key, not a log key")
            }
            return signer
        } catch let error as GalleyError {
            throw error
        } catch {
            throw GalleyError.configuration("the log key \(path) is not a log key: \(error)")
        }
    }
}
