import Coding
import Editorial
import EventStore
import Foundation
import Postgres

/// Follows the log and queues what each endpoint is to hear, in the transaction that moves its checkpoint: the
/// queue then holds every event once, whatever crashes, and the sender works from the queue alone.
///
/// For each event that means something to subscribers (`WebhookEventType.of`), the story is folded up to it, its
/// ninjs item made with the one public rule (`Publicity`), and a row queued for each enabled endpoint whose
/// subscriber's product holds the story: due at once for an embargo partner (the item says `embargoed`), at the
/// public time for everyone else. An embargoed story that stops being on its way out (pulled back, recalled,
/// spiked) cancels the rows still waiting for its public time.
struct WebhookFollower: Sendable {
    /// The checkpoint's name in `subscriptions`.
    static let name = "webhooks"
    /// Items larger than this travel as their address (Standard Webhooks advises small payloads).
    static let largestItem = 20 * 1_024
    /// The channel that wakes the senders once a batch is queued.
    static let channel = "galley_webhooks"

    /// The public site's base address, for the address of an item too large to send.
    var baseURL: String?

    /// An endpoint that is to hear of events, with its subscriber's product.
    struct Listener {
        var id: String
        var fromPosition: Int64
        var product: SubscriberProduct
    }

    /// A queued delivery, before it is written.
    struct Row {
        var endpoint: String
        var position: Int64
        var story: String
        var type: WebhookEventType
        var body: String
        var due: Date
    }

    /// The subscription handler.
    func handle(_ events: [RecordedEvent], on session: Session) throws {
        let interesting = events.filter { recorded in
            ArticleHandler.articleID(ofStream: recorded.streamID) != nil
                && ArticleEventKind(rawValue: recorded.type).map(Self.matters) == true
        }
        guard !interesting.isEmpty else { return }
        let listeners = try Self.listeners(on: session)
        guard !listeners.isEmpty else { return }
        var rows: [Row] = []
        var cancels: [(story: String, after: Date)] = []
        let streams = Array(Set(interesting.map(\.streamID))).sorted()
        let last = interesting.map(\.position).max() ?? 0
        let histories = try EventStore.readStreams(
            streams, after: streams.map { _ in 0 }, through: last, on: session)
        let wanted = Set(interesting.map(\.position))
        for history in histories {
            guard let first = history.first, let id = ArticleHandler.articleID(ofStream: first.streamID) else {
                continue
            }
            var story = Story(id: id)
            for recorded in history {
                try story.apply(recorded, keepingEvent: false)
                guard wanted.contains(recorded.position) else { continue }
                let at = recorded.recordedAt
                let view = StoryView(story)
                let type = ArticleEventKind(rawValue: recorded.type).flatMap(WebhookEventType.of)
                // A story no longer on its way out takes back what still waits for its public time; so does one
                // published again (its embargo lifted or moved), whose new event says when it is public.
                if type == .published
                    || !Publicity.wasPublished(stage: story.article.stage, publicAt: story.article.publicAt)
                {
                    cancels.append((id, at))
                    rows.removeAll { $0.story == id && $0.due > at }
                }
                if let type { rows += queue(type, view, at: at, position: recorded.position, listeners) }
            }
        }
        for cancel in cancels {
            try session.execute(
                """
                UPDATE webhook_deliveries SET state = 'canceled'
                WHERE story_id = $1 AND state = 'pending' AND due_at > $2 AND attempts = 0
                """, [cancel.story, cancel.after])
        }
        guard !rows.isEmpty else { return }
        try session.execute(
            """
            INSERT INTO webhook_deliveries (endpoint_id, message_id, position, story_id, type, body, due_at, next_at)
            SELECT r.endpoint, 'msg_' || r.position, r.position, r.story, r.type, r.body, r.due, r.due
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                AS r (endpoint, position, story, type, body, due)
            ON CONFLICT (endpoint_id, message_id) DO NOTHING
            """,
            [
                rows.map(\.endpoint), rows.map(\.position), rows.map(\.story), rows.map(\.type.rawValue),
                rows.map(\.body), rows.map(\.due),
            ])
        _ = try session.query("SELECT pg_notify($1, '')", [Self.channel])
    }

    /// The rows one event queues: for every listener that was there before it and whose subscriber's product
    /// holds the story when the row falls due (the one rule of what a partner receives, `SubscriberProduct`).
    private func queue(
        _ type: WebhookEventType, _ view: StoryView, at: Date, position: Int64, _ listeners: [Listener]
    ) -> [Row] {
        let publicAt = max(view.publicAt ?? at, at)
        var bodies: [Date: String] = [:]
        var rows: [Row] = []
        for listener in listeners where position > listener.fromPosition {
            // An embargo partner hears at once; everyone else hears of a story when it is public.
            let due = listener.product.embargoPartner || !type.waitsForPublicTime ? at : publicAt
            guard listener.product.receives(view, at: due) else { continue }
            let body = bodies[due] ?? Self.body(type, view, at: due, baseURL: baseURL)
            bodies[due] = body
            rows.append(
                Row(endpoint: listener.id, position: position, story: view.id, type: type, body: body, due: due))
        }
        return rows
    }

    /// The payload: `{"type", "timestamp", "data"}`, the data the story's ninjs item as it stands at `at`, or
    /// the item's address when the item is too large.
    static func body(_ type: WebhookEventType, _ view: StoryView, at: Date, baseURL: String?) -> String {
        var data = NinjsDocument.make(view, now: at)
        if data.canonicalText.utf8.count > largestItem {
            let path = "/content/v1/items/\(view.id)?version=\(view.revision)"
            data = .object([
                "uri": .string("urn:galley:article:\(view.id)"), "version": .string(String(view.revision)),
                "url": .string((baseURL ?? "") + path),
            ])
        }
        return JSONValue.object([
            "type": .string(type.rawValue), "timestamp": .string(Timestamp.rfc3339(at)), "data": data,
        ]).canonicalText
    }

    /// Whether an event of this kind can queue a delivery, or cancel one by taking a story back from its way out.
    static func matters(_ kind: ArticleEventKind) -> Bool {
        WebhookEventType.of(kind) != nil
            || [.spiked, .factCheckReopened, .sentBack, .pulledBack, .recalled].contains(kind)
    }

    /// Every enabled endpoint of an enabled subscriber, with the subscriber's product.
    static func listeners(on session: Session) throws -> [Listener] {
        try session.query(
            """
            SELECT e.id, e.from_position, s.desks, s.languages, s.embargo_partner
            FROM webhook_endpoints e JOIN subscribers s ON s.name = e.subscriber
            WHERE e.enabled AND NOT s.disabled ORDER BY e.id
            """
        ).map { row in
            Listener(
                id: try row.decode("id"), fromPosition: try row.decode("from_position"),
                product: SubscriberProduct(
                    checkedDesks: Set(try row.decode("desks", as: [String].self)),
                    languages: Set(try row.decode("languages", as: [String].self)),
                    embargoPartner: try row.decode("embargo_partner")))
        }
    }
}
