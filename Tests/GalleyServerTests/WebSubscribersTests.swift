import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

/// The Partners page against the real cluster: what an admin does there is what `galley subscribers` does,
/// recorded in the log as made by that admin; nobody else gets in.
@Suite("Partners in the web app")
struct WebSubscribersTests {
    @Test("someone who is not an admin is refused the Partners page and its forms with 403, and sees no link")
    func notAdmin() async throws {
        try await WebPeopleTests().withPeople { client, pool, _, ana in
            let page = try await ana.get(client, "/subscribers")
            #expect(page.status == .forbidden)
            #expect(String(buffer: page.body).contains("only admins manage partners; ask an admin to make the change"))
            let post = try await ana.post(client, "/subscribers", "name=wire&desks=city")
            #expect(post.status == .forbidden)
            #expect(try await SubscriberDirectory(pool: pool).find("wire") == nil)
            #expect(!String(buffer: try await ana.get(client, "/").body).contains("href=\"/subscribers\""))
        }
    }

    @Test("an admin adds a partner, issues a token shown once, disables and enables it; the log says the admin did")
    func adminChanges() async throws {
        try await WebPeopleTests().withPeople { client, pool, ada, _ in
            let empty = String(buffer: try await ada.get(client, "/subscribers").body)
            #expect(empty.contains("href=\"/subscribers\" aria-current=\"page\">Partners</a>"))
            #expect(empty.contains("No partner receives stories yet."))
            let added = try await ada.post(
                client, "/subscribers", "name=wire&desks=city%2C+world&languages=en&embargo_partner=on")
            #expect(added.status == .seeOther && added.headers[.location] == "/subscribers?done=added")
            let listed = String(buffer: try await ada.get(client, "/subscribers?done=added").body)
            #expect(listed.contains("Added. Issue a token below for the partner to read the content API with."))
            #expect(listed.contains("<td>wire</td><td>city, world</td><td>en</td><td>before their time</td>"))

            let issued = try await ada.post(client, "/subscribers/wire/token", "")
            #expect(issued.status == .ok && issued.headers[.cacheControl] == "no-store")
            let page = String(buffer: issued.body)
            let token = try #require(
                page.firstMatch(of: #/<code id="issued-token">(gsub_[^<]+)</code>/#).map { String($0.output.1) })
            #expect(try await SubscriberTokenStore(pool: pool).subscriber(for: token)?.name == "wire")
            #expect(!String(buffer: try await ada.get(client, "/subscribers").body).contains(token), "shown once")

            for (action, location) in [
                ("disable", "/subscribers?done=disable"), ("disable", "/subscribers?done=disable-same"),
                ("enable", "/subscribers?done=enable"),
            ] {
                let response = try await ada.post(client, "/subscribers/wire/\(action)", "")
                #expect(response.status == .seeOther && response.headers[.location] == location, "\(action)")
            }
            let history = try await SubscriberDirectory(pool: pool).history(of: "wire")
            #expect(
                history.map(\.type) == [
                    "SubscriberAdded", "SubscriberTokenIssued", "SubscriberDisabled", "SubscriberEnabled",
                ])
            #expect(try history.allSatisfy { try $0.actor() == "ada" })
        }
    }

    @Test("a refused form comes back as typed with the reason, and writes nothing")
    func refusals() async throws {
        try await WebPeopleTests().withPeople { client, pool, ada, _ in
            let noDesk = try await ada.post(client, "/subscribers", "name=wire&desks=+&languages=en")
            #expect(noDesk.status == .badRequest)
            let page = String(buffer: noDesk.body)
            #expect(page.contains("a subscriber receives at least one desk"))
            #expect(page.contains(#"id="languages" name="languages" value="en""#))
            let badName = try await ada.post(client, "/subscribers", "name=Wire&desks=city")
            #expect(badName.status == .badRequest)
            #expect(
                String(buffer: badName.body).contains(
                    "a subscriber name starts with a-z and has up to 63 of a-z, 0-9, &#39;.&#39;, &#39;_&#39;, &#39;-&#39;: Wire"
                ))
            let unknown = try await ada.post(client, "/subscribers/zed/token", "")
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("there is no active subscriber named zed"))
            #expect(try await SubscriberDirectory(pool: pool).list().items.isEmpty)
        }
    }

    @Test("a partner's webhooks page lists its endpoints and deliveries; sending again an unknown event is refused")
    func webhooks() async throws {
        try await WebPeopleTests().withPeople { client, pool, ada, ana in
            let added = try await ada.post(client, "/subscribers", "name=wire&desks=city")
            #expect(added.status == .seeOther)
            let listed = String(buffer: try await ada.get(client, "/subscribers").body)
            #expect(listed.contains(#"<a href="/subscribers/wire/webhooks">Webhooks</a>"#))
            let none = String(buffer: try await ada.get(client, "/subscribers/wire/webhooks").body)
            #expect(none.contains("No endpoint yet.") && none.contains("No delivery attempted yet."))
            let (endpoint, _) = try await WebhookEndpoints(pool: pool).add(
                subscriber: "wire", url: "http://127.0.0.1:9/hook", address: WebhookAddress(allowsPrivate: true))
            #expect(try await WebhookEndpoints(pool: pool).disable(endpoint.id, reason: "partner moved"))
            let page = String(buffer: try await ada.get(client, "/subscribers/wire/webhooks").body)
            #expect(page.contains("<td><code>\(endpoint.id)</code></td><td>http://127.0.0.1:9/hook</td>"))
            #expect(page.contains("<td>disabled: partner moved</td>"))
            let refused = try await ada.post(client, "/subscribers/wire/redeliver", "message=msg_1")
            #expect(refused.status == .notFound)
            #expect(String(buffer: refused.body).contains("no delivery msg_1 to wire&#39;s endpoints"))
            #expect(try await ana.get(client, "/subscribers/wire/webhooks").status == .forbidden)
        }
    }

}
