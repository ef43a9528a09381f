import Foundation
import Galley

/// The signed-in person's inbox: what asks something of them, newest first, unread items marked, and the form
/// that marks everything read up to the newest item shown.
struct InboxPage {
    struct Item {
        var id: String
        var slug: String
        var headline: String
        var stage: String
        /// Who did what: "bo sent it back to you".
        var what: String
        var text: String?
        var at: String
        var unread: Bool
    }

    var frame: Frame
    var items: [Item]
    /// "3 unread", or that nothing is.
    var summary: String
    /// Whether anything is unread, so that the form to mark it read is offered.
    var canMarkRead: Bool
    /// The newest item's position: the form marks up to it, so an item arriving meanwhile stays unread.
    var through: String
    var more: String?
    var none: Bool
}

extension InboxPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "items": { $0.items },
        "summary": { $0.summary },
        "canMarkRead": { $0.canMarkRead },
        "through": { $0.through },
        "more": { $0.more },
        "none": { $0.none },
    ]
}

extension InboxPage.Item: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "slug": { $0.slug },
        "headline": { $0.headline },
        "stage": { $0.stage },
        "what": { $0.what },
        "text": { $0.text },
        "at": { $0.at },
        "unread": { $0.unread },
    ]
}

extension InboxPage: WebPageView {
    static let template = "inbox"
}
