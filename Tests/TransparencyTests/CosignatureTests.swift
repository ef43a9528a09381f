import Crypto
import Foundation
import Testing
import Transparency

/// Witness cosignatures as tlog-cosignature (cosignature/v1, Ed25519) specifies them.
@Suite struct CosignatureTests {
    static let text = Checkpoint(origin: "news.example/log", size: 3, root: MerkleTree.emptyRoot).text

    @Test func cosignatureKeyIDsUseTypeByte4() {
        let witness = Keys.witness("witness.example/w1", seed: 9)
        let publicKey = Keys.seed(9).publicKey.rawRepresentation
        let digest = Array(SHA256.hash(data: Array("witness.example/w1".utf8) + [0x0A, 0x04] + publicKey))
        #expect(witness.verifier.keyID == digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
        #expect(
            witness.verifier.verifierKey.split(separator: "+", maxSplits: 2)[2]
                == Data([0x04] + publicKey).base64EncodedString())
    }

    @Test func theSignedMessageIsHeaderTimeThenTheCheckpoint() {
        let message = Cosignature.message(text: Array(Self.text.utf8), time: 1_679_315_147)
        #expect(String(decoding: message, as: UTF8.self) == "cosignature/v1\ntime 1679315147\n" + Self.text)
    }

    @Test func aCosignatureCarriesItsTimeAndVerifies() throws {
        let witness = Keys.witness("witness.example/w1", seed: 9)
        let signature = try witness.sign(text: Self.text, time: 1_700_000_000)
        #expect(signature.signature.count == 8 + 64)
        #expect(Cosignature.time(of: signature.signature) == 1_700_000_000)
        let inner = Array(signature.signature[8...])
        let message = Cosignature.message(text: Array(Self.text.utf8), time: 1_700_000_000)
        #expect(Keys.seed(9).publicKey.isValidSignature(inner, for: message))
        let note = try SignedNote.sign(text: Self.text, signers: [Keys.log()]).adding(signature)
        #expect(try note.verifiedKeys(among: [witness.verifier]) == [witness.verifier])
    }

    @Test func aChangedTimeBreaksTheCosignature() throws {
        let witness = Keys.witness("witness.example/w1", seed: 9)
        let signature = try witness.sign(text: Self.text, time: 1_700_000_000)
        var bytes = signature.signature
        bytes[7] ^= 1
        let moved = NoteSignature(name: signature.name, keyID: signature.keyID, signature: bytes)
        let note = try SignedNote(text: Self.text, signatures: [moved])
        #expect(throws: NoteError.invalidSignature(name: "witness.example/w1", keyID: witness.verifier.keyID)) {
            try note.verifiedKeys(among: [witness.verifier])
        }
    }

    @Test func aPlainSignatureByTheSameKeyIsNotACosignature() throws {
        // The type byte enters the key id, so the same key signing plainly is another key to a cosignature
        // verifier and is ignored rather than mistaken for a cosignature.
        let plain = try NoteSigner(name: "witness.example/w1", privateKey: Keys.seed(9), type: .ed25519)
        let witness = Keys.witness("witness.example/w1", seed: 9)
        #expect(plain.verifier.keyID != witness.verifier.keyID)
        let note = try SignedNote.sign(text: Self.text, signers: [plain])
        #expect(try note.verifiedKeys(among: [witness.verifier]) == [])
    }
}
