import Logging
import Platform
import ServiceLifecycle

/// Runs open tier moves in the background: at start (resuming moves a restart interrupted), whenever one is
/// requested, and every few seconds while any is unfinished (a failed finish is retried until it succeeds).
struct TierMoveRunner: Service {
    let moves: TierMoves

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let generation = moves.wake.generation
                let open = (try? await moves.database.withTransaction { db in try await TierMoveStore.open(on: db) }) ?? []
                for move in open {
                    if Task.isCancelled { return }
                    await moves.run(move)
                }
                let stillOpen = (try? await moves.database.withTransaction { db in try await TierMoveStore.open(on: db) }) ?? []
                await moves.wake.wait(after: generation, timeout: stillOpen.isEmpty ? .seconds(60) : .seconds(2))
            }
        }
    }
}
