/// What of the log one subscriber's endpoints hear: its product (desks and languages) and whether it is an
/// embargo partner, which hears of an embargoed story at once instead of at its public time.
struct WebhookAudience: Sendable {
    /// The desks it receives; empty: every desk.
    var desks: Set<String> = []
    /// The languages it receives; empty: every language.
    var languages: Set<String> = []
    /// Whether it hears of embargoed stories before their time.
    var embargoPartner = false

    /// Whether a story of this desk and language is in its product.
    func receives(desk: String, language: String) -> Bool {
        (desks.isEmpty || desks.contains(desk)) && (languages.isEmpty || languages.contains(language))
    }
}
