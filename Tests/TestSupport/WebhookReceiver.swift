public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The Python receiver (`scripts/webhook-receiver`) on loopback, verifying every delivery with the official
/// Standard Webhooks package. Each path `/NAME` is a receiver of its own: its secrets, how it answers, and the
/// log of what it got are files in one folder.
public final class WebhookReceiver: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// Where its files are.
    public let folder: URL
    private let process: Process

    /// What one request brought, as the receiver logged it.
    public struct Delivery: Sendable, Decodable {
        /// The webhook-id header.
        public var id: String?
        /// The webhook-timestamp header.
        public var timestamp: String?
        /// When it arrived (seconds since 1970).
        public var receivedAt: Double
        /// Whether a signature verified with one of the receiver's secrets.
        public var verified: Bool
        /// Why none did.
        public var error: String?
        /// The payload's type.
        public var type: String?
        /// The story the item is about.
        public var story: String?
        /// The item's embargo time, if any.
        public var embargoed: String?
        /// The item's address, when it was sent instead of the item.
        public var url: String?
        /// The status the receiver answered; nil when it never answered.
        public var answered: Int?

        enum CodingKeys: String, CodingKey {
            case id, timestamp, verified, error, type, story, embargoed, url, answered
            case receivedAt = "received_at"
        }
    }

    /// Starts a receiver on `port` (0: a free one) with its files in `folder` (nil: a new one), waiting until it
    /// listens.
    public static func start(port: Int = 0, folder: URL? = nil) async throws -> WebhookReceiver {
        let folder =
            folder
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("galley-hooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("receiver.out")
        let errors = folder.appendingPathComponent("receiver.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = TestDatabase.packageRoot.appendingPathComponent("scripts/webhook-receiver")
        process.arguments = [folder.path, "--port", String(port)]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)  // the first run may install the package
        while ContinuousClock.now < deadline, process.isRunning {
            let text = String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
            if let match = text.firstMatch(of: /listening on (\d+)/), let port = Int(match.1) {
                return WebhookReceiver(port: port, folder: folder, process: process)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        throw ServerProcess.ServerFailure(message: "the webhook receiver did not start: \(said)")
    }

    private init(port: Int, folder: URL, process: Process) {
        self.port = port
        self.folder = folder
        self.process = process
    }

    /// The URL of receiver `name`.
    public func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// Gives receiver `name` the secrets it accepts (one is enough for a signature to verify).
    public func accept(_ name: String, secrets: [String]) throws {
        try Data(secrets.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("\(name).secret"))
    }

    /// Sets how receiver `name` answers: `ok`, `status CODE [RETRY-AFTER]` or `hang`.
    public func answer(_ name: String, _ mode: String) throws {
        try Data(mode.utf8).write(to: folder.appendingPathComponent("\(name).mode"))
    }

    /// What receiver `name` got so far, in arrival order.
    public func deliveries(_ name: String) -> [Delivery] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(Delivery.self, from: Data($0.utf8)) }
    }

    /// Waits until `done` holds for receiver `name`'s deliveries, at most `timeout`; returns them.
    @discardableResult
    public func wait(
        _ name: String, timeout: Duration = .seconds(30), until done: ([Delivery]) -> Bool
    ) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let got = deliveries(name)
            if done(got) || ContinuousClock.now >= deadline { return got }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the receiver, so that its port refuses connections; its files stay for `start(port:folder:)`.
    public func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the receiver and removes its files.
    public func stop() {
        kill()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
