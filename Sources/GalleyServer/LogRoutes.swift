import Foundation
import Galley
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import Transparency

/// The log's Merkle tree as C2SP tlog-tiles serves it: the latest signed checkpoint, the tiles of hashes and the
/// entry bundles (each event's chain hash). Public: they hold hashes and counts only.
struct LogRoutes {
    let pool: ConnectionPool

    /// A tile's or bundle's bytes never change once served (a partial one is named by its width), so caches may
    /// keep them for a year without asking again.
    static let immutable = "public, max-age=31536000, immutable"
    /// The checkpoint moves as the log grows: caches ask again after a few seconds.
    static let checkpointCache = "public, max-age=5"

    /// Registers the routes under `/log` on `log`, the router's `log` group (behind a token when configured so).
    func register(on log: RouterGroup<GalleyRequestContext>) {
        log.get("checkpoint") { _, _ in
            guard let latest = try await pool.withConnection({ try await LogCheckpointer.latest(on: $0) }) else {
                throw Problem(.notFound, "not-found", "Not found", detail: "the log has no signed checkpoint yet")
            }
            return Self.response(
                Array(latest.note.utf8), type: "text/plain; charset=utf-8", cache: Self.checkpointCache)
        }
        log.get("proof/:position") { _, context in
            // Only a plain decimal from 1 names an event; anything else is no proof this log has.
            let text = try context.parameters.require("position")
            guard let value = CanonicalDecimal.value(of: text), value >= 1, let position = Int64(exactly: value) else {
                throw Problem(.notFound, "not-found", "Not found", detail: "a proof is named by an event's position")
            }
            let proof = try await pool.withConnection { try await LogProofs.proof(position: position, on: $0) }
            return Self.response(Array(proof.utf8), type: "text/plain; charset=utf-8", cache: Self.checkpointCache)
        }
        log.get("tile/**") { request, _ in
            let path = String(request.uri.path.dropFirst("/log/".count))
            let resource: TileResource
            do {
                resource = try TileResource(path: path)
            } catch {
                // The path is not echoed: a hostile one could be long, or dress itself up as a message.
                throw Problem(
                    .notFound, "not-found", "Not found",
                    detail: "not a tile of the log: tiles are tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>]")
            }
            let bytes = try await pool.withConnection { connection -> [UInt8]? in
                switch resource {
                case .hashes(let tile): return try await Self.hashes(tile, on: connection)
                case .entries(let tile): return try await Self.entries(tile, on: connection)
                }
            }
            guard let bytes else {
                throw Problem(
                    .notFound, "not-found", "Not found", detail: "the log's tree has no \(resource.path) yet")
            }
            return Self.response(bytes, type: "application/octet-stream", cache: Self.immutable)
        }
    }

    /// The tile's hashes, or nil when the tree has not grown to it.
    static func hashes(_ tile: Tile, on connection: Connection) async throws -> [UInt8]? {
        do {
            return try await LogTreeStore.read([tile], on: connection)[0]
        } catch is TileMissing {
            return nil
        }
    }

    /// The entry bundle of a level 0 tile's leaves, or nil when the tree has not grown to it.
    static func entries(_ tile: Tile, on connection: Connection) async throws -> [UInt8]? {
        let entries = try await LogTreeStore.entries(of: tile, on: connection)
        return entries.count == tile.width ? EntryBundle.encode(entries) : nil
    }

    static func response(_ bytes: [UInt8], type: String, cache: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = cache
        headers[.accessControlAllowOrigin] = "*"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
