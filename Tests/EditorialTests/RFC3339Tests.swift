import Coding
import Editorial
import Foundation
import Testing

@Suite("RFC 3339 times, one reader for everything")
struct RFC3339Tests {
    @Test("valid forms: either case of T and Z, fractions, offsets such as -20:53, leap years")
    func valid() throws {
        let base = try #require(RFC3339.date(from: "2031-01-01T00:00:00Z"))
        #expect(base.timeIntervalSince1970 == 1_924_992_000)
        #expect(RFC3339.date(from: "2031-01-01t00:00:00z") == base)
        #expect(RFC3339.date(from: "2030-12-31T20:53:00-03:07") == base.addingTimeInterval(3_600 * 0))
        #expect(RFC3339.date(from: "2031-01-01T00:00:00+20:53") == base.addingTimeInterval(-75_180))
        #expect(RFC3339.date(from: "2030-12-31T03:07:00-20:53") == base)
        #expect(RFC3339.date(from: "2031-01-01T00:00:00.250Z") == base.addingTimeInterval(0.25))
        #expect(RFC3339.date(from: "2031-01-01T00:00:00.123456789Z") != nil)
        #expect(RFC3339.date(from: "2028-02-29T12:00:00Z") != nil)
        #expect(RFC3339.date(from: "1969-12-31T23:59:59Z")?.timeIntervalSince1970 == -1)
    }

    @Test("not times: trailing text, no offset, impossible dates and hours, a space, a dangling fraction")
    func invalid() {
        for text in [
            "2031-01-01T00:00:00Zjunk", "2031-01-01T00:00:00", "2031-02-30T00:00:00Z", "2029-02-29T00:00:00Z",
            "2031-01-01T24:00:00Z", "2031-01-01T00:60:00Z", "2031-01-01 00:00:00Z", "2031-01-01T00:00:00.Z",
            "2031-01-01T00:00:00+24:00", "2031-1-01T00:00:00Z", "tomorrow", "", "2031-01-01T00:00:00+0100",
        ] {
            #expect(RFC3339.date(from: text) == nil, "\(text)")
        }
    }
}
