import GRPCCore
import WireProtocol

extension IntakeService {
    /// Submissions one stream may have in progress at once.
    static let maxStreamInFlight = 256

    /// Many submissions over one stream: each is registered as `submit` registers it, and
    /// answered (with its `sequence`) as soon as it is durable, while the stream reads on. A
    /// slot is held from reading a submission until its answer is written, so a client that
    /// stops reading answers stops the server reading submissions.
    func submitStream(
        request: RPCAsyncSequence<Xinfang_V1_SubmitStreamRequest, any Error>, response: RPCWriter<Xinfang_V1_SubmitStreamResponse>,
        context: ServerContext
    ) async throws {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.submit, for: "submitting cases")
            let slots = StreamSlots(Self.maxStreamInFlight)
            let (answers, sink) = AsyncStream.makeStream(of: Xinfang_V1_SubmitStreamResponse.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reads and starts submissions; the loop below writes answers as they finish.
                group.addTask {
                    defer { sink.finish() }
                    try await withThrowingTaskGroup(of: Void.self) { work in
                        for try await message in request {
                            guard await slots.acquire() else { throw CancellationError() }
                            work.addTask { sink.yield(await answer(message, principal: principal)) }
                        }
                        try await work.waitForAll()
                    }
                }
                for await answer in answers {
                    try await response.write(answer)
                    slots.release()
                }
                try await group.waitForAll()
            }
        }
    }

    private func answer(_ message: Xinfang_V1_SubmitStreamRequest, principal: Principal) async -> Xinfang_V1_SubmitStreamResponse {
        var answer = Xinfang_V1_SubmitStreamResponse()
        answer.sequence = message.sequence
        do {
            answer.result = try await submit(message.submission, principal: principal)
        } catch {
            let status = ErrorMapping.rpcError(error)
            answer.error = .with {
                $0.code = Int32(status.code.rawValue)
                $0.message = status.message
                $0.errorCode = Self.trailer("xinfang-error-code", of: status)
                $0.field = Self.trailer("xinfang-field", of: status)
                $0.limit = Self.trailer("xinfang-limit", of: status)
            }
        }
        return answer
    }

    /// The first value of one of the error's trailers (`ErrorMapping` sets each once), or "".
    private static func trailer(_ key: String, of error: RPCError) -> String {
        for value in error.metadata[stringValues: key] { return value }
        return ""
    }
}
