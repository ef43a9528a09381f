import Galley
import Logging
import Postgres
import ServiceLifecycle
import Transparency

/// The log's tree as a service of the application: its builder (one process across every server builds, as
/// with the projections) and, with a log key, a checkpoint at most every `interval` while the log grows, which
/// the witnesses are asked to cosign.
struct LogTreeService: Service {
    let builder: LogTreeBuilder
    let signer: NoteSigner?
    let interval: Duration
    let witnessing: CheckpointWitnessing
    let pool: ConnectionPool
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await build() }
                if let signer { group.addTask { await sign(with: LogCheckpointer(signer: signer)) } }
                await group.waitForAll()
            }
        }
    }

    /// Builds until cancelled. An event the builder cannot add stops it (no leaf is ever passed over), so it is
    /// logged and tried again, rather than taking the whole server down.
    private func build() async {
        while !Task.isCancelled {
            do {
                try await builder.run()
            } catch is CancellationError {
                return
            } catch {
                logger.error("the log's tree cannot grow; trying again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }

    /// Signs whenever the tree has grown since the latest checkpoint, then waits `interval`.
    private func sign(with checkpointer: LogCheckpointer) async {
        while !Task.isCancelled {
            do {
                if let signed = try await pool.withConnection({ try await checkpointer.sign(on: $0) }) {
                    logger.info("signed a checkpoint of the log", metadata: ["tree_size": "\(signed.size)"])
                }
                // Also when nothing new was signed: a witness that was down is asked again for the latest.
                await witnessing.cosignLatest(pool: pool)
            } catch is CancellationError {
                return
            } catch {
                logger.error("no checkpoint signed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
