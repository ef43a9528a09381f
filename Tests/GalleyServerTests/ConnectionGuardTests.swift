import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import GalleyServer

@Suite("The connection guard's caps: in all, and for one client address")
struct ConnectionGuardTests {
    /// A connection from `address` through a guard sharing `count`: open unless the guard closed it at once.
    static func connect(
        from address: String, limits: ConnectionLimits, count: ConnectionGuard.Count, proxies: TrustedProxies
    ) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            ConnectionGuard(limits: limits, count: count, proxies: proxies, logger: Logger(label: "test")))
        // An embedded channel's peer is the address it connects to.
        try channel.connect(to: SocketAddress(ipAddress: address, port: 40_000)).wait()
        return channel
    }

    @Test("one address holds at most its share of connections; others and trusted proxies are still served")
    func perAddress() throws {
        var limits = ConnectionLimits()
        limits.maxConnections = 9
        limits.maxConnectionsPerAddress = 2
        let (count, proxies) = (ConnectionGuard.Count(), TrustedProxies(["10.0.0.2"]))
        func connect(_ address: String) throws -> EmbeddedChannel {
            try Self.connect(from: address, limits: limits, count: count, proxies: proxies)
        }
        let first = try [connect("192.0.2.1"), connect("192.0.2.1")]
        #expect(first.allSatisfy { $0.isActive })
        #expect(try !connect("192.0.2.1").isActive, "a third from one address is closed at once")
        #expect(try connect("2001:db8::1").isActive && connect("192.0.2.2").isActive)
        // A trusted proxy carries many clients: only the overall cap holds it.
        let proxied = try (0..<3).map { _ in try connect("10.0.0.2") }
        #expect(proxied.allSatisfy { $0.isActive })
        // A closed connection gives its address's place back.
        try first[0].close().wait()
        #expect(try connect("192.0.2.1").isActive)
        // The overall cap still holds (7 open, 9 allowed), and refused connections hold no place.
        #expect(try connect("192.0.2.3").isActive && connect("192.0.2.4").isActive)
        #expect(try !connect("192.0.2.5").isActive, "past the overall cap")
        #expect(count.open.load(ordering: .relaxed) == 9)
    }
}
