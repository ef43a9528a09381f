import Foundation

/// The one rule for links a story's record keeps (a claim's source, a verdict's evidence): absolute http(s).
public enum WebLink {
    /// Why `text` is not a web link, or nil when it is.
    public static func problem(_ text: String, what: String) -> String? {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            let host = url.host, !host.isEmpty
        else { return "\(what) must be an http or https link, not \(text.prefix(80))" }
        return nil
    }
}
