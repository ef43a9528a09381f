import Testing
import Transparency

/// Parsers meet hostile bytes from the network and from files: mutated inputs must be refused or accepted, never
/// trap (a trap in a server is a 5xx, in the verifier a crash instead of an answer).
@Suite struct MutationTests {
    /// A fixed-seed generator, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            // SplitMix64: small, fast and good enough to pick bytes and places.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that matter to the formats, so mutations reach the interesting branches.
    static let alphabet: [UInt8] = Array("0123456789+/=x.p\n \u{2014}AZaz".utf8) + [0x00, 0xff, 0x80, 0x0d]

    /// `text` with a few bytes replaced, inserted or deleted.
    static func mutate(_ text: String, _ generator: inout Generator) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let place = Int.random(in: 0...bytes.count, using: &generator)
            let byte = alphabet.randomElement(using: &generator)!
            switch Int.random(in: 0..<3, using: &generator) {
            case 0 where place < bytes.count: bytes[place] = byte
            case 1 where place < bytes.count: bytes.remove(at: place)
            default: bytes.insert(byte, at: place)
            }
        }
        return bytes
    }

    @Test func mutatedProofFilesNeverTrap() async throws {
        let fixture = LogFixture(size: 21)
        let text = try await fixture.proof(index: 9, size: 21).serialized
        var generator = Generator(state: 1)
        var accepted = 0
        for _ in 0..<3000 {
            let bytes = Self.mutate(text, &generator)
            guard let proof = try? TlogProof(parsing: String(decoding: bytes, as: UTF8.self)) else { continue }
            let verified = try? TlogProof.verify(
                proof: proof, entry: fixture.entries[9], verifiers: [fixture.log.verifier],
                witnesses: fixture.witnesses.map(\.verifier), quorum: 2)
            if verified != nil { accepted += 1 }
        }
        // Some mutations are harmless (say, inside a witness signature no quorum needs), most are refused.
        #expect(accepted < 3000)
    }

    @Test func mutatedNotesAndRequestsNeverTrap() async throws {
        let fixture = LogFixture(size: 21)
        let note = try await fixture.checkpoint(size: 21)
        let proof = try await ConsistencyProof.make(oldSize: 8, newSize: 21, reader: fixture.store)
        let request = AddCheckpoint(oldSize: 8, proof: proof.hashes, checkpoint: note).body
        let latest = Checkpoint(
            origin: "news.example/log", size: 8, root: try await MerkleTree.rootHash(size: 8, reader: fixture.store))
        var generator = Generator(state: 2)
        for _ in 0..<3000 {
            let bytes = Self.mutate(note.serialized, &generator)
            if let parsed = try? SignedNote(bytes: bytes) {
                _ = try? parsed.verify(by: [fixture.log.verifier])
                _ = try? Checkpoint(text: parsed.text)
            }
            let body = String(decoding: Self.mutate(request, &generator), as: UTF8.self)
            if let parsed = try? AddCheckpoint(body: body) {
                _ = try? parsed.check(logs: ["news.example/log": [fixture.log.verifier]], latest: latest)
            }
        }
    }

    @Test func mutatedTilePathsNeverTrap() {
        var generator = Generator(state: 3)
        for tile in [
            Tile(level: 0, index: 1_234_067), Tile(level: 7, index: 0, width: 1), Tile(level: 2, index: 5, width: 17),
        ] {
            for _ in 0..<1000 {
                let path = String(decoding: Self.mutate(tile.path, &generator), as: UTF8.self)
                if let resource = try? TileResource(path: path) {
                    // Whatever parses names a tile whose hashes can be listed without overflow.
                    switch resource {
                    case .hashes(let parsed), .entries(let parsed): #expect(parsed.nodes.count == parsed.width)
                    }
                }
            }
        }
    }
}
