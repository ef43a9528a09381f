public import Galley
public import Logging
import ServiceLifecycle
import UnixSignals

/// Webhook delivery as a service: in `galley serve`'s application, or alone for `galley deliver`. It stops on
/// graceful shutdown; what was not sent stays queued for the next process.
struct WebhookService: Service {
    let deliverer: WebhookDeliverer

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            do {
                try await deliverer.run()
            } catch is CancellationError {
                return
            }
        }
    }

}

/// `galley deliver`: webhook delivery as a process of its own.
public enum DeliveryProcess {
    /// Runs delivery alone until SIGTERM or SIGINT.
    public static func run(_ deliverer: WebhookDeliverer, logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: WebhookService(deliverer: deliverer))],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
