import Crypto
import Foundation
import Testing
import Transparency

/// Signed notes as C2SP signed-note specifies them: keys, signature lines, parsing and verification.
@Suite struct SignedNoteTests {
    @Test func keyIDIsTheStartOfTheHashOfNameNewlineTypeAndKey() throws {
        let signer = Keys.log()
        let publicKey = Keys.seed(1).publicKey.rawRepresentation
        let digest = Array(SHA256.hash(data: Array("news.example/log".utf8) + [0x0A, 0x01] + publicKey))
        #expect(signer.verifier.keyID == digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
        let text = signer.verifier.verifierKey
        #expect(text.hasPrefix("news.example/log+" + digest[0..<4].map { String(format: "%02x", $0) }.joined() + "+"))
        #expect(Data(base64Encoded: String(text.split(separator: "+", maxSplits: 2)[2])) == Data([0x01] + publicKey))
        #expect(try NoteVerifier(verifierKey: text) == signer.verifier)
    }

    @Test func privateKeysRoundTripInTheirTextForm() throws {
        let signer = Keys.log()
        let text = signer.privateKeyText
        #expect(text.hasPrefix("PRIVATE+KEY+news.example/log+\(signer.verifier.verifierKey.split(separator: "+")[1])+"))
        #expect(try NoteSigner(privateKeyText: text + "\n").verifier == signer.verifier)
        #expect(throws: NoteError.malformedPrivateKey("key id does not match the key")) {
            try NoteSigner(privateKeyText: text.replacingOccurrences(of: "+news.example/log+", with: "+other.example+"))
        }
        #expect(throws: NoteError.malformedPrivateKey("expected PRIVATE+KEY+name+id+key")) {
            try NoteSigner(privateKeyText: "news.example/log+00000000+AAAA")
        }
    }

    @Test func keysWhoseBase64HoldsAPlusSignStillParse() throws {
        // Some seed gives a key whose base64 holds "+", the field separator; find one rather than trust luck.
        let signer = (1...255).lazy.map { Keys.log(seed: UInt8($0)) }.first {
            $0.verifier.verifierKey.split(separator: "+").count > 3
        }!
        #expect(try NoteVerifier(verifierKey: signer.verifier.verifierKey) == signer.verifier)
        #expect(try NoteSigner(privateKeyText: signer.privateKeyText).verifier == signer.verifier)
    }

    @Test func signatureLinesAreEmDashSpaceNameSpaceBase64() throws {
        let signer = Keys.log()
        let note = try SignedNote.sign(text: "hello\n", signers: [signer])
        let line = note.signatures[0].line
        #expect(line.hasPrefix("\u{2014} news.example/log "))
        #expect(line.hasSuffix("\n"))
        let bytes = Array(Data(base64Encoded: String(line.dropFirst(19).dropLast()))!)
        #expect(bytes.count == 4 + 64)
        #expect(bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) } == signer.verifier.keyID)
        #expect(note.serialized == "hello\n\n" + line)
        #expect(try SignedNote(parsing: note.serialized) == note)
    }

    @Test func theTextEndsAtTheLastBlankLine() throws {
        let signer = Keys.log()
        let note = try SignedNote.sign(text: "a\n\nb\n", signers: [signer])
        let parsed = try SignedNote(parsing: note.serialized)
        #expect(parsed.text == "a\n\nb\n")
        try parsed.verify(by: [signer.verifier])
    }

    @Test func unknownKeysAreIgnoredButOneKnownKeyIsRequired() throws {
        let log = Keys.log()
        let stranger = Keys.log("stranger.example", seed: 2)
        // Same name as the log but another key: a different key id, so it is someone else's key.
        let impostor = Keys.log(seed: 3)
        let note = try SignedNote.sign(text: "hello\n", signers: [stranger, impostor, log])
        #expect(try note.verify(by: [log.verifier]) == [log.verifier])
        #expect(throws: NoteError.noKnownSignature) {
            try SignedNote.sign(text: "hello\n", signers: [stranger]).verify(by: [log.verifier])
        }
    }

    @Test func aKnownKeysBadSignatureRejectsTheNote() throws {
        let log = Keys.log()
        let note = try SignedNote.sign(text: "hello\n", signers: [log])
        let forged = try SignedNote(text: "hullo\n", signatures: note.signatures)
        #expect(throws: NoteError.invalidSignature(name: "news.example/log", keyID: log.verifier.keyID)) {
            try forged.verify(by: [log.verifier])
        }
        let description = NoteError.invalidSignature(name: "news.example/log", keyID: 0x0102_0304).description
        #expect(description == "the signature of news.example/log+01020304 does not verify")
    }

    @Test func malformedNotesAreRefusedWithTheirReason() {
        let line = "\u{2014} news.example/log AAAAAAAA\n"
        #expect(throws: NoteError.missingSignatures) { try SignedNote(parsing: "hello\n" + line) }
        #expect(throws: NoteError.missingSignatures) { try SignedNote(parsing: "hello\n\n") }
        #expect(throws: NoteError.missingSignatures) { try SignedNote(parsing: "hello\n\n" + line.dropLast()) }
        #expect(throws: NoteError.malformedSignatureLine("- news.example/log AAAAAAAA")) {
            try SignedNote(parsing: "hello\n\n- news.example/log AAAAAAAA\n")
        }
        #expect(throws: NoteError.malformedSignatureLine("\u{2014} news.example/log AAAA")) {
            try SignedNote(parsing: "hello\n\n\u{2014} news.example/log AAAA\n")
        }
        #expect(throws: NoteError.malformedSignatureLine("\u{2014} news.example/log !!")) {
            try SignedNote(parsing: "hello\n\n\u{2014} news.example/log !!\n")
        }
        #expect(throws: NoteError.controlCharacter(line: 1)) { try SignedNote(parsing: "he\tllo\n\n" + line) }
        #expect(throws: NoteError.controlCharacter(line: 1)) { try SignedNote(parsing: "hello\r\n\n" + line) }
        #expect(throws: NoteError.notUTF8) { try SignedNote(bytes: [0xff, 0x0a, 0x0a] + Array(line.utf8)) }
        #expect(throws: NoteError.tooManySignatures(101)) {
            try SignedNote(parsing: "hello\n\n" + String(repeating: line, count: 101))
        }
        #expect(throws: NoteError.textNotNewlineTerminated) { try SignedNote(text: "hello", signatures: []) }
    }

    @Test func badKeysAreRefusedWithTheirReason() {
        #expect(throws: NoteError.invalidKeyName("a b")) { try NoteSigner.generate(name: "a b") }
        #expect(throws: NoteError.invalidKeyName("")) { try NoteVerifier(verifierKey: "+00000000+AAAA") }
        #expect(throws: NoteError.malformedVerifierKey("expected name+id+key")) {
            try NoteVerifier(verifierKey: "news.example/log")
        }
        #expect(throws: NoteError.malformedVerifierKey("key is not base64 of a type byte and 32 key bytes")) {
            try NoteVerifier(verifierKey: "news.example/log+00000000+AAAA")
        }
        let wrongID = Keys.log().verifier.verifierKey.split(separator: "+", maxSplits: 2)
        #expect(throws: NoteError.malformedVerifierKey("key id does not match the key")) {
            try NoteVerifier(verifierKey: "\(wrongID[0])+00000000+\(wrongID[2])")
        }
        let ecdsa = Data([0x02] + [UInt8](repeating: 0, count: 32)).base64EncodedString()
        #expect(throws: NoteError.unsupportedSignatureType(2)) {
            try NoteVerifier(verifierKey: "news.example/log+00000000+\(ecdsa)")
        }
    }
}
