import Foundation
import NIOCore

/// The proxies whose `X-Forwarded-For` is believed, and so who the client of a request is: without any, the peer
/// of the connection is the client, whatever the request's headers say.
public struct TrustedProxies: Sendable, Equatable {
    /// The proxies' addresses, each in one spelling (see `normalized`).
    public var addresses: Set<String>

    /// Trusts these addresses; text that is not an IP address is left out (check it first with `normalized`).
    public init(_ addresses: [String] = []) {
        self.addresses = Set(addresses.compactMap(Self.normalized))
    }

    /// An IP address in one spelling (`::1` for `0:0::1`), so that one address is one key; nil when `text` is none.
    public static func normalized(_ text: some StringProtocol) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let address = try? SocketAddress(ipAddress: trimmed, port: 0) else { return nil }
        return address.ipAddress
    }

    /// Whether a connection's peer is a trusted proxy (whose connections carry many clients).
    func trusts(_ peer: SocketAddress?) -> Bool {
        peer?.ipAddress.flatMap(Self.normalized).map(addresses.contains) ?? false
    }

    /// The client of a request that came from `peer` with these `X-Forwarded-For` values: the peer itself unless it
    /// is a trusted proxy, else the nearest address the proxies name that is not one of theirs. Each proxy appends
    /// the address it heard from, so only the entries right of the last untrusted one were written by a proxy.
    func client(peer: SocketAddress?, forwardedFor: [String]) -> String {
        guard var client = peer?.ipAddress.flatMap(Self.normalized) else { return "unknown" }
        guard addresses.contains(client) else { return client }
        for hop in forwardedFor.flatMap({ $0.split(separator: ",") }).reversed() {
            // An entry that is no address: the trusted proxy that passed it on answers for the request.
            guard let address = Self.normalized(hop) else { break }
            client = address
            if !addresses.contains(address) { break }
        }
        return client
    }
}
