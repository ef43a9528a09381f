/// The editorial domain; filled in by the newsroom issue.
public enum EditorialModule {}
