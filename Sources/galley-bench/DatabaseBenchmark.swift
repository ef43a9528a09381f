/// A benchmark that runs against a throwaway database of its own, which `BenchCommand.DatabaseOptions.run`
/// makes before and drops after.
protocol DatabaseBenchmark {
    /// Measures and prints the figures.
    mutating func run() async throws
}

extension CallBenchmark: DatabaseBenchmark {}
extension StoreBenchmark: DatabaseBenchmark {}
extension ProjectionBenchmark: DatabaseBenchmark {}
extension HTTPBenchmark: DatabaseBenchmark {}
extension ReadsBenchmark: DatabaseBenchmark {}
extension WebBenchmark: DatabaseBenchmark {}
extension AbuseBenchmark: DatabaseBenchmark {}
extension WebhookBenchmark: DatabaseBenchmark {}
extension TreeBenchmark: DatabaseBenchmark {}
