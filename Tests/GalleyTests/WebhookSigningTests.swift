import Foundation
import Testing

@testable import Galley

/// The pieces of webhook delivery that need no database: signatures, the retry schedule, which addresses an
/// endpoint may have.
@Suite("Webhook signing, schedule and addresses")
struct WebhookSigningTests {
    static let body = Data(#"{"type":"story.published"}"#.utf8)

    @Test("a signature is v1 and the base64 HMAC-SHA256 of id.timestamp.body, keyed with the secret's bytes")
    func signature() {
        // Worked out apart with Python's hmac module.
        let secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        #expect(
            WebhookSigner.signature(id: "msg_42", timestamp: 1_796_640_000, body: Self.body, secrets: [secret])
                == "v1,dxx/vEVeOvZT5Ao+kqWYFyivpmfHNGC1s2jdoI7MZYo=")
    }

    @Test("during a rotation both secrets sign, separated by a space")
    func rotation() {
        let secrets = [
            "whsec_ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=", "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        ]
        #expect(
            WebhookSigner.signature(id: "msg_42", timestamp: 1_796_640_000, body: Self.body, secrets: secrets)
                == "v1,P8jnQNfgJMKTLqq5AlnJk5a2kVZ1rGlFf0aXwWFOHNg= v1,dxx/vEVeOvZT5Ao+kqWYFyivpmfHNGC1s2jdoI7MZYo=")
    }

    @Test("a new secret is whsec_ and 32 random bytes, never the same twice")
    func newSecret() {
        let (one, two) = (WebhookSigner.newSecret(), WebhookSigner.newSecret())
        #expect(one.hasPrefix("whsec_") && WebhookSigner.key(of: one)?.count == 32 && one != two)
    }

    @Test("the standard schedule: eight attempts, 5 s to 10 h apart, each spread by at most 10 %")
    func schedule() throws {
        let schedule = RetrySchedule.standard
        #expect(schedule.attempts == 8)
        let third = try #require(schedule.delay(after: 3))
        #expect(third >= .seconds(1_620) && third <= .seconds(1_980))
        #expect(schedule.delay(after: 8) == nil)
        #expect(RetrySchedule(seconds: "0.2, 1")?.delays == [.milliseconds(200), .seconds(1)])
        #expect(RetrySchedule(seconds: "5,soon") == nil && RetrySchedule(seconds: "-1") == nil)
    }

    @Test("loopback, link-local, private, shared and multicast addresses are not public; others are")
    func privateAddresses() {
        func isPrivate(_ host: String) -> Bool {
            WebhookAddress.resolve(host).contains(where: WebhookAddress.isPrivate)
        }
        for host in [
            "127.0.0.1", "10.0.0.8", "172.16.4.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "localhost",
        ] {
            #expect(isPrivate(host), "\(host)")
        }
        for host in ["93.184.216.34", "172.32.0.1", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"] {
            #expect(!isPrivate(host), "\(host)")
        }
    }

    @Test("a receiver's Retry-After is taken in seconds or as an HTTP date, and held to a day")
    func retryAfterBounded() {
        #expect(EndpointSender.retryAfter("120") == .seconds(120))
        #expect(EndpointSender.retryAfter("9223372036854775807") == .seconds(86_400))
        #expect(EndpointSender.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT") == .seconds(86_400))
        #expect(EndpointSender.retryAfter("soon") == nil && EndpointSender.retryAfter("-1") == nil)
    }

}
