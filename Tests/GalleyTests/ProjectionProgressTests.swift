import Testing

@testable import Galley

@Suite("Reads wait in process")
struct ProjectionProgressTests {
    @Test("a read waits for the projections to commit what the process has seen, and no longer than its bound")
    func waitsInMemory() async {
        let progress = ProjectionProgress(projections: ["articles", "board"])
        for name in ["articles", "board"] {
            progress.running(name, true)
            progress.committed(name, through: 10)
        }
        #expect(progress.runsAll)
        #expect(await progress.waitForReadModels(timeout: .seconds(1)) == 0)

        progress.saw(12)  // a command of this process appended up to 12
        let waiting = Task { await progress.waitForReadModels(timeout: .seconds(5)) }
        try? await Task.sleep(for: .milliseconds(50))
        progress.committed("articles", through: 12)
        progress.committed("board", through: 12)
        #expect(await waiting.value == 0)

        progress.saw(20)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await progress.waitForReadModels(timeout: .milliseconds(100)) == 8)
        #expect(clock.now - start < .seconds(1))
        progress.running("board", false)
        #expect(!progress.runsAll)
    }
}
