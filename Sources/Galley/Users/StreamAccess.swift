import Editorial

/// Who may read which streams of the log over HTTP: the one rule every feed and page of the global log asks.
public enum StreamAccess {
    /// Whether `user` may read events of `stream`: a user's or subscriber's stream (roles, tokens, passwords) is for
    /// admins and auditors only; every other stream is the newsroom's shared work.
    public static func mayRead(_ stream: String, _ user: User) -> Bool {
        guard isCredentialStream(stream) else { return true }
        return !user.roles.isDisjoint(with: [.admin, .auditor])
    }

    /// Whether `stream` records changes to users, subscribers and their credentials (`user-NAME`, see
    /// `UserEvent`; `subscriber-NAME`, see `SubscriberEvent`).
    public static func isCredentialStream(_ stream: String) -> Bool {
        stream.hasPrefix(UserEvent.stream(of: "")) || stream.hasPrefix(SubscriberEvent.stream(of: ""))
    }
}
