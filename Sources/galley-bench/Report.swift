import Foundation

/// Prints benchmark figures as a table: what, Galley's figure, the raw PostgreSQL baseline, the ratio, the target.
struct Report {
    private var rows: [(String, String, String, String, String)] = []

    mutating func add(_ name: String, galley: Double, baseline: Double, unit: String, target: String) {
        let ratio = galley / baseline
        rows.append(
            (name, Self.format(galley, unit), Self.format(baseline, unit), String(format: "%.2fx", ratio), target))
        print(
            String(
                format: "%@: galley %@, baseline %@, ratio %.2fx (target %@)", name, Self.format(galley, unit),
                Self.format(baseline, unit), ratio, target))
    }

    mutating func addLatency(
        _ name: String, small: (p50: Double, p99: Double), large: (p50: Double, p99: Double), target: String
    ) {
        let ratio = large.p99 / small.p99
        let smallText = String(format: "p50 %.3f ms, p99 %.3f ms", small.p50, small.p99)
        let largeText = String(format: "p50 %.3f ms, p99 %.3f ms", large.p50, large.p99)
        rows.append((name, largeText, smallText, String(format: "%.2fx", ratio), target))
        print(
            "\(name): 1M events \(largeText); 10k events \(smallText); p99 ratio \(String(format: "%.2fx", ratio)) (target \(target))"
        )
    }

    /// Two sets of latencies in milliseconds (sorted), Galley's beside a baseline's, by their p50 and p99.
    mutating func addLatencies(_ name: String, galley: [Double], baseline: [Double], target: String) {
        let text = { (samples: [Double]) in
            String(
                format: "p50 %.3f ms, p99 %.3f ms", Measure.percentile(samples, 0.5), Measure.percentile(samples, 0.99))
        }
        let ratio = String(format: "%.2fx", Measure.percentile(galley, 0.99) / Measure.percentile(baseline, 0.99))
        rows.append((name, text(galley), text(baseline), ratio, target))
        print("\(name): galley \(text(galley)); baseline \(text(baseline)); p99 ratio \(ratio) (target \(target))")
    }

    func printTable() {
        print("")
        print("| measurement | Galley | baseline | ratio | target |")
        print("| --- | --- | --- | --- | --- |")
        for row in rows { print("| \(row.0) | \(row.1) | \(row.2) | \(row.3) | \(row.4) |") }
    }

    private static func format(_ value: Double, _ unit: String) -> String {
        value >= 100 ? "\(Int(value.rounded())) \(unit)" : String(format: "%.1f %@", value, unit)
    }
}
