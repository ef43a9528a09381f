import Editorial
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a webhook may be sent: an http(s) URL whose host resolves only to public addresses, unless the
/// configuration allows private ones. An admin's typo, or a partner's hostile URL, then cannot make Galley
/// probe the newsroom's own network (loopback, link-local such as cloud metadata, private ranges).
///
/// The check runs when an endpoint is added and again before every attempt, since a name may resolve
/// elsewhere later.
public struct WebhookAddress: Sendable {
    /// Whether loopback, link-local and private addresses are allowed (tests, a receiver on the same host).
    public var allowsPrivate: Bool

    /// A policy; private addresses refused unless `allowsPrivate`.
    public init(allowsPrivate: Bool = false) { self.allowsPrivate = allowsPrivate }

    /// Why `text` cannot be an endpoint's URL (the message an admin sees), or nil when it can.
    public func problem(_ text: String) -> String? {
        if let problem = WebLink.problem(text, what: "an endpoint's URL") { return problem }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            return "an endpoint's URL must be an http or https link, not \(text.prefix(80))"
        }
        if components.user != nil || components.password != nil {
            return "an endpoint's URL carries no user or password: \(text.prefix(80))"
        }
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = Self.resolve(name)
        guard !addresses.isEmpty else { return "an endpoint's host does not resolve: \(name)" }
        guard !allowsPrivate else { return nil }
        if let address = addresses.first(where: Self.isPrivate) {
            return "an endpoint's host \(name) resolves to \(address.text), a loopback, link-local or private "
                + "address; only public addresses may receive webhooks"
        }
        return nil
    }

    /// An address a name resolves to: its bytes (4 or 16) and how it is written.
    struct Resolved: Sendable, Equatable {
        var bytes: [UInt8]
        var text: String
    }

    /// Every address `host` resolves to (an address written out resolves to itself).
    static func resolve(_ host: String) -> [Resolved] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [Resolved] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            if let address = info.pointee.ai_addr, let resolved = Self.resolved(address, family: info.pointee.ai_family)
            {
                if !found.contains(resolved) { found.append(resolved) }
            }
            next = info.pointee.ai_next
        }
        return found
    }

    private static func resolved(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> Resolved? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch family {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin_addr
                let bytes = withUnsafeBytes(of: &raw) { Array($0) }
                inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
                return Resolved(bytes: bytes, text: text(of: buffer))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin6_addr
                let bytes = withUnsafeBytes(of: &raw) { Array($0) }
                inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
                return Resolved(bytes: bytes, text: text(of: buffer))
            }
        default:
            return nil
        }
    }

    private static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether an address is not on the public internet: unspecified, loopback, link-local, private (RFC 1918,
    /// unique local), shared (RFC 6598), multicast or broadcast; an IPv4-mapped IPv6 address as its IPv4 one.
    static func isPrivate(_ address: Resolved) -> Bool {
        let b = address.bytes
        if b.count == 16 {
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {
                return isPrivate(Resolved(bytes: Array(b[12..<16]), text: address.text))
            }
            if b[0..<15].allSatisfy({ $0 == 0 }) && (b[15] == 0 || b[15] == 1) { return true }  // :: and ::1
            if b[0] == 0xfe && (b[1] & 0xc0) == 0x80 { return true }  // fe80::/10
            if (b[0] & 0xfe) == 0xfc { return true }  // fc00::/7
            return b[0] == 0xff  // multicast
        }
        guard b.count == 4 else { return true }
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        default: return b[0] >= 224
        }
    }
}
