public import Foundation

/// Runs Tests/Transparency/verify.py, the second implementation, written in Python from the specifications.
public enum PythonScript {
    /// The python3 executable on PATH, if any.
    public static let python: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The script, found from the package's root so the check runs from any working directory.
    public static let script = TestDatabase.packageRoot.appendingPathComponent("Tests/Transparency/verify.py")

    /// Whether python3 can run the script: the `cryptography` package is installed with pip when missing, as
    /// scripts/test-browser installs its packages, so the cross-check is skipped only where that fails.
    public static let isReady: Bool = {
        guard python != nil else { return false }
        if (try? status(["-c", "import cryptography"])) == 0 { return true }
        FileHandle.standardError.write(
            Data("tests: installing the cryptography package for Tests/Transparency/verify.py\n".utf8))
        let installed = try? status(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "cryptography"])
        return installed == 0 && (try? status(["-c", "import cryptography"])) == 0
    }()

    /// Runs the script and returns its exit status and standard error.
    public static func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    /// Runs python3 itself with `arguments`, its output discarded, and returns its exit status.
    private static func status(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
