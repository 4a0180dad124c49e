import Foundation
import GRPCCore
import WireProtocol
import WorkflowCore

/// EventService: a resumable stream of the events the caller may see.
struct EventService: Xinfang_V1_EventService.SimpleServiceProtocol {
    let backend: Backend
    /// A heartbeat goes out when nothing else has for this long.
    static let heartbeatInterval: Duration = .seconds(15)
    static let batchSize = 500

    func watch(request: Xinfang_V1_WatchRequest, response: RPCWriter<Xinfang_V1_WatchResponse>, context: ServerContext) async throws {
        let principal = try Principal.required()
        try principal.require(Rights.read, for: "watching events")
        var filter = WatchFilter(types: Set(request.types))
        for reference in request.caseRefs {
            let row = try await backend.visibleCase(reference, for: principal)
            filter.caseIDs.insert(row.key.caseID)
        }
        var cursor = Int64(clamping: request.afterPosition)
        if cursor == 0, !request.fromBeginning { cursor = try await backend.store.headPosition() }
        // The first message says the stream is live and where it starts.
        try await response.write(.with { $0.heartbeat.headPosition = UInt64(cursor) })
        var visibility: [CaseID: CaseRow?] = [:]
        while !context.cancellation.isCancelled, !backend.shutdown.isStopping {
            let batch = try await backend.store.events(after: cursor, limit: Self.batchSize)
            if batch.isEmpty {
                let head = await waitForNews(after: cursor, context: context)
                if head <= cursor, !context.cancellation.isCancelled, !backend.shutdown.isStopping {
                    try await response.write(.with { $0.heartbeat.headPosition = UInt64(max(head, cursor)) })
                }
                continue
            }
            let presentation = try await backend.presentation()
            for recorded in batch {
                cursor = recorded.position
                guard filter.admits(recorded) else { continue }
                if visibility[recorded.caseID] == nil || recorded.event.type != "note_added" {
                    // Re-read on changes: a transfer can bring a case into the caller's scope.
                    visibility[recorded.caseID] = .some(try await backend.store.caseRow(recorded.caseID))
                }
                guard let row = visibility[recorded.caseID] ?? nil, Backend.canSee(row, principal) else { continue }
                try await response.write(.with { $0.event = presentation.event(recorded, workflow: row.workflow) })
            }
        }
    }

    /// Waits for the log to move past `position`, at most a heartbeat interval, and returns the head.
    private func waitForNews(after position: Int64, context: ServerContext) async -> Int64 {
        let store = backend.store
        let shutdown = backend.shutdown
        return await withTaskGroup(of: Int64?.self) { group in
            group.addTask { await store.waitForHead(after: position) }
            group.addTask {
                let deadline = ContinuousClock.now + Self.heartbeatInterval
                while ContinuousClock.now < deadline, !Task.isCancelled, !context.cancellation.isCancelled, !shutdown.isStopping {
                    try? await Task.sleep(for: .milliseconds(200))
                }
                return nil
            }
            var head = position
            if let first = await group.next(), let value = first { head = value }
            group.cancelAll()
            return head
        }
    }
}

/// Which events a watcher asked for.
struct WatchFilter {
    var types: Set<String>
    var caseIDs: Set<CaseID> = []

    func admits(_ recorded: RecordedEvent) -> Bool {
        (types.isEmpty || types.contains(recorded.event.type)) && (caseIDs.isEmpty || caseIDs.contains(recorded.caseID))
    }
}
