import Foundation

/// What IPTC's ninjs 2.2 JSON Schema (specification/ninjs-schema_2.2.json of github.com/iptc/newsinjson) asks of
/// a news item, restated here for the properties Galley writes: the schema's own text is not copied.
///
/// An item is an object whose only required property is `uri`, and which may hold no property the schema does not
/// name. Times are RFC 3339 date-times, addresses URIs; `type`, `pubstatus` and `representationtype` take closed
/// sets of words. Headlines, bodies and descriptions are lists of objects that must carry a `value` and may carry
/// only a `role`, a `contenttype` and (bodies) numeric `wordcount` and `charcount`. A trust indicator may carry a
/// `role` and an `href`, both URIs, and a `title`. The `standard` object names the standard, its version and a
/// schema URI. An association is an item itself, which must also have a `name`.
enum NinjsShape {
    /// Every top-level property ninjs 2.2 names.
    static let known: Set<String> = [
        "uri", "type", "representationtype", "profile", "version", "firstcreated", "versioncreated",
        "contentcreated", "embargoed", "pubstatus", "urgency", "copyrightholder", "copyrightnotice", "usageterms",
        "ednote", "language", "descriptions", "bodies", "headlines", "people", "organisations", "places",
        "subjects", "events", "objects", "infosources", "title", "by", "slugline", "located", "renditions",
        "associations", "altids", "trustindicators", "standard", "genres", "expires", "rightsinfo",
        "digitalsourcetype",
    ]
    static let closedSets: [String: Set<String>] = [
        "type": ["text", "audio", "video", "picture", "graphic", "composite", "component"],
        "pubstatus": ["usable", "withheld", "canceled"],
        "representationtype": ["full", "partial"],
    ]
    static let times: Set<String> = ["firstcreated", "versioncreated", "contentcreated", "embargoed", "expires"]
    static let texts: Set<String> = [
        "version", "language", "slugline", "by", "ednote", "profile", "title", "copyrightholder", "copyrightnotice",
        "usageterms", "located",
    ]

    /// What is wrong with `item` as a ninjs 2.2 news item; empty when nothing is.
    static func problems(_ item: [String: Any], at place: String = "item") -> [String] {
        var problems: [String] = []
        if !isURI(item["uri"]) { problems.append("\(place): uri is required, and a URI") }
        for (key, value) in item {
            let at = "\(place).\(key)"
            if !known.contains(key), !(place.hasSuffix("]") && key == "name") {
                problems.append("\(at) is not a ninjs 2.2 property")
            } else if let words = closedSets[key] {
                if !(value is String) || !words.contains(value as! String) {
                    problems.append("\(at) is not one of \(words.sorted())")
                }
            } else if times.contains(key) {
                if !isTime(value) { problems.append("\(at) is not a date-time") }
            } else if texts.contains(key) || key == "name" {
                if !(value is String) { problems.append("\(at) is not a string") }
            } else if ["headlines", "descriptions", "bodies"].contains(key) {
                let counts: Set<String> = key == "bodies" ? ["wordcount", "charcount"] : []
                problems += objects(value, at: at, allowed: Set(["role", "contenttype", "value"]).union(counts)) {
                    entry, at in
                    var found: [String] = []
                    if !(entry["value"] is String) { found.append("\(at): value is required, and a string") }
                    for count in counts where entry[count] != nil && !(entry[count] is NSNumber) {
                        found.append("\(at).\(count) is not a number")
                    }
                    return found
                }
            } else if key == "trustindicators" {
                problems += objects(value, at: at, allowed: ["role", "title", "href"]) { entry, at in
                    (["role", "href"].filter { entry[$0] != nil && !isURI(entry[$0]) }.map {
                        "\(at).\($0) is not a URI"
                    })
                        + (entry["title"] == nil || entry["title"] is String ? [] : ["\(at).title is not a string"])
                }
            } else if key == "standard" {
                problems += objects([value], at: at, allowed: ["name", "version", "schema"]) { entry, at in
                    entry["schema"] == nil || isURI(entry["schema"]) ? [] : ["\(at).schema is not a URI"]
                }
            } else if key == "associations" {
                problems += objects(value, at: at, allowed: known.union(["name"])) { entry, at in
                    (entry["name"] is String ? [] : ["\(at): name is required"]) + Self.problems(entry, at: at)
                }
            }
        }
        return problems
    }

    /// The problems of a list of objects, each holding only `allowed` keys and checked by `check`.
    static func objects(
        _ value: Any?, at place: String, allowed: Set<String>, check: ([String: Any], String) -> [String]
    ) -> [String] {
        guard let list = value as? [Any] else { return ["\(place) is not a list"] }
        return list.enumerated().flatMap { index, element -> [String] in
            let at = "\(place)[\(index)]"
            guard let entry = element as? [String: Any] else { return ["\(at) is not an object"] }
            return entry.keys.filter { !allowed.contains($0) }.sorted().map { "\(at).\($0) is not allowed" }
                + check(entry, at)
        }
    }

    static func isURI(_ value: Any?) -> Bool {
        guard let text = value as? String, let url = URL(string: text), let scheme = url.scheme else { return false }
        return !scheme.isEmpty
    }

    static func isTime(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return ISO8601DateFormatter().date(from: text) != nil
    }
}
