import Galley
import Postgres
import TestSupport
import Testing
import Transparency

/// A witness's record of each log, in its own database: checked and moved in one transaction per origin.
@Suite("A witness's record, under requests that race")
struct WitnessLedgerTests {
    @Test("eight add-checkpoint requests at once from the same old size: one is cosigned, the rest are 409")
    func racingRequests() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let log = try NoteSigner.generate(name: "news.example/log")
            let ledger = WitnessLedger(
                signer: try NoteSigner.generate(name: "witness.example/w1", type: .cosignatureV1), logs: [log.verifier])
            try await Connection.with(configuration) { try await WitnessLedger.prepare(on: $0) }
            let store = MemoryHashStore(entries: (0..<20).map { Array("event \($0)".utf8) })
            var requests: [AddCheckpoint] = []
            for size in UInt64(1)...8 {
                let root = try await MerkleTree.rootHash(size: size, reader: store)
                let note = try SignedNote.sign(
                    text: Checkpoint(origin: "news.example/log", size: size, root: root).text, signers: [log])
                requests.append(AddCheckpoint(oldSize: 0, proof: [], checkpoint: note))
            }
            let outcomes = await withTaskGroup(of: (UInt64, WitnessRefusal?).self) { group in
                for request in requests {
                    group.addTask {
                        do {
                            _ = try await Connection.with(configuration) { try await ledger.add(request, on: $0) }
                            return (try! Checkpoint(text: request.checkpoint.text).size, nil)
                        } catch let refusal as WitnessRefusal {
                            return (0, refusal)
                        } catch {
                            return (0, .malformedRequest("\(error)"))
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let cosigned = outcomes.filter { $0.1 == nil }.map(\.0)
            #expect(cosigned.count == 1)
            #expect(outcomes.compactMap(\.1) == Array(repeating: .conflict(latestSize: cosigned.first ?? 0), count: 7))
            let recorded = try await Connection.with(configuration) {
                try await WitnessLedger.latest(origin: "news.example/log", on: $0)
            }
            #expect(recorded?.size == cosigned.first)
        }
    }
}
