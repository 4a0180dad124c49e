import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes byte blocks (whole frames) to a blocking file descriptor on a thread of its own, in
/// the order they were queued, so a peer that stops reading blocks that thread and never a
/// thread of the cooperative pool.
///
/// ``enqueue(_:)`` never blocks: it refuses once more than `maxQueuedBytes` wait (the peer is
/// not reading) or after a write failed (the peer closed its end; with `SIGPIPE` ignored that
/// is `EPIPE`). ``finish()`` closes the descriptor after the queue drains.
package final class DescriptorWriter: Sendable {
    /// Why a block was not queued.
    package enum Refusal: Error, Sendable, Equatable {
        /// More than the queue's limit is waiting: the peer is not reading.
        case queueFull(queuedBytes: Int, limit: Int)
        /// A write failed with this `errno`, or the writer was finished.
        case closed(errno: Int32?)
    }

    private struct State {
        var queue: [[UInt8]] = []
        var queuedBytes = 0
        var finishing = false
        var closed = false
        var failure: Refusal?
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let maxQueuedBytes: Int

    /// Starts a writer thread on `descriptor`, which it owns and closes when finished.
    package init(descriptor: Int32, label: String, maxQueuedBytes: Int = 16 * 1024 * 1024) {
        self.maxQueuedBytes = maxQueuedBytes
        let thread = Thread { [self] in self.writeLoop(descriptor) }
        thread.name = label
        thread.start()
    }

    /// Queues `bytes` to be written after everything queued before.
    package func enqueue(_ bytes: [UInt8]) throws(Refusal) {
        let refusal = state.withLock { state -> Refusal? in
            if let failure = state.failure { return failure }
            if state.finishing { return .closed(errno: nil) }
            guard state.queuedBytes + bytes.count <= maxQueuedBytes || state.queue.isEmpty else {
                return .queueFull(queuedBytes: state.queuedBytes, limit: maxQueuedBytes)
            }
            state.queue.append(bytes)
            state.queuedBytes += bytes.count
            return nil
        }
        if let refusal { throw refusal }
        available.signal()
    }

    /// Bytes queued and not yet written.
    package var queuedBytes: Int { state.withLock { $0.queuedBytes } }

    /// Closes the descriptor once the queued blocks are written (the peer then reads end of file).
    package func finish() {
        let first = state.withLock { state -> Bool in
            defer { state.finishing = true }
            return !state.finishing
        }
        if first { available.signal() }
    }

    private func writeLoop(_ descriptor: Int32) {
        while true {
            available.wait()
            let next = state.withLock { state -> [UInt8]?? in
                if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                return state.finishing ? .some(nil) : nil
            }
            guard let block = next else { continue }
            guard let block else { break }
            let code = Self.writeAll(block, to: descriptor)
            let failed = state.withLock { state -> Bool in
                state.queuedBytes -= block.count
                guard let code else { return false }
                state.failure = .closed(errno: code)
                state.queue.removeAll()
                state.queuedBytes = 0
                return true
            }
            if failed { break }
        }
        close(descriptor)
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.drainWaiters.removeAll() }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Finishes, and returns once everything queued is written and the descriptor closed (or
    /// a write failed): a process about to exit must not lose its last frames.
    package func finishAndDrain() async {
        finish()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.closed { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Writes every byte, retrying after signals and partial writes; the `errno` on failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}
