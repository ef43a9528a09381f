import Foundation

/// Colour for people at a terminal: only when standard output is one, and never when `NO_COLOR` is set
/// (https://no-color.org), so pipes and files get plain text.
enum Terminal {
    /// The colours Galley uses.
    enum Colour: String {
        case red = "31"
        case green = "32"
        case dim = "2"
        case bold = "1"
    }

    /// Whether output is coloured.
    static var isColoured: Bool {
        isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// `text` in `colour`, or as it is when output is not coloured.
    static func paint(_ text: String, _ colour: Colour) -> String {
        isColoured ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}
