import ArgumentParser
import Coding
import Foundation
import Galley

/// Turns any failure into one line on standard error and a documented exit code, never a stack trace.
enum CommandFailure {
    /// Runs `body`, reporting a thrown error as `galley: message` and exiting with the error's code.
    static func report<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            let kind = GalleyError.classify(error)
            let message = kind?.description ?? String(describing: error)
            let code = code(for: kind)
            // With --json, a script reads the error as JSON too; the rule is one object for one result.
            if CommandLine.arguments.contains("--json") {
                let object = JSONValue.object([
                    "error": .object(["message": .string(message), "exit_code": .int(Int64(code))])
                ])
                FileHandle.standardError.write(Data((object.canonicalText + "\n").utf8))
            } else {
                FileHandle.standardError.write(Data("galley: \(message)\n".utf8))
            }
            throw ExitCode(code)
        }
    }

    /// The exit code of `serve` when it cannot listen on its address (in use, not allowed, not this machine's).
    static let cannotListen: Int32 = 73

    /// The exit code of each kind of failure; docs/guides.md lists the same table.
    static func code(for kind: GalleyError?) -> Int32 {
        switch kind {
        case .invalidInput: 64
        case .ruleViolation: 65
        case .notFound: 66
        case .databaseUnavailable: 69
        case .conflict, .held, .busy: 75
        case .forbidden: 77
        case .configuration: 78
        case nil: 70
        }
    }
}
