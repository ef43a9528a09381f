import EventStore
import Foundation
import Galley
import Hummingbird
import Logging
import Synchronization

/// The numbers `/metrics` shows, in Prometheus' text format: requests by route and status, request latency,
/// appends and conflicts; the projections' lag is read when scraped.
final class ServiceMetrics: Sendable {
    /// Upper bounds of the latency histogram's buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct State {
        var requests: [String: Int] = [:]  // "method route status"
        var latencyCounts = [Int](repeating: 0, count: ServiceMetrics.buckets.count + 1)
        var latencySum = 0.0
        var appends = 0
        var conflicts = 0
    }

    private let state = Mutex(State())

    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests["\(method) \(route) \(status)", default: 0] += 1
            let bucket = Self.buckets.firstIndex { seconds <= $0 } ?? Self.buckets.count
            state.latencyCounts[bucket] += 1
            state.latencySum += seconds
        }
    }

    /// Counts a command's outcome, whichever front end sent it (the API or the web app's forms).
    func record(_ outcome: CommandOutcome) {
        state.withLock { state in
            switch outcome {
            case .appended: state.appends += 1
            case .replayed: break
            case .conflict: state.conflicts += 1
            }
        }
    }

    /// The text a Prometheus scrape reads.
    func render(projections: [ProjectionStatus]) -> String {
        let state = state.withLock { $0 }
        var lines = [
            "# HELP galley_http_requests_total HTTP requests by method, route and status.",
            "# TYPE galley_http_requests_total counter",
        ]
        for key in state.requests.keys.sorted() {
            let parts = key.split(separator: " ", maxSplits: 2).map(String.init)
            lines.append(
                "galley_http_requests_total{method=\"\(parts[0])\",route=\"\(parts[1])\",status=\"\(parts[2])\"} "
                    + "\(state.requests[key]!)")
        }
        lines += [
            "# HELP galley_http_request_duration_seconds Time to answer a request.",
            "# TYPE galley_http_request_duration_seconds histogram",
        ]
        var cumulative = 0
        for (index, bound) in Self.buckets.enumerated() {
            cumulative += state.latencyCounts[index]
            lines.append("galley_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)")
        }
        cumulative += state.latencyCounts[Self.buckets.count]
        lines += [
            "galley_http_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)",
            "galley_http_request_duration_seconds_sum \(state.latencySum)",
            "galley_http_request_duration_seconds_count \(cumulative)",
            "# HELP galley_appends_total Commands that appended events.",
            "# TYPE galley_appends_total counter",
            "galley_appends_total \(state.appends)",
            "# HELP galley_conflicts_total Commands the handler refused because the story had moved on (409, 412).",
            "# TYPE galley_conflicts_total counter",
            "galley_conflicts_total \(state.conflicts)",
            "# HELP galley_projection_lag_events Events each projection has still to handle.",
            "# TYPE galley_projection_lag_events gauge",
        ]
        for status in projections {
            lines.append("galley_projection_lag_events{projection=\"\(status.name)\"} \(status.lag)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Counts and times every request, and logs it with its request id (never a header's value).
struct RequestMetrics: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request, context)
        let seconds = (clock.now - start) / .seconds(1)
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(
            method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", seconds * 1_000)),
            ])
        return response
    }
}
