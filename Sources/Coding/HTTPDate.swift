public import Foundation

/// HTTP dates (RFC 9110, IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`, written and read by hand: a
/// `DateFormatter` made for each public page cost more than the page's own query.
public enum HTTPDate {
    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date as an IMF-fixdate.
    public static func format(_ date: Date) -> String {
        let parts = gmt.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        return "\(days[(parts.weekday ?? 1) - 1]), "
            + String(
                format: "%02d %@ %04d %02d:%02d:%02d GMT", parts.day ?? 1, months[(parts.month ?? 1) - 1],
                parts.year ?? 1970, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// The date an IMF-fixdate names; nil for any other text (the obsolete forms are not read: a client that
    /// sends one gets the whole page, which is always allowed).
    public static func parse(_ text: String) -> Date? {
        let fields = text.split(separator: " ")
        // Every number is held to its range before the calendar sees it: a client's huge day must not overflow it.
        guard fields.count == 6, fields[5] == "GMT", let day = Int(fields[1]), (1...31).contains(day),
            let month = months.firstIndex(of: String(fields[2])), let year = Int(fields[3]), (1...9999).contains(year)
        else { return nil }
        let clock = fields[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        return gmt.date(
            from: DateComponents(
                year: year, month: month + 1, day: day, hour: clock[0], minute: clock[1], second: clock[2]))
    }

    private static var gmt: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        return calendar
    }
}
