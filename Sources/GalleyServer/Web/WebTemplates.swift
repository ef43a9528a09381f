import Crypto
import Foundation
import Hummingbird
import Mustache

/// The web app's templates (mustache, escaping every value by default) and its two assets, loaded once.
struct WebTemplates: Sendable {
    let library: MustacheLibrary
    /// The stylesheet and the script, by file name.
    let assets: [String: String]

    /// Loads the templates and assets from the target's resources.
    static func load() async throws -> WebTemplates {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let assets = Bundle.module.url(forResource: "Assets", withExtension: nil)
        else { throw WebResourcesMissing() }
        let library = try await MustacheLibrary(directory: templates.path)
        var files: [String: String] = [:]
        for name in ["galley.css", "galley.js"] {
            files[name] = try String(contentsOf: assets.appendingPathComponent(name), encoding: .utf8)
        }
        return WebTemplates(library: library, assets: files)
    }

    /// The page `name` rendered with `page` as an HTML response.
    func response(_ name: String, _ page: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(page, withTemplate: name) ?? "<!doctype html><title>Galley</title><p>page missing"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// An asset, cached by browsers for an hour and revalidated by its ETag.
    func asset(_ name: String, request: Request) -> Response? {
        guard let text = assets[name] else { return nil }
        let etag =
            "\"" + SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined() + "\""
        var headers = HTTPFields()
        headers[.contentType] = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        headers[.cacheControl] = "public, max-age=3600"
        headers[.eTag] = etag
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The web app's templates were not installed beside the binary.
struct WebResourcesMissing: Error, CustomStringConvertible {
    var description: String {
        "the web app's templates are missing from galley's resources (Galley_GalleyServer.resources): reinstall galley"
    }
}
