import Postgres
import TestSupport
import Testing

@Suite("LISTEN and NOTIFY")
struct NotificationTests {
    @Test("a notification reaches a listener, and waiting without one times out")
    func delivers() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let listener = try await Connection.connect(configuration)
            let sender = try await Connection.connect(configuration)
            try await listener.listen("galley_events")
            #expect(try await listener.waitForNotifications(timeout: .milliseconds(50)).isEmpty)

            async let received = listener.waitForNotifications(timeout: .seconds(10))
            try await Task.sleep(for: .milliseconds(20))
            try await sender.notify("galley_events", payload: "position 42")
            let notification = try await received.first
            #expect(notification?.channel == "galley_events")
            #expect(notification?.payload == "position 42")
            #expect(notification?.senderPID == sender.backendPID)

            // Notifications sent inside a transaction arrive only after it commits; a burst is taken at once.
            try await sender.transaction { connection in
                for index in 1...3 { try await connection.notify("galley_events", payload: "after commit \(index)") }
            }
            let burst = try await listener.waitForNotifications(timeout: .seconds(10))
            #expect(burst.map(\.payload) == ["after commit 1", "after commit 2", "after commit 3"])
            await #expect(
                throws: PostgresError.invalidParameter(
                    index: 1,
                    reason: "channel names use a-z, 0-9, '_' and '.', at most 63 characters: bad channel; DROP TABLE x")
            ) { try await listener.listen("bad channel; DROP TABLE x") }
            await listener.close()
            await sender.close()
        }
    }
}
