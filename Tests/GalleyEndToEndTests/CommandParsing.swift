import ArgumentParser
import Foundation
import Testing

@testable import galley

/// Parses a command line in-process, as `galley` would before running it, for the tests that specify the
/// command line's grammar without running the binary.
enum CommandParsing {
    /// The command `arguments` parse to, which must be a `C`.
    static func parse<C: ParsableCommand>(
        _ arguments: [String], as type: C.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> C {
        let parsed = try GalleyCommand.parseAsRoot(arguments)
        return try #require(
            parsed as? C, "\(arguments) parsed as \(Swift.type(of: parsed)), not \(C.self)",
            sourceLocation: sourceLocation)
    }

    /// The message ArgumentParser gives for `arguments`, which must fail to parse; "parsed" when they do not.
    static func refusal(_ arguments: [String]) -> String {
        do {
            _ = try GalleyCommand.parseAsRoot(arguments)
            return "parsed"
        } catch {
            return GalleyCommand.message(for: error)
        }
    }

    /// The words of a command line as a POSIX shell splits them: blanks part words, single and double quotes
    /// group them, a backslash keeps the next character (a backslash before a line break joins two lines), and an
    /// unquoted `>` ends the command (what follows is where its output goes, not its arguments).
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word: String?
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
                if character != "\n" { word = (word ?? "") + String(character) }
            } else if character == "\\" && quote != "'" {
                escaped = true
            } else if let open = quote {
                if character == open { quote = nil } else { word = (word ?? "") + String(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                word = word ?? ""
            } else if character == ">" {
                break
            } else if character == " " || character == "\n" {
                if let done = word { words.append(done) }
                word = nil
            } else {
                word = (word ?? "") + String(character)
            }
        }
        if let done = word { words.append(done) }
        return words
    }

    /// The example command lines of a command's discussion: each line under `Example:` or `Examples:` that
    /// starts with `galley`, joined with its continuation lines, without `galley` itself.
    static func examples(in discussion: String) -> [[String]] {
        guard let start = discussion.range(of: "Example:") ?? discussion.range(of: "Examples:") else { return [] }
        var commands: [String] = []
        var continuing = false
        for line in discussion[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if continuing {
                commands[commands.count - 1] += "\n" + text
            } else if text.hasPrefix("galley ") {
                commands.append(text)
            } else {
                continue
            }
            continuing = text.hasSuffix("\\")
        }
        return commands.map { Array(words($0).dropFirst()) }
    }

    /// The lines of an `Example:` section that continue an example's line (indented otherwise than the examples
    /// are: deeper by hand, or not at all where help wrapped a long line) when that line does not end in a
    /// backslash: a shell would run them as commands of their own.
    static func strayLines(in discussion: String) -> [String] {
        guard let start = discussion.range(of: "Example:") ?? discussion.range(of: "Examples:") else { return [] }
        var strays: [String] = []
        var indent: Int?  // the indentation of the example being read, while one is
        var continuing = false
        for line in discussion[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            let depth = line.prefix { $0 == " " }.count
            if text.isEmpty {
                indent = nil
            } else if text.hasPrefix("galley ") && !continuing {
                indent = depth
            } else if let indent, !continuing, depth != indent {
                strays.append(text)
            }
            continuing = indent != nil && text.hasSuffix("\\")
        }
        return strays
    }
}
