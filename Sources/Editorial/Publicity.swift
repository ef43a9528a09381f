public import Foundation

/// Where a story stands for its readers at a moment: the one Swift statement of "is this story public?".
/// SQL states the same rule in `migrations/0020_public_rule.sql` (and `0028_takedown.sql`); a test holds the two
/// to each other.
public enum Publicity: String, Sendable, CaseIterable {
    /// Readers never see it: not published, or spiked (an embargoed story may be), or back at fact-check.
    case unpublished
    /// Published, to become public at a later time.
    case embargoed
    /// Published and past its public time.
    case `public`
    /// Withdrawn after it was public; readers see that it was, and why.
    case retracted
    /// Removed for a legal reason after it was public: its address answers 410 Gone and feeds carry a tombstone,
    /// saying nothing of it but that it was removed.
    case takenDown = "taken_down"

    /// Where a story in `stage`, public from `publicAt` (nil: never scheduled), stands at `moment`.
    public init(stage: Stage?, publicAt: Date?, at moment: Date) {
        switch (stage, publicAt) {
        case (.published?, let publicAt?): self = publicAt <= moment ? .public : .embargoed
        case (.retracted?, let publicAt?) where publicAt <= moment: self = .retracted
        // Taken down under embargo, a story has no public time left (`evolve`): it never was public.
        case (.takenDown?, let publicAt?) where publicAt <= moment: self = .takenDown
        default: self = .unpublished
        }
    }

    /// Whether a story in `stage` was ever published, now or for a time to come: what the `published` table
    /// holds, retracted and taken-down stories included.
    public static func wasPublished(stage: Stage?, publicAt: Date?) -> Bool {
        Publicity(stage: stage, publicAt: publicAt, at: .distantFuture) != .unpublished
    }

    /// Whether readers find it on the public record: public, or retracted and marked so.
    public var isOnPublicRecord: Bool { self == .public || self == .retracted }

    /// Whether readers once saw it, whatever became of it: on the public record, or taken down. Its address
    /// still answers (410 when taken down), and feeds carry it, taken-down stories as tombstones.
    public var hasBeenPublic: Bool { isOnPublicRecord || self == .takenDown }
}
