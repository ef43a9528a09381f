import Foundation
import Galley
import Hummingbird
import Logging

/// Checks the subscriber token of every content API request and puts its subscriber in the context; a newsroom
/// user's token is refused here, as a subscriber's is on the newsroom's routes (`Authentication`).
struct SubscriberAuthentication: RouterMiddleware {
    let tokens: SubscriberTokenStore

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthenticated(
                "send a subscriber's token: Authorization: Bearer TOKEN (galley subscribers token NAME)")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard token.hasPrefix(SubscriberTokenStore.prefix) else {
            throw Problem.unauthenticated(
                "the content API takes a subscriber's token (galley subscribers token NAME), not a user's")
        }
        guard let subscriber = try await tokens.subscriber(for: token) else {
            throw Problem.unauthenticated("the token is unknown or revoked, or its subscriber is disabled")
        }
        var context = context
        context.subscriber = subscriber
        context.logger[metadataKey: "subscriber"] = .string(subscriber.name)
        return try await next(request, context)
    }
}
