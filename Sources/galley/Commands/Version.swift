import ArgumentParser
import Galley

/// `galley version`: prints the version of this build.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print Galley's version.",
        discussion: "Example:\n  galley version")

    func run() {
        print("galley \(GalleyVersion.current)")
    }
}
