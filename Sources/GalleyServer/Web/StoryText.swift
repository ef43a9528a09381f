import Galley

/// A story's text as every page shows it (the story page, a version in its history, the public record): made
/// from the story document in one place, so that the pages cannot each copy the fields their own way.
struct StoryText {
    var headline: String
    var kicker: String?
    /// The bylines on one line.
    var bylines: String
    var body: [String]
    var caption: String?
    /// The story's language (BCP 47), for the `lang` of its text.
    var language: String

    init(_ view: StoryView) {
        headline = view.headline
        kicker = view.kicker
        bylines = view.bylines.joined(separator: ", ")
        body = view.body
        caption = view.photoCaption
        language = view.language
    }
}

extension StoryText: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "headline": { $0.headline },
        "kicker": { $0.kicker },
        "bylines": { $0.bylines },
        "body": { $0.body },
        "caption": { $0.caption },
        "language": { $0.language },
    ]
}
