import Foundation
import Synchronization

/// Progress on standard error: a bar redrawn in place on a terminal, a plain line every tenth otherwise.
final class ProgressBar: Sendable {
    let label: String
    let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1
    private let lastTenth = Mutex(-1)

    init(label: String) { self.label = label }

    func show(done: Int, of total: Int) {
        let fraction = total == 0 ? 1 : min(1, Double(done) / Double(total))
        if isTerminal {
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
            write("\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total) events")
        } else {
            let tenth = Int(fraction * 10)
            let changed = lastTenth.withLock { last in
                defer { last = max(last, tenth) }
                return tenth > last
            }
            if changed { write("\(label): \(tenth * 10)% (\(done)/\(total) events)\n") }
        }
    }

    func finish() {
        if isTerminal { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
