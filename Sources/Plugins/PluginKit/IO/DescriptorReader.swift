import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The chunks read from a blocking file descriptor (a pipe), read on a thread of their own so
/// that a read waiting for a slow or silent peer never holds a thread of the cooperative pool.
///
/// At most `bufferedChunks` chunks wait for the consumer: a peer that writes faster than the
/// consumer reads is held back by the pipe, not buffered without bound. The sequence ends at
/// end of file (or on a read error); the descriptor is closed then.
package final class DescriptorReader: AsyncSequence, Sendable {
    package typealias Element = [UInt8]
    package typealias Failure = Never

    private struct State {
        var chunks: [[UInt8]] = []
        var finished = false
        /// No one will read any more: the thread stops at its next chance.
        var stopped = false
        var waiter: CheckedContinuation<[UInt8]?, Never>?
    }

    private let state = Mutex(State())
    /// One permit per chunk the reader may read ahead of the consumer.
    private let permits: DispatchSemaphore

    /// Starts a reader thread on `descriptor`, which it owns and closes at the end.
    package init(descriptor: Int32, label: String, chunkSize: Int = 64 * 1024, bufferedChunks: Int = 4) {
        // Created at 0 and raised: libdispatch traps when a semaphore is freed below its
        // initial value, which a reader freed with chunks in flight would be.
        permits = DispatchSemaphore(value: 0)
        for _ in 0..<Swift.max(1, bufferedChunks) { permits.signal() }
        let thread = Thread { [self] in self.readLoop(descriptor, chunkSize: chunkSize) }
        thread.name = label
        thread.start()
    }

    private func readLoop(_ descriptor: Int32, chunkSize: Int) {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            permits.wait()
            if state.withLock({ $0.stopped }) { break }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunkSize) }
            if count < 0, errno == EINTR {
                permits.signal()
                continue
            }
            guard count > 0 else { break }
            deliver(Array(buffer[0..<count]))
        }
        close(descriptor)
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.chunks.isEmpty ? state.waiter : nil
        }
        waiter?.resume(returning: nil)
    }

    private func deliver(_ chunk: [UInt8]) {
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.chunks.append(chunk)
            return nil
        }
        waiter?.resume(returning: chunk)
    }

    /// Stops reading for good: buffered chunks are dropped, and the thread ends (closing the
    /// descriptor) instead of waiting for a consumer that will never come. A thread blocked in
    /// `read` ends when the writer closes its end (the host kills the plugin's process group).
    package func stop() {
        state.withLock { state in
            state.stopped = true
            state.chunks.removeAll()
        }
        permits.signal()
    }

    /// The next chunk; `nil` at end of file or when the calling task is cancelled.
    package func next() async -> [UInt8]? {
        let chunk: [UInt8]? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8]?, Never>) in
                let ready = state.withLock { state -> [UInt8]?? in
                    if !state.chunks.isEmpty { return .some(state.chunks.removeFirst()) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
        // The chunk left the buffer: the reader may read one more ahead.
        if chunk != nil { permits.signal() }
        return chunk
    }

    package func makeAsyncIterator() -> Iterator { Iterator(reader: self) }

    package struct Iterator: AsyncIteratorProtocol {
        let reader: DescriptorReader
        package mutating func next() async -> [UInt8]? { await reader.next() }
    }
}
