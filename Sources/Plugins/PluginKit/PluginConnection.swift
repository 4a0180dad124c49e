import Foundation
import Synchronization
import WireProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The plugin's side of one connection: writes frames, reads the host's messages, and routes
/// each answer to the request waiting for it. ``Plugin`` is its public face.
final class PluginConnection: Sendable {
    typealias Reply = Xinfang_V1_HostMessage

    private struct State {
        var nextRequestID: UInt64 = 1
        var pending: [UInt64: CheckedContinuation<Reply, any Error>] = [:]
        var handshake: CheckedContinuation<Xinfang_V1_Welcome, any Error>?
        var welcome: Result<Xinfang_V1_Welcome, PluginKitError>?
        var closed: PluginKitError?
        var maxFrameBytes = FrameLimits.maxFrameBytes
    }

    private let state = Mutex(State())
    private let writer: DescriptorWriter
    private let reader: DescriptorReader
    let events: AsyncThrowingStream<PluginDelivery, any Error>
    private let eventSink: AsyncThrowingStream<PluginDelivery, any Error>.Continuation

    init(input: Int32, output: Int32) {
        reader = DescriptorReader(descriptor: input, label: "pluginkit-in")
        writer = DescriptorWriter(descriptor: output, label: "pluginkit-out")
        (events, eventSink) = AsyncThrowingStream.makeStream(of: PluginDelivery.self)
    }

    // MARK: - Sending

    func send(_ body: Xinfang_V1_PluginMessage.OneOf_Body) throws(PluginKitError) {
        var message = Xinfang_V1_PluginMessage()
        message.body = body
        let (limit, closed) = state.withLock { ($0.maxFrameBytes, $0.closed) }
        if let closed { throw closed }
        let frame: [UInt8]
        do {
            frame = try FrameEncoder.encode(message, maxFrameBytes: limit)
        } catch {
            throw PluginKitError(
                code: .host, hostCode: error.code == .frameTooLarge ? "frame_too_large" : "invalid_field",
                message: error.message, field: "frame", limit: error.limit.map { "\($0) bytes" })
        }
        do {
            try writer.enqueue(frame)
        } catch {
            throw PluginKitError(code: .closed, message: "the host is not reading the plugin's output (\(error))")
        }
    }

    /// Sends a request and waits for the answer carrying the same request id.
    func request(_ make: (UInt64) -> Xinfang_V1_PluginMessage.OneOf_Body) async throws -> Reply {
        let id = state.withLock { state in
            defer { state.nextRequestID += 1 }
            return state.nextRequestID
        }
        let body = make(id)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refusal = state.withLock { state -> (any Error)? in
                    if let closed = state.closed { return closed }
                    if Task.isCancelled { return CancellationError() }
                    state.pending[id] = continuation
                    return nil
                }
                if let refusal { return continuation.resume(throwing: refusal) }
                do {
                    try send(body)
                } catch {
                    let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
                    waiting?.resume(throwing: error)
                }
            }
        } onCancel: {
            let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
            waiting?.resume(throwing: CancellationError())
        }
    }

    /// Closes the plugin's output once every queued frame is written: the host then reads end
    /// of file and knows the plugin is done.
    func finishOutput() async { await writer.finishAndDrain() }

    // MARK: - Handshake

    func awaitWelcome() async throws -> Xinfang_V1_Welcome {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Xinfang_V1_Welcome, PluginKitError>? in
                if let welcome = state.welcome { return welcome }
                if let closed = state.closed { return .failure(closed) }
                state.handshake = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    private func settle(_ result: Result<Xinfang_V1_Welcome, PluginKitError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Xinfang_V1_Welcome, any Error>? in
            guard state.welcome == nil else { return nil }
            state.welcome = result
            if case .success(let welcome) = result, welcome.maxFrameBytes > 0 {
                state.maxFrameBytes = Int(welcome.maxFrameBytes)
            }
            defer { state.handshake = nil }
            return state.handshake
        }
        waiter?.resume(with: result.mapError { $0 as any Error })
    }

    // MARK: - Reading

    /// Sends Hello, then reads and routes the host's messages until the host closes the pipe,
    /// sends a bad frame, or the task is cancelled.
    func run(hello: Xinfang_V1_Hello) async {
        do {
            try send(.hello(hello))
            var messages = FrameReader(reader, of: Reply.self, maxFrameBytes: FrameLimits.maxFrameBytes).makeAsyncIterator()
            while let message = try await messages.next() {
                route(message)
            }
            close(PluginKitError(code: .closed, message: "the host closed the connection"))
        } catch let error as PluginKitError {
            close(error)
        } catch {
            close(PluginKitError(code: .protocolViolation, hostCode: "protocol", message: "\(error)"))
        }
    }

    private func route(_ message: Reply) {
        switch message.body {
        case .welcome(let welcome):
            settle(.success(welcome))
        case .refusal(let refusal):
            let error = PluginKitError(code: .refused, hostCode: refusal.code, message: refusal.reason)
            settle(.failure(error))
            close(error)
        case .heartbeat(let beat):
            // The answer echoes the probe's sequence.
            var answer = Xinfang_V1_Heartbeat()
            answer.sequence = beat.sequence
            answer.sentAt = .init(date: Date())
            try? send(.heartbeat(answer))
        case .event(let delivery):
            eventSink.yield(PluginDelivery(id: delivery.deliveryID, event: delivery.event, attempt: Int(delivery.attempt)))
        case .shutdown:
            // No more deliveries; in-flight requests may still be answered.
            eventSink.finish()
        case .submitResult(let result):
            complete(result.requestID, message)
        case .commandResult(let result):
            complete(result.requestID, message)
        case .contactResponse(let result):
            complete(result.requestID, message)
        case .attachmentStored(let result):
            complete(result.requestID, message)
        case .error(let error):
            if error.requestID != 0 {
                fail(error.requestID, Self.hostError(error))
            } else {
                FileHandle.standardError.write(Data("pluginkit: the host reports: \(error.code): \(error.message)\n".utf8))
            }
        case nil:
            break
        }
    }

    private func complete(_ id: UInt64, _ reply: Reply) {
        let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
        waiting?.resume(returning: reply)
    }

    private func fail(_ id: UInt64, _ error: PluginKitError) {
        let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
        waiting?.resume(throwing: error)
    }

    /// Ends everything waiting: requests, the handshake and the event stream.
    private func close(_ error: PluginKitError) {
        let waiting = state.withLock { state -> [CheckedContinuation<Reply, any Error>] in
            if state.closed == nil { state.closed = error }
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for continuation in waiting { continuation.resume(throwing: error) }
        settle(.failure(error))
        if error.code == .closed {
            eventSink.finish()
        } else {
            eventSink.finish(throwing: error)
        }
    }

    /// A host error frame as a PluginKit error.
    static func hostError(_ error: Xinfang_V1_PluginError) -> PluginKitError {
        PluginKitError(
            code: .host, hostCode: error.code, message: error.message,
            field: error.field.isEmpty ? nil : error.field, limit: error.limit.isEmpty ? nil : error.limit)
    }
}
