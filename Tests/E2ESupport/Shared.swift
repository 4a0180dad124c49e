public import Synchronization

/// A value several tasks of a test update: a class around a Mutex, so closures can share it.
public final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
    public var value: Value { mutex.withLock { $0 } }
}
