import Foundation

extension URL {
    /// `path` under this address as a prefix (`https://news.example.org/log` and `tile/0/000`), however many
    /// slashes the prefix was given with.
    func joining(_ path: String) -> String {
        var prefix = absoluteString
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix + "/" + path
    }
}
