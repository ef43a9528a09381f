import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import Postgres
import Transparency

/// Asks every witness to cosign the latest checkpoint, with a consistency proof from the last checkpoint that
/// witness cosigned, and keeps each cosignature that verifies under the witness's key.
///
/// A witness that refuses (its answer is not 200 after one retry at the size it names) leaves the checkpoint
/// without its cosignature, and the refusal is logged as an error: a witness that will not cosign has seen a log
/// that does not extend what it saw before, or cannot be reached.
public struct CheckpointWitnessing: Sendable {
    /// The witnesses to ask.
    public let witnesses: [LogWitness]
    /// How long one request may take.
    public var timeout: Duration = .seconds(10)
    /// Where refusals are told.
    public var logger: Logger

    /// Asks `witnesses`.
    public init(witnesses: [LogWitness], logger: Logger) {
        self.witnesses = witnesses
        self.logger = logger
    }

    /// Why a witness gave no cosignature.
    public struct Refusal: Error, CustomStringConvertible {
        /// The witness's name.
        public let witness: String
        /// The HTTP status it answered, if it answered.
        public let status: Int?
        /// What it said, or what went wrong.
        public let reason: String

        /// One sentence for the log's operator.
        public var description: String {
            "witness \(witness) did not cosign" + (status.map { " (HTTP \($0))" } ?? "") + ": \(reason)"
        }
    }

    /// Asks each witness that has not cosigned the latest checkpoint yet; returns the refusals (empty when every
    /// witness has cosigned). Nothing is asked when there is no checkpoint.
    @discardableResult
    public func cosignLatest(pool: ConnectionPool) async -> [Refusal] {
        guard !witnesses.isEmpty else { return [] }
        var refusals: [Refusal] = []
        for witness in witnesses {
            do {
                try await cosign(by: witness, pool: pool)
            } catch let refusal as Refusal {
                logger.error("a witness refused the log's checkpoint", metadata: ["refusal": "\(refusal)"])
                refusals.append(refusal)
            } catch {
                let refusal = Refusal(witness: witness.verifier.name, status: nil, reason: "\(error)")
                logger.error("a witness could not be asked", metadata: ["refusal": "\(refusal)"])
                refusals.append(refusal)
            }
        }
        return refusals
    }

    private func cosign(by witness: LogWitness, pool: ConnectionPool) async throws {
        let name = witness.verifier.name
        guard let latest = try await pool.withConnection({ try await LogCheckpointer.latest(on: $0) }) else { return }
        let note = try SignedNote(parsing: latest.note)
        guard try note.verifiedKeys(among: [witness.verifier]).isEmpty else { return }
        var oldSize = try await pool.withConnection { try await LogCheckpointer.lastCosigned(by: name, on: $0) }
        // A first request may name the wrong size (a witness that cosigned for a lost answer): it answers 409 with
        // its own, and the second request proves consistency from there.
        for attempt in 1...2 {
            guard oldSize <= latest.size else {
                throw Refusal(
                    witness: name, status: 409,
                    reason: "it has cosigned a tree of \(oldSize) leaves, larger than this log's \(latest.size)")
            }
            // tlog-witness: the proof from size 0 is empty.
            let proof = try await pool.withConnection { [oldSize] connection in
                oldSize == 0
                    ? []
                    : try await ConsistencyProof.make(
                        oldSize: oldSize, newSize: latest.size,
                        reader: TileHashReader(treeSize: latest.size, source: StoredTiles(connection: connection))
                    ).hashes
            }
            let body = AddCheckpoint(oldSize: oldSize, proof: proof, checkpoint: note).body
            let (status, type, answer) = try await post(body, to: witness)
            switch status {
            case 200:
                let signatures: [NoteSignature]
                do {
                    signatures = try NoteSignature.lines(answer)
                    guard
                        try !signatures.reduce(note, { $0.adding($1) }).verifiedKeys(among: [witness.verifier]).isEmpty
                    else {
                        throw Refusal(witness: name, status: 200, reason: "its answer holds no cosignature by its key")
                    }
                } catch let error as NoteError {
                    throw Refusal(
                        witness: name, status: 200, reason: "its answer is not a cosignature that verifies (\(error))")
                }
                let lines = signatures.filter { $0.name == name && $0.keyID == witness.verifier.keyID }
                try await pool.withConnection { connection in
                    for line in lines {
                        try await LogCheckpointer.keep(
                            cosignature: line.line, witness: name, size: latest.size, on: connection)
                    }
                }
                logger.info(
                    "a witness cosigned the log's checkpoint",
                    metadata: ["witness": "\(name)", "tree_size": "\(latest.size)"])
                return
            case 409 where attempt == 1 && type.hasPrefix("text/x.tlog.size"):
                let text = answer.hasSuffix("\n") ? String(answer.dropLast()) : answer
                guard let size = UInt64(text) else {
                    throw Refusal(witness: name, status: 409, reason: "its answer is not a tree size")
                }
                oldSize = size
            default:
                let reason = answer.prefix(500).trimmingCharacters(in: .whitespacesAndNewlines)
                throw Refusal(witness: name, status: status, reason: reason.isEmpty ? "no reason given" : reason)
            }
        }
    }

    private func post(_ body: String, to witness: LogWitness) async throws -> (Int, String, String) {
        var request = HTTPClientRequest(url: witness.addCheckpointURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: body))
        let response: HTTPClientResponse
        let answer: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(timeout))
            answer = try await response.body.collect(upTo: 64 * 1_024)
        } catch {
            throw Refusal(
                witness: witness.verifier.name, status: nil,
                reason: "it cannot be reached at \(witness.addCheckpointURL) (\(error))")
        }
        return (
            Int(response.status.code), response.headers.first(name: "Content-Type") ?? "",
            String(buffer: answer)
        )
    }
}
