import Editorial
import Foundation

/// Times as the newsroom's people read and type them: in the server's time zone, which every page names.
struct WebTime: Sendable {
    /// The zone times are shown and read in.
    let zone: TimeZone

    /// The zone's name as the pages show it, such as `UTC` or `Europe/Lisbon`.
    var zoneName: String { zone.identifier == "GMT" ? "UTC" : zone.identifier }

    /// `1 Dec 2026, 14:05 UTC`.
    func format(_ date: Date) -> String { text(date, seconds: false) }

    /// `1 Dec 2026, 14:05:09 UTC`, as an audit wants it.
    func precise(_ date: Date) -> String { text(date, seconds: true) }

    private func text(_ date: Date, seconds: Bool) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clock =
            String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
            + (seconds ? String(format: ":%02d", parts.second ?? 0) : "")
        return "\(parts.day ?? 0) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 0), \(clock) \(zoneName)"
    }

    /// The day `date` falls on in the zone: `Tue 8 Dec 2026`.
    func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return
            "\(days[(parts.weekday ?? 1) - 1]) \(parts.day ?? 0) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 0)"
    }

    /// The time of day of `date` in the zone: `06:00`.
    func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// How long ago `date` was, shortly: `4 min`, `3 h`, `2 d`.
    func age(since date: Date, now: Date = Date()) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "just now"
        case ..<3_600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3_600) h"
        default: return "\(seconds / 86_400) d"
        }
    }

    /// A time typed in a form: `2026-12-02T06:00` (a `datetime-local` field) in the zone, or RFC 3339.
    func parse(_ text: String) -> Date? {
        if let date = EditorialCoding.date(from: text) { return date }
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        // Years 1 to 9999, as RFC 3339 writes them: a far-off year would overflow the calendar's arithmetic.
        guard parts.count == 5 || parts.count == 6, !parts.contains(nil), (1...9999).contains(parts[0]!) else {
            return nil
        }
        let components = DateComponents(
            timeZone: zone, year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4],
            second: parts.count == 6 ? parts[5] : 0)
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
                == DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
        else { return nil }
        return date
    }

    /// The value a `datetime-local` field shows for `date`.
    func local(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
