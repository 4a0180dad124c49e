import Foundation
import GRPCCore
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// CaseService: read and act on cases, always within the caller's scope.
struct CaseService: Xinfang_V1_CaseService.SimpleServiceProtocol {
    let backend: Backend

    func getCase(request: Xinfang_V1_GetCaseRequest, context: ServerContext) async throws -> Xinfang_V1_Case {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.read, for: "reading a case")
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            guard let (state, history) = try await backend.handler.load(row.key.caseID) else {
                throw ErrorMapping.caseNotFound(request.caseRef)
            }
            let presentation = try await backend.presentation()
            let limit = request.threadLimit == 0 ? 50 : Int(min(request.threadLimit, 1000))
            return presentation.fullCase(
                row: row, state: state, thread: history.suffix(limit), principal: principal,
                available: backend.handler.decider.availableTransitions(state: state, role: principal.primaryRole))
        }
    }

    func listCases(request: Xinfang_V1_ListCasesRequest, context: ServerContext) async throws -> Xinfang_V1_ListCasesResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.read, for: "listing cases")
            var query = try CaseQueryMapping.query(request.filter, page: request.page)
            if !principal.has(Rights.admin) { query.visibleToOrgs = principal.scopeOrgIDs }
            if request.filter.includeSubOrgs, !request.filter.orgID.isEmpty {
                query.orgIDs = try await backend.presentation().tree.subtree(of: request.filter.orgID)
            }
            let page = try await backend.store.listCases(query)
            let presentation = try await backend.presentation()
            var response = Xinfang_V1_ListCasesResponse()
            response.cases = page.rows.map { presentation.summary($0) }
            response.page.total = -1
            if page.hasMore, let last = page.rows.last { response.page.nextPageToken = CaseQueryMapping.token(after: last) }
            return response
        }
    }

    func act(request: Xinfang_V1_ActRequest, context: ServerContext) async throws -> Xinfang_V1_ActResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.act, for: "acting on a case")
            guard !request.command.isEmpty else { throw ErrorMapping.invalid("command", "is required") }
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            let command = CaseCommand.act(command: request.command, fields: request.fields.map { Field($0.name, $0.value) })
            return try await run(command, on: row, principal: principal, expectedVersion: request.expectedVersion)
        }
    }

    func addNote(request: Xinfang_V1_AddNoteRequest, context: ServerContext) async throws -> Xinfang_V1_ActResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.note, for: "adding a note")
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            return try await run(.addNote(text: request.text), on: row, principal: principal, expectedVersion: 0)
        }
    }

    func getHistory(request: Xinfang_V1_GetHistoryRequest, context: ServerContext) async throws -> Xinfang_V1_GetHistoryResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.read, for: "reading a case's history")
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            let presentation = try await backend.presentation()
            let events = try await backend.store.events(of: row.key.caseID).filter { $0.version > request.afterVersion }
            var response = Xinfang_V1_GetHistoryResponse()
            response.events = events.map { presentation.event($0, workflow: row.workflow) }
            return response
        }
    }

    func searchCases(request: Xinfang_V1_SearchCasesRequest, context: ServerContext) async throws -> Xinfang_V1_SearchCasesResponse {
        throw RPCError(code: .unimplemented, message: "search is not available yet")
    }

    func linkCases(request: Xinfang_V1_LinkCasesRequest, context: ServerContext) async throws -> Xinfang_V1_ActResponse {
        throw RPCError(code: .unimplemented, message: "linking is not available yet")
    }

    func revealPetitioner(request: Xinfang_V1_RevealPetitionerRequest, context: ServerContext) async throws -> Xinfang_V1_Petitioner {
        throw RPCError(code: .unimplemented, message: "reveal is not available yet")
    }

    func downloadAttachment(
        request: Xinfang_V1_DownloadAttachmentRequest, response: RPCWriter<Xinfang_V1_DownloadAttachmentChunk>,
        context: ServerContext
    ) async throws {
        throw RPCError(code: .unimplemented, message: "attachments are not stored yet")
    }

    private func run(_ command: CaseCommand, on row: CaseRow, principal: Principal, expectedVersion: Int64) async throws -> Xinfang_V1_ActResponse {
        let handled = try await backend.handler.handle(
            command, caseID: row.key.caseID, actor: principal.actor, now: backend.clock(),
            expectedVersion: expectedVersion > 0 ? Int(expectedVersion) : nil)
        let presentation = try await backend.presentation()
        var response = Xinfang_V1_ActResponse()
        response.caseID = row.key.caseID.rawValue
        response.caseNumber = row.key.caseNumber.description
        response.state = handled.state.state
        response.stateLabel = presentation.stateLabel(workflow: handled.state.workflow, state: handled.state.state)
        response.version = Int64(handled.state.version)
        response.events = handled.events.map { presentation.event($0, workflow: handled.state.workflow) }
        return response
    }
}
