import Foundation

/// Timing helpers: every figure is a count over a measured wall-clock interval.
enum Measure {
    /// Runs `workers` loops until `duration` passes; each call of `body` does `unit` operations.
    /// Returns operations per second.
    static func throughput(
        workers: Int, duration: Duration, unit: Int = 1,
        _ body: @escaping @Sendable (_ worker: Int, _ iteration: Int) async throws -> Void
    ) async throws -> Double {
        try await throughput(workers: workers, duration: duration) { worker, deadline in
            var iteration = 0
            while ContinuousClock.now < deadline {
                try await body(worker, iteration)
                iteration += 1
            }
            return iteration * unit
        }
    }

    /// Runs `workers` loops, each of which works until the deadline and returns how many operations it did.
    /// Returns operations per second.
    static func throughput(
        workers: Int, duration: Duration,
        _ loop: @escaping @Sendable (_ worker: Int, _ deadline: ContinuousClock.Instant) async throws -> Int
    ) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask { try await loop(worker, deadline) }
            }
            return try await group.reduce(0, +)
        }
        return Double(total) / seconds(clock.now - start)
    }

    /// Times `count` sequential calls and returns the latencies in milliseconds, sorted.
    static func latencies(count: Int, _ body: (Int) async throws -> Void) async throws -> [Double] {
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for index in 0..<count {
            let start = clock.now
            try await body(index)
            samples.append(seconds(clock.now - start) * 1_000)
        }
        return samples.sorted()
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}
