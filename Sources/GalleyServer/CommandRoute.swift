import Editorial
import Foundation
import Galley
import Hummingbird

/// How one command is sent over HTTP: `POST /v1/articles/{id}/` and its path, with a JSON body of its fields.
///
/// Declared once per action in a switch the compiler holds to every action; `ArticleRoutes` registers them all,
/// and the OpenAPI test holds `openapi.json` to them.
struct CommandRoute: Sendable {
    /// The path after the story's id, as the router takes it (`claims/:claimId/verdict`).
    var path: String
    /// The body's fields: any other is refused.
    var fields: Set<String> = []
    /// The command the body (and the path's parameters) ask for; refused only when the input cannot be read.
    var make: @Sendable (JSONBody, Parameters) throws -> ArticleCommand

    /// The route of `action`; nil for a draft, which is `POST /v1/articles` (there is no story yet).
    static func of(_ action: Action) -> CommandRoute? {
        switch action {
        case .draft: return nil
        case .edit:
            return CommandRoute(
                path: "edits", fields: ["headline", "kicker", "bylines", "body", "desk", "photo_caption"]
            ) {
                body, _ in .edit(try body.change())
            }
        case .submit: return CommandRoute(path: "submit") { _, _ in .submit }
        case .recall: return CommandRoute(path: "recall") { _, _ in .recall }
        case .sendToFactCheck: return CommandRoute(path: "fact-check") { _, _ in .sendToFactCheck }
        case .sendBack:
            return CommandRoute(path: "send-back", fields: ["note"]) { body, _ in
                .sendBack(note: try body.requiredString("note"))
            }
        case .addClaim:
            return CommandRoute(path: "claims", fields: ["claim_id", "text", "speaker", "source"]) { body, _ in
                .addClaim(
                    Claim(
                        id: try body.requiredString("claim_id"), text: try body.requiredString("text"),
                        speaker: try body.string("speaker"), source: try body.string("source")))
            }
        case .recordVerdict:
            return CommandRoute(path: "claims/:claimId/verdict", fields: ["rating", "evidence", "note"]) {
                body, parameters in
                guard let rating = Rating(rawValue: try body.requiredString("rating")) else {
                    throw GalleyError.invalidInput("rating is accurate, inaccurate, misleading or unverifiable")
                }
                let evidence = try (body.strings("evidence") ?? []).map { link in
                    guard let url = URL(string: link) else {
                        throw GalleyError.invalidInput("evidence: \(TextRule.echo(link)) is no URL")
                    }
                    return url
                }
                return .recordVerdict(
                    claimID: try parameters.require("claimId"), rating: rating, evidence: evidence,
                    note: try body.requiredString("note"))
            }
        case .confirmVerdict:
            return CommandRoute(path: "claims/:claimId/confirmation") { _, parameters in
                .confirmVerdict(claimID: try parameters.require("claimId"))
            }
        case .withdrawClaim:
            return CommandRoute(path: "claims/:claimId/withdrawal", fields: ["reason"]) { body, parameters in
                .withdrawClaim(claimID: try parameters.require("claimId"), reason: try body.requiredString("reason"))
            }
        case .approve:
            return CommandRoute(path: "fact-check/approve", fields: ["no_claims"]) { body, _ in
                try body.bool("no_claims") == true ? .approveWithNoClaims : .approve
            }
        case .reject:
            return CommandRoute(path: "fact-check/reject", fields: ["reasons"]) { body, _ in
                .reject(reasons: try body.strings("reasons") ?? [])
            }
        case .pullBack: return CommandRoute(path: "pull-back") { _, _ in .pullBack }
        case .publish:
            return CommandRoute(path: "publish", fields: ["at"]) { body, _ in .publish(at: try body.time("at")) }
        case .correct:
            return CommandRoute(
                path: "corrections",
                fields: ["kind", "text", "headline", "kicker", "bylines", "body", "desk", "photo_caption"]
            ) { body, _ in
                guard let kind = CorrectionKind(rawValue: try body.requiredString("kind")) else {
                    throw GalleyError.invalidInput("kind is correction, clarification or editors_note")
                }
                return .correct(kind: kind, text: try body.requiredString("text"), change: try body.change())
            }
        case .retract:
            return CommandRoute(path: "retraction", fields: ["reason"]) { body, _ in
                .retract(reason: try body.requiredString("reason"))
            }
        case .takedown:
            return CommandRoute(path: "takedown", fields: ["reason"]) { body, _ in
                .takedown(reason: try body.requiredString("reason"))
            }
        case .spike:
            return CommandRoute(path: "spike", fields: ["reason"]) { body, _ in
                .spike(reason: try body.requiredString("reason"))
            }
        case .unspike: return CommandRoute(path: "unspike") { _, _ in .unspike }
        case .comment:
            return CommandRoute(path: "comments", fields: ["text"]) { body, _ in
                .comment(try body.requiredString("text"))
            }
        case .assign:
            return CommandRoute(path: "assignment", fields: ["user"]) { body, _ in
                .assign(to: try body.requiredString("user"))
            }
        }
    }

    /// The path as the OpenAPI document writes it (`/v1/articles/{id}/claims/{claimId}/verdict`).
    var documentedPath: String {
        "/v1/articles/{id}/"
            + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
    }
}
