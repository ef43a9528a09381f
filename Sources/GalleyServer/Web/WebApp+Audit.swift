import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// The auditor's pages: a story's history at any version or moment, the diff of two revisions, the export.
extension WebApp {
    func history(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession) async throws
        -> Response
    {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        let query = request.uri.queryParameters
        var shown = story
        if let text = query["version"].map(String.init), !text.isEmpty {
            guard let version = Int64(text), version >= 1 else {
                throw GalleyError.invalidInput("a version is a whole number, 1 or more")
            }
            shown = try await newsroom.story(id, through: version)
        } else if let text = query["at"].map(String.init), !text.isEmpty {
            guard let moment = time.parse(text) else {
                throw GalleyError.invalidInput(
                    "a moment is a date and time such as 2026-12-01T14:05 (\(time.zoneName))")
            }
            shown = try await newsroom.story(id, at: moment)
        }
        let report = try await newsroom.store.verify(stream: ArticleHandler.stream(of: id))
        var page = HistoryPage(
            story: story, shownStory: shown, frame: frame("History: \(story.article.content?.headline ?? id)", session),
            time: time, report: report)
        page.linksProofs = linksProofs
        return templates.response(page)
    }

    func diff(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession) async throws
        -> Response
    {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        let query = request.uri.queryParameters
        let latest = story.article.revision
        func revision(_ name: Substring, _ fallback: Int) throws -> Int {
            guard let text = query[name].map(String.init), !text.isEmpty else { return fallback }
            guard let value = Int(text) else { throw GalleyError.invalidInput("a revision is a whole number") }
            return value
        }
        let diff = try RevisionDiff(
            story, from: try revision("from", max(1, latest - 1)), to: try revision("to", latest))
        return templates.response(
            DiffPage(diff, story: story, frame: frame("Changes: \(story.article.content?.headline ?? id)", session)))
    }

    /// The story's events as a JSON-lines export with its header and manifest, for `galley verify --file` or
    /// `scripts/verify-chain.py` to check offline.
    func export(_ context: GalleyRequestContext) async throws -> Response {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        var manifest = ExportManifest()
        var lines = [ExportManifest.headerLine(after: 0)]
        for event in story.events {
            lines.append(event.exportLine())
            manifest.add(event)
        }
        lines.append(manifest.trailerLine)
        var headers = HTTPFields()
        headers[.contentType] = "application/jsonl; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"story-\(id).jsonl\""
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
    }
}
