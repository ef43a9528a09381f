import Foundation
import Testing

@testable import Galley

/// Cursors come from clients: whatever a client sends, decoding answers with a page's key or with
/// `invalidInput`, and never with a time PostgreSQL cannot take.
@Suite("Page cursors from clients")
struct PageCursorTests {
    static let refusal = GalleyError.invalidInput("the cursor is not one this list gave; start again without it")

    static func token(_ text: String) -> String { PageCursor.encode(text.components(separatedBy: "\n")) }

    @Test("a cursor the list gave decodes to its time and id, to the microsecond")
    func roundTrip() throws {
        let moment = Date(timeIntervalSince1970: 1_796_000_000.123456)
        let (time, id) = try PageCursor.decodeTime(PageCursor.encode(moment, "tram-works"))
        #expect(abs(time.timeIntervalSince(moment)) < 0.000_001)
        #expect(id == "tram-works")
    }

    @Test(
        "a time outside years 1 to 9999, or not a whole number of microseconds, is refused as not this list's",
        arguments: [
            "-9223372036854775808", "9223372036854775807", "253402300800000000", "-62135596800000001", "1e18",
            "nan", "", " 1", "0x10", "99999999999999999999999",
        ])
    func hostileTimes(_ time: String) {
        #expect(throws: Self.refusal) { try PageCursor.decodeTime(Self.token("\(time)\nx")) }
    }

    @Test("the first and the last microsecond of years 1 to 9999 are taken")
    func edges() throws {
        for micros in [PageCursor.timeRange.lowerBound, PageCursor.timeRange.upperBound] {
            let (time, _) = try PageCursor.decodeTime(Self.token("\(micros)\nx"))
            #expect(time.timeIntervalSince1970 == Double(micros) / 1_000_000)
        }
    }

    @Test("generated tokens: 20,000 random strings and byte strings decode or are refused as not this list's")
    func generated() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/%\n\u{0}é")
        for round in 0..<20_000 {
            let length = Int.random(in: 0...64, using: &generator)
            let token: String
            if round % 2 == 0 {
                token = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            } else {
                // Valid base64 of random bytes: the decoder's checks past base64 are what is tried.
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            }
            do {
                let (time, _) = try PageCursor.decodeTime(token)
                let micros = (time.timeIntervalSince1970 * 1_000_000).rounded()
                #expect(Double(PageCursor.timeRange.lowerBound) <= micros)
                #expect(micros <= Double(PageCursor.timeRange.upperBound))
            } catch {
                #expect(error as? GalleyError == Self.refusal, "token \(token)")
            }
        }
    }

    @Test("a token longer than 400 characters is refused before it is decoded")
    func long() {
        #expect(throws: Self.refusal) { try PageCursor.decodeTime(String(repeating: "A", count: 401)) }
    }
}
