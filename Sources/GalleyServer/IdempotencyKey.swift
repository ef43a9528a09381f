import Coding
import Crypto
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import Postgres

/// The `Idempotency-Key` of a request: the same request under the same key is answered as the first time and
/// appends nothing; the key reused for another request (method, route or body) is refused with 422.
///
/// The log recognizes a retried command by its command id (derived from the user, route and key) and keeps
/// the first request's digest in the events' metadata; the `idempotency_keys` table catches the key reused on
/// another route, whose command id differs.
struct IdempotencyKey {
    static let header = HTTPField.Name("Idempotency-Key")!

    /// The key as sent.
    let key: String
    /// The user who sent it: keys are each user's own.
    let user: String
    /// A digest of method, route and body.
    let digest: String
    /// The command id it stands for.
    let commandID: UUID

    /// The request's key, or nil when it sent none; a malformed key is refused.
    init?(_ request: Request, user: String?, body: JSONValue) throws {
        guard let key = request.headers[Self.header], let user else { return nil }
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else { throw GalleyError.invalidInput("Idempotency-Key is 1 to 255 visible ASCII characters") }
        self.key = key
        self.user = user
        let route = "\(request.method)\n\(request.uri.path)"
        digest = Hex.encode(SHA256.hash(data: Data("\(route)\n\(body.canonicalText)".utf8)))
        let id = Array(SHA256.hash(data: Data("\(user)\n\(route)\n\(key)".utf8)))
        commandID = UUID(
            uuid: (
                id[0], id[1], id[2], id[3], id[4], id[5], id[6] & 0x0F | 0x50, id[7], id[8] & 0x3F | 0x80, id[9],
                id[10], id[11], id[12], id[13], id[14], id[15]
            ))
    }

    /// Refuses the key when it was used for another request, as far as the table and the log know.
    func check(in pool: ConnectionPool, handled: HandledCommand? = nil) async throws {
        if let handled, handled.isReplay, let first = handled.requestDigest, first != digest {
            throw reused
        }
        guard handled == nil else { return }
        let rows = try await pool.query(
            "SELECT request_digest FROM idempotency_keys WHERE user_name = $1 AND key = $2", [user, key])
        if let row = rows.first, try row.decode("request_digest", as: String.self) != digest { throw reused }
    }

    /// Records the key once its request was carried out for the first time.
    func record(in pool: ConnectionPool) async throws {
        try await pool.query(
            """
            INSERT INTO idempotency_keys (user_name, key, request_digest) VALUES ($1, $2, $3)
            ON CONFLICT (user_name, key) DO NOTHING
            """, [user, key, digest])
    }

    /// Checks the key, carries the request out, and records the key: the one path every POST takes.
    func perform(in pool: ConnectionPool, _ body: (UUID, String) async throws -> HandledCommand) async throws
        -> HandledCommand
    {
        try await check(in: pool)
        let handled = try await body(commandID, digest)
        try await check(in: pool, handled: handled)
        if !handled.isReplay { try await record(in: pool) }
        return handled
    }

    private var reused: Problem {
        Problem(
            .unprocessableContent, "idempotency-key-reused", "Idempotency-Key reused",
            detail: "this Idempotency-Key was already used for a different request; send a new key for a new request")
    }

}
