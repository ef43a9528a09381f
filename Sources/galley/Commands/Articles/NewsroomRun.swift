import ArgumentParser
import Coding
import Editorial
import EventStore
import Foundation
import Galley

/// What every article command does: open the newsroom, resolve who acts, run, print.
enum NewsroomRun {
    /// Runs `body` with a newsroom over a small pool, reporting failures with their exit codes.
    static func with(_ database: DatabaseOptions, _ body: @escaping (Newsroom) async throws -> Void) async throws {
        try await CommandFailure.report {
            try await database.withPool { pool in try await body(Newsroom(pool: pool)) }
        }
    }

    /// Runs `body` over the read models, first bringing them up to the log's head (a projection that another
    /// process runs is waited for), so that a read sees every command that committed before it.
    static func reading(
        _ database: DatabaseOptions, _ body: @escaping (ReadModels, Newsroom) async throws -> Void
    ) async throws {
        try await with(database) { newsroom in
            try await ProjectionRunner(configuration: try database.configuration()).catchUp(using: newsroom.store.pool)
            try await body(ReadModels(pool: newsroom.store.pool), newsroom)
        }
    }

    /// Runs `body` with a newsroom as the acting user, who is checked before anything is read.
    static func with(_ options: ReadOptions, _ body: @escaping (Newsroom, User) async throws -> Void) async throws {
        try await with(options.database) { newsroom in
            try await body(newsroom, try await options.actor.user(in: newsroom))
        }
    }

    /// Runs `body` over the read models, caught up as `reading(_:_:)` does, as the acting user.
    static func reading(
        _ options: ReadOptions, _ body: @escaping (ReadModels, Newsroom, User) async throws -> Void
    ) async throws {
        try await reading(options.database) { readModels, newsroom in
            try await body(readModels, newsroom, try await options.actor.user(in: newsroom))
        }
    }

    /// Performs one command on one story (by id, a unique start of it, or slug) as the acting user and prints
    /// what it did.
    static func perform(
        _ command: @escaping () throws -> ArticleCommand, on story: StoryArgument, _ options: ChangeOptions
    ) async throws {
        try await with(options.database) { newsroom in
            let command = try command()
            let user = try await options.actor.user(in: newsroom)
            let handled = try await newsroom.perform(
                command, on: try await newsroom.resolve(story.id), by: user,
                expectedVersion: options.expectedVersion.version)
            print(options.output.json ? try json(handled) : text(handled))
        }
    }

    /// A handled command for people: one line an event.
    static func text(_ handled: HandledCommand) -> String {
        let lines = zip(handled.events, handled.positions).enumerated().map { index, pair in
            let version = handled.version - Int64(handled.events.count - 1 - index)
            return "\(handled.articleID) v\(version): \(pair.0.summary)"
        }
        let note = handled.isReplay ? "\n(a replay: nothing new was written)" : ""
        return lines.joined(separator: "\n") + note
    }

    /// A handled command for scripts: id, version, the events with their positions.
    static func json(_ handled: HandledCommand) throws -> String {
        let events: [JSONValue] = zip(handled.events, handled.positions).map { event, position in
            .object(["type": .string(event.typeName), "position": .int(position), "summary": .string(event.summary)])
        }
        return JSONValue.object([
            "id": .string(handled.articleID), "version": .int(handled.version), "events": .array(events),
            "replayed": .bool(handled.isReplay),
        ]).canonicalText
    }
}
