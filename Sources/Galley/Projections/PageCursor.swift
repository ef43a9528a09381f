import Foundation

/// Some of a list: its items, and the cursor of the next page (nil on the last).
public struct Page<Item: Sendable>: Sendable {
    /// The page's items.
    public var items: [Item]
    /// The cursor of the next page, nil on the last.
    public var next: String?
    /// How many items the whole list has, where it counts them (search: at most its window).
    public var total: Int? = nil
}

/// Keyset cursors: where a page ended, as an opaque token (base64url of the sort key and the id).
public enum PageCursor {
    /// The page size when none is asked for.
    public static let defaultLimit = 50
    /// The largest page.
    public static let maxLimit = 200

    /// A page size as asked, refused past the largest.
    public static func limit(_ asked: Int?) throws -> Int {
        guard let asked else { return defaultLimit }
        guard (1...maxLimit).contains(asked) else {
            throw GalleyError.invalidInput("a page holds 1 to \(maxLimit) items, not \(asked)")
        }
        return asked
    }

    static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "\n").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String, parts count: Int) throws -> [String] {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 400, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8)
        else { throw GalleyError.invalidInput("the cursor is not one this list gave; start again without it") }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == count else {
            throw GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
        }
        return parts
    }

    /// A time and an id, exactly (microseconds).
    static func encode(_ time: Date, _ id: String) -> String {
        encode([String(Int64((time.timeIntervalSince1970 * 1_000_000).rounded())), id])
    }

    /// The times a cursor may hold, in microseconds since 1970: years 1 to 9999, as every time Galley reads.
    static let timeRange: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    static func decodeTime(_ token: String) throws -> (Date, String) {
        let parts = try decode(token, parts: 2)
        guard let microseconds = Int64(parts[0]), timeRange.contains(microseconds) else {
            throw GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
        }
        return (Date(timeIntervalSince1970: Double(microseconds) / 1_000_000), parts[1])
    }
}
