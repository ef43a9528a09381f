/// The generic event store; filled in by the event store issue.
public enum EventStoreModule {}
