import NIOCore
import Testing

@testable import GalleyServer

@Suite("Who the client is: the peer, or what trusted proxies say it is")
struct TrustedProxiesTests {
    @Test("without trusted proxies the peer is the client, whatever X-Forwarded-For says")
    func noProxies() throws {
        let peer = try SocketAddress(ipAddress: "192.0.2.7", port: 50_000)
        #expect(TrustedProxies().client(peer: peer, forwardedFor: ["198.51.100.1"]) == "192.0.2.7")
        #expect(TrustedProxies(["10.0.0.2"]).client(peer: peer, forwardedFor: ["198.51.100.1"]) == "192.0.2.7")
        #expect(TrustedProxies().client(peer: nil, forwardedFor: ["198.51.100.1"]) == "unknown")
    }

    @Test("behind trusted proxies the client is the nearest address that is not one of them")
    func behindProxies() throws {
        let proxies = TrustedProxies(["10.0.0.2", "10.0.0.3", "0:0::1"])
        let peer = try SocketAddress(ipAddress: "10.0.0.2", port: 50_000)
        #expect(proxies.client(peer: peer, forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        // A client's own X-Forwarded-For comes first; only what the proxies appended is believed.
        #expect(proxies.client(peer: peer, forwardedFor: ["203.0.113.9, 198.51.100.1, 10.0.0.3"]) == "198.51.100.1")
        #expect(proxies.client(peer: peer, forwardedFor: ["203.0.113.9", "198.51.100.1"]) == "198.51.100.1")
        // No header, or one that is no address: the last trusted hop answers for the request.
        #expect(proxies.client(peer: peer, forwardedFor: []) == "10.0.0.2")
        #expect(proxies.client(peer: peer, forwardedFor: ["203.0.113.9, evil"]) == "10.0.0.2")
        #expect(proxies.client(peer: peer, forwardedFor: ["10.0.0.3"]) == "10.0.0.3")
        #expect(
            proxies.client(peer: try SocketAddress(ipAddress: "::1", port: 1), forwardedFor: ["2001:db8::1"])
                == "2001:db8::1")
        #expect(TrustedProxies.normalized("0:0::1") == "::1" && TrustedProxies.normalized("proxy.example") == nil)
    }
}
