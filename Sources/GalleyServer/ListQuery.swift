import Coding
import Editorial
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// A list's query string: its filters, page size and cursor, read strictly (an unknown value is 400).
struct ListQuery {
    let parameters: [String: String]

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        self.parameters = parameters
    }

    /// `limit`, from 1 to the largest page.
    func limit() throws -> Int { try PageCursor.limit(parameters["limit"].map(Self.integer)) }

    /// `after`: the cursor of the page before.
    var cursor: String? { parameters["after"] }

    /// The filters: stage, desk, assignee, author, mine (what the acting user drafted or is assigned to), embargoed, and
    /// updated or published after and before RFC 3339 times.
    func filter(for user: User) throws -> StoryFilter {
        var filter = StoryFilter()
        if let text = parameters["stage"] {
            guard let stage = Stage(rawValue: text) else {
                throw GalleyError.invalidInput(
                    "stage is one of \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.stage = stage
        }
        filter.desk = parameters["desk"]
        filter.assignee = parameters["assignee"]
        filter.author = parameters["author"]
        if try flag("mine") == true { filter.mine = user.name }
        filter.embargoed = try flag("embargoed")
        filter.updatedAfter = try time("updated_after")
        filter.updatedBefore = try time("updated_before")
        filter.publishedAfter = try time("published_after")
        filter.publishedBefore = try time("published_before")
        for value in [filter.desk, filter.assignee, filter.author].compactMap(\.self) {
            if let problem = TextRule.problem(value, field: "a filter", maxLength: 200) {
                throw GalleyError.invalidInput(problem)
            }
        }
        return filter
    }

    func flag(_ name: String) throws -> Bool? {
        switch parameters[name] {
        case nil: nil
        case "true": true
        case "false": false
        default: throw GalleyError.invalidInput("\(name) is true or false")
        }
    }

    func time(_ name: String) throws -> Date? {
        guard let text = parameters[name] else { return nil }
        guard let date = EditorialCoding.date(from: text) else {
            throw GalleyError.invalidInput("\(name) must be an RFC 3339 time such as 2026-12-01T06:00:00Z")
        }
        return date
    }

    static func integer(_ text: String) throws -> Int {
        guard let value = Int(text) else { throw GalleyError.invalidInput("limit is a number") }
        return value
    }

    static let link = HTTPField.Name("Link")!

    /// A page as `{"items": [...], "next": CURSOR|null}` with, when there is more, `Link: <...>; rel="next"`
    /// (RFC 8288) to the same list after it.
    static func response(_ items: [JSONValue], next: String?, request: Request, extra: [String: JSONValue] = [:])
        -> Response
    {
        var object = extra
        object["items"] = .array(items)
        object["next"] = next.map(JSONValue.string) ?? .null
        var response = JSONValueWriter.response(.object(object))
        if let next {
            var query = ListQuery(request).parameters
            query["after"] = next
            let text = query.sorted { $0.key < $1.key }.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
            }.joined(separator: "&")
            response.headers[Self.link] = "<\(request.uri.path)?\(text)>; rel=\"next\""
        }
        return response
    }
}
