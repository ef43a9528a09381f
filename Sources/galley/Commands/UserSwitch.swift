import ArgumentParser
import Galley

/// What `users disable` and `users enable` share: the user, who makes the change, and what is printed, so the
/// two directions cannot drift apart.
struct UserSwitch: ParsableArguments {
    @Argument(help: "The user's name.")
    var name: String

    @OptionGroup var admin: AdminOptions

    /// Disables the user or lets them act again, saying so, or saying that they already stood that way.
    func set(disabled: Bool) async throws {
        try await admin.run { pool, actor in
            let users = UserDirectory(pool: pool)
            if disabled {
                let changed = try await users.disable(name, by: actor)
                print(changed ? "disabled \(name)" : "\(name) was already disabled; nothing changed")
            } else {
                let changed = try await users.enable(name, by: actor)
                print(changed ? "enabled \(name)" : "\(name) was not disabled; nothing changed")
            }
        }
    }
}
