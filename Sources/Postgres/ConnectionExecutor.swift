import Dispatch

/// The thread a connection's libpq calls run on, offered to Swift concurrency as a task executor.
///
/// A task that prefers it runs its own code on that thread too, so each statement it sends is a plain blocking
/// call, as in a C client, instead of two thread hops.
final class ConnectionExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: the queue is thread-safe and never replaced.
    let queue: DispatchQueue
    private static let key = DispatchSpecificKey<ObjectIdentifier>()

    init() {
        queue = DispatchQueue(label: "galley.postgres.connection")
        queue.setSpecific(key: Self.key, value: ObjectIdentifier(self))
    }

    /// Whether the calling code runs on this executor's queue, where a blocking libpq call is allowed.
    var isCurrent: Bool { DispatchQueue.getSpecific(key: Self.key) == ObjectIdentifier(self) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
