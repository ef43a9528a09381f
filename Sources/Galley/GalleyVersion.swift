/// The version of this Galley build.
public enum GalleyVersion {
    /// Semantic version of the release.
    public static let current = "0.1.0"
}
