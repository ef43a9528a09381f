import Synchronization

/// The latest folds of recently touched streams, kept between commands or batches so that a long story is not
/// read and folded from its first event every time.
///
/// A fold at a version is a fact of the immutable log, so a cached fold is never wrong, only possibly behind:
/// its users read on from its version, or let the append's expected version catch a stream that moved on.
final class FoldCache<Value: Sendable>: Sendable {
    private let folds = Mutex<[String: Value]>([:])
    private let capacity: Int

    /// A cache that forgets everything once it would hold more than `capacity` folds.
    init(capacity: Int = 10_000) { self.capacity = capacity }

    /// The cached folds of `streams`, for those that have one.
    func values(for streams: [String]) -> [String: Value] {
        folds.withLock { folds in
            var found: [String: Value] = [:]
            for stream in streams { found[stream] = folds[stream] }
            return found
        }
    }

    /// The cached fold of one stream.
    func value(for stream: String) -> Value? { folds.withLock { $0[stream] } }

    /// Keeps the folds of some streams, replacing what was kept for them.
    func keep(_ entries: [(stream: String, value: Value)]) {
        folds.withLock { folds in
            if folds.count + entries.count > capacity { folds.removeAll(keepingCapacity: true) }
            for (stream, value) in entries { folds[stream] = value }
        }
    }
}
