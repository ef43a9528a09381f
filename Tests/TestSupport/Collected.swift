import Synchronization

/// A list that concurrent tasks append to, read once they are done.
public final class Collected<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    /// Starts empty.
    public init() {}

    /// Adds elements at the end.
    public func append(contentsOf elements: some Sequence<Element>) {
        let elements = Array(elements)
        storage.withLock { $0 += elements }
    }

    /// Adds one element at the end.
    public func append(_ element: Element) { storage.withLock { $0.append(element) } }

    /// The elements so far, in the order they were added.
    public var elements: [Element] { storage.withLock { $0 } }
}
