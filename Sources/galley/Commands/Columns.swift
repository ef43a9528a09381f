import Foundation

/// Rows for people at a terminal: a header line and columns aligned to their widest cell.
enum Columns {
    /// The rows under `headers`, each column as wide as its widest cell, two spaces apart; "(none)" when empty.
    static func render(_ headers: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        return ([headers] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingSuffixSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingSuffixSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
