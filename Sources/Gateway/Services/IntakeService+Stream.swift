import GRPCCore
import WireProtocol

extension IntakeService {
    /// Submissions one stream may have in progress at once.
    static let maxStreamInFlight = 256

    /// Many submissions over one stream: each is registered as `submit` registers it, and
    /// answered (with its `sequence`) as soon as it is durable, while the stream reads on.
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
                            await slots.acquire()
                            work.addTask {
                                sink.yield(await answer(message, principal: principal))
                                slots.release()
                            }
                        }
                        try await work.waitForAll()
                    }
                }
                for await answer in answers { try await response.write(answer) }
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
                $0.errorCode = status.metadata[stringValues: "xinfang-error-code"].first(where: { _ in true }) ?? ""
                $0.field = status.metadata[stringValues: "xinfang-field"].first(where: { _ in true }) ?? ""
                $0.limit = status.metadata[stringValues: "xinfang-limit"].first(where: { _ in true }) ?? ""
            }
        }
        return answer
    }
}
