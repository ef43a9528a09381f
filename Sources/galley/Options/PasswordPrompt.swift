import Foundation
import Galley

/// Reads a password: asked for twice, unseen, on a terminal; the first line of standard input otherwise.
enum PasswordPrompt {
    static func read(for name: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw GalleyError.invalidInput("give the password on standard input's first line")
            }
            return line
        }
        let first = try unseen("New password for \(name): ")
        guard try unseen("Again: ") == first else {
            throw GalleyError.invalidInput("the two passwords differ; nothing changed")
        }
        return first
    }

    /// One line from the terminal with echo off; the prompt goes to stderr, as all chatter does.
    private static func unseen(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else {
            throw GalleyError.invalidInput("no password was given")
        }
        return line
    }
}
