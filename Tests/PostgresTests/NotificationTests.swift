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
            #expect(try await listener.waitForNotification(timeout: .milliseconds(50)) == nil)

            async let received = listener.waitForNotification(timeout: .seconds(10))
            try await Task.sleep(for: .milliseconds(20))
            try await sender.notify("galley_events", payload: "position 42")
            let notification = try await received
            #expect(notification?.channel == "galley_events")
            #expect(notification?.payload == "position 42")
            #expect(notification?.senderPID == sender.backendPID)

            // Notifications sent inside a transaction arrive only after it commits.
            try await sender.transaction { try await $0.notify("galley_events", payload: "after commit") }
            #expect(try await listener.waitForNotification(timeout: .seconds(10))?.payload == "after commit")
            await #expect(throws: PostgresError.self) { try await listener.listen("bad channel; DROP TABLE x") }
            await listener.close()
            await sender.close()
        }
    }
}
