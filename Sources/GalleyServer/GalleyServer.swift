/// The HTTP service; filled in by the HTTP issue.
public enum GalleyServerModule {}
