import Coding
import Crypto
import Foundation
import Hummingbird
import Mustache

/// The web app's templates (mustache, escaping every value by default) and its two assets, loaded once.
struct WebTemplates: Sendable {
    let library: MustacheLibrary
    /// The stylesheet and the script, by file name.
    let assets: [String: String]

    /// Every page's view, each naming its template.
    static var pages: [any WebPageView.Type] {
        [
            BoardPage.self, StoryPage.self, HistoryPage.self, DiffPage.self, SearchPage.self,
            LoginPage.self, MessagePage.self, NewStoryPage.self, SchedulePage.self, InboxPage.self, PeoplePage.self,
            PersonPage.self, NewsPage.self, NewsIndexPage.self, NewsGonePage.self, SubscribersPage.self,
            WebhooksPage.self,
        ]
    }

    /// The templates that pages include: the frame around every page, and a story-page control.
    static let partials = ["layout", "control", "site"]

    /// Every view a template renders, the pages' and those inside them: together they answer every key a
    /// template looks up (`WebTemplateKeyTests` holds the templates to it).
    static var views: [any TemplateView.Type] {
        pages.map { $0 as any TemplateView.Type } + [
            Frame.self, UserView.self, Segment.self, Note.self, Choice.self, BoardPage.Column.self,
            BoardPage.Card.self, BoardPage.Move.self, BoardPage.People.self, StoryPage.Controls.self,
            StoryPage.ClaimView.self,
            StoryPage.VerdictView.self, StoryPage.EditForm.self, StoryPage.Conflict.self, StoryPage.FieldChange.self,
            ControlView.self, ControlView.FieldView.self, HistoryPage.Event.self, HistoryPage.Snapshot.self,
            HistoryPage.Verification.self, SearchPage.Hit.self, StoryText.self,
            SchedulePage.Day.self, SchedulePage.Entry.self, InboxPage.Item.self, PeoplePage.Person.self,
            PersonPage.Token.self, NewsIndexPage.Entry.self, SubscribersPage.Row.self, WebhooksPage.Endpoint.self,
            WebhooksPage.Attempt.self,
        ]
    }

    /// Loads the templates and assets from the target's resources; a page's template or a partial that is
    /// missing stops the start, rather than a page answering with nothing.
    static func load() async throws -> WebTemplates {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let assets = Bundle.module.url(forResource: "Assets", withExtension: nil)
        else { throw WebResourcesMissing() }
        let library = try await MustacheLibrary(directory: templates.path)
        let missing = (pages.map { $0.template } + partials).filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else { throw WebResourcesMissing(templates: missing) }
        var files: [String: String] = [:]
        for name in ["galley.css", "galley.js"] {
            files[name] = try String(contentsOf: assets.appendingPathComponent(name), encoding: .utf8)
        }
        return WebTemplates(library: library, assets: files)
    }

    /// `page` rendered with its template as an HTML response.
    func response(_ page: some WebPageView, status: HTTPResponse.Status = .ok) -> Response {
        let html = render(page)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `page` rendered with its template.
    func render(_ page: some WebPageView) -> String {
        // Every page's template was found at start (`load`).
        library.render(page, withTemplate: type(of: page).template) ?? ""
    }

    /// An asset, cached by browsers for an hour and revalidated by its ETag.
    func asset(_ name: String, request: Request) -> Response? {
        guard let text = assets[name] else { return nil }
        let etag =
            "\"" + Hex.encode(SHA256.hash(data: Data(text.utf8)).prefix(8)) + "\""
        var headers = HTTPFields()
        headers[.contentType] = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        headers[.cacheControl] = "public, max-age=3600"
        headers[.eTag] = etag
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The web app's templates were not installed beside the binary, or some are missing.
struct WebResourcesMissing: Error, CustomStringConvertible {
    /// The templates missing, when the folder was found.
    var templates: [String] = []

    var description: String {
        let which = templates.isEmpty ? "templates are" : "templates \(templates.joined(separator: ", ")) are"
        return
            "the web app's \(which) missing from galley's resources (Galley_GalleyServer.resources): reinstall galley"
    }
}

/// A page's view: a `TemplateView` that names the template it is rendered with.
protocol WebPageView: TemplateView {
    /// The template's name (its file, less `.mustache`).
    static var template: String { get }
}
