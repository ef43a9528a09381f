public import Foundation

/// RFC 3339 timestamps in UTC: with microseconds (the precision PostgreSQL keeps) for the log, to the second
/// for documents.
public enum Timestamp {
    /// Formats microseconds since 1970-01-01 UTC as `2026-11-24T20:41:07.123456Z`.
    public static func rfc3339(microseconds: Int64) -> String {
        var seconds = time_t(microseconds.dividedRounding(by: 1_000_000))
        let fraction = microseconds - Int64(seconds) * 1_000_000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction))
    }

    /// Formats a date to the second, as `2026-11-24T20:41:07Z`: what Galley's JSON documents carry, since the
    /// standard decoders of RFC 3339 (ISO8601DateFormatter's defaults, the OpenAPI generators') read no
    /// fractions. Written out digit by digit: read models format every time of every story they write.
    public static func rfc3339Seconds(_ date: Date) -> String {
        var seconds = time_t(Int64(date.timeIntervalSince1970.rounded(.down)))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        bytes.append(45)  // -
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(45)
        digits(Int(parts.tm_mday), 2)
        bytes.append(84)  // T
        digits(Int(parts.tm_hour), 2)
        bytes.append(58)  // :
        digits(Int(parts.tm_min), 2)
        bytes.append(58)
        digits(Int(parts.tm_sec), 2)
        bytes.append(90)  // Z
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A date with the microseconds PostgreSQL keeps, as `rfc3339(microseconds:)` writes them.
    public static func rfc3339Microseconds(_ date: Date) -> String {
        rfc3339(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// Microseconds since 1970 to the second, as `rfc3339Seconds` writes them.
    public static func rfc3339Seconds(microseconds: Int64) -> String {
        rfc3339Seconds(Date(timeIntervalSince1970: Double(microseconds.dividedRounding(by: 1_000_000))))
    }

    /// Formats a date to the second, as `2026-11-24T20:41:07Z`.
    public static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}

extension Int64 {
    /// Division rounding towards negative infinity, so times before 1970 format correctly.
    fileprivate func dividedRounding(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
