import ArgumentParser
import Foundation
import Galley

/// A story's body from `--body-file PATH` (`-` for standard input) or, where a body is required, standard
/// input when it is not a terminal. Paragraphs are separated by blank lines.
struct BodyInput: ParsableArguments {
    @Option(
        name: .customLong("body-file"),
        help: ArgumentHelp(
            "Read the body from this file ('-': standard input); blank lines part paragraphs.",
            valueName: "PATH"))
    var path: String?

    /// The paragraphs given, or nil when no body was given and none is required.
    func paragraphs(required: Bool) throws -> [String]? {
        let data: Data
        switch path {
        case "-":
            data = FileHandle.standardInput.readDataToEndOfFile()
        case let path?:
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw GalleyError.invalidInput("cannot read the body file \(path)")
            }
            data = contents
        case nil:
            guard required else { return nil }
            guard isatty(FileHandle.standardInput.fileDescriptor) == 0 else {
                throw GalleyError.invalidInput("give the body with --body-file PATH or on standard input")
            }
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw GalleyError.invalidInput("the body is not UTF-8 text")
        }
        let paragraphs = StoryText.paragraphs(in: text)
        guard !paragraphs.isEmpty else { throw GalleyError.invalidInput("the body is empty") }
        return paragraphs
    }
}
