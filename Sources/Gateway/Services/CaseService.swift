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
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.read, for: "searching cases")
            var filter = SearchFilter()
            filter.states = request.filter.states
            filter.workflows = request.filter.workflows
            filter.channels = request.filter.channels
            if !request.filter.orgID.isEmpty {
                filter.orgIDs = request.filter.includeSubOrgs
                    ? try await backend.presentation().tree.subtree(of: request.filter.orgID) : [request.filter.orgID]
            }
            filter.handlerID = request.filter.handlerID
            if request.filter.hasCreatedFrom { filter.createdFrom = request.filter.createdFrom.date }
            if request.filter.hasCreatedTo { filter.createdTo = request.filter.createdTo.date }
            if !principal.has(Rights.admin) { filter.visibleToOrgs = principal.scopeOrgIDs }
            guard request.page.pageSize <= UInt32(Limits.maxPageSize) else {
                throw ErrorMapping.invalid("page.page_size", "is \(request.page.pageSize), over the limit", limit: "\(Limits.maxPageSize)")
            }
            var cursor: SearchCursor?
            if !request.page.pageToken.isEmpty {
                guard let decoded = SearchCursor(token: request.page.pageToken) else {
                    throw ErrorMapping.invalid("page.page_token", "is not a token this server issued")
                }
                cursor = decoded
            }
            let page = try await backend.search.search(
                query: request.query, filter: filter,
                pageSize: request.page.pageSize == 0 ? Limits.defaultPageSize : Int(request.page.pageSize), after: cursor)
            let presentation = try await backend.presentation()
            var response = Xinfang_V1_SearchCasesResponse()
            response.hits = page.hits.compactMap { hit in
                // Informant protection: the accused side never finds such a case by its words.
                guard !presentation.isAccusedSide(principal, accusedOrgID: hit.row.accusedOrgID) else { return nil }
                return .with {
                    $0.summary = presentation.summary(hit.row)
                    $0.score = hit.score
                    $0.snippet = hit.snippet
                    $0.matchedIn = hit.matchedIn.rawValue
                }
            }
            response.page.total = -1
            if let next = page.next { response.page.nextPageToken = next.token }
            return response
        }
    }

    func linkCases(request: Xinfang_V1_LinkCasesRequest, context: ServerContext) async throws -> Xinfang_V1_ActResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.link, for: "linking cases")
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            let other = try await backend.visibleCase(request.otherCaseRef, for: principal)
            guard other.key != row.key else { throw ErrorMapping.invalid("other_case_ref", "a case cannot be linked to itself") }
            let kinds = ["duplicate": "duplicate", "merge": "merged_into", "repeat_of": "repeat_of",
                         "not_accepted_after_review": "not_accepted_after_review", "dismiss": "dismissed"]
            guard let kind = kinds[request.kind] else {
                throw ErrorMapping.invalid("kind", "must be one of \(kinds.keys.sorted().joined(separator: ", "))")
            }
            if kind == "not_accepted_after_review" {
                // 不再受理 points at an earlier case that went through 复核 (《信访工作条例》).
                guard let earlier = try await backend.handler.load(other.key.caseID)?.state,
                    backend.handler.decider.isFinallyReviewed(earlier)
                else {
                    throw ErrorMapping.rpcError(CaseRejection.ruleRefused(
                        rule: "not_accepted_after_review",
                        message: "\(other.key.caseNumber) has not been through 复核 (review); 不再受理 needs a finally reviewed case"))
                }
            }
            let command = CaseCommand.link(
                kind: kind, otherCaseID: other.key.caseID, otherCaseNumber: other.key.caseNumber, reason: request.reason)
            return try await run(command, on: row, principal: principal, expectedVersion: 0)
        }
    }

    func revealPetitioner(request: Xinfang_V1_RevealPetitionerRequest, context: ServerContext) async throws -> Xinfang_V1_Petitioner {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.personalData, for: "revealing a petitioner's personal data")
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            let presentation = try await backend.presentation()
            if presentation.isAccusedSide(principal, accusedOrgID: row.accusedOrgID) {
                throw ErrorMapping.make(
                    .permissionDenied, "ERROR_CODE_ROLE_DENIED",
                    "informant protection: the accused organisation may not see who reported (《信访工作条例》第三十条)")
            }
            // The audit event is stored before anything is shown.
            let handled = try await backend.handler.handle(
                .revealPersonalData(reason: request.reason, fields: ["name", "id_number", "phone", "address"]),
                caseID: row.key.caseID, actor: principal.actor, now: backend.clock())
            return presentation.petitioner(handled.state.registration.petitioner, reveal: true)
        }
    }

    func downloadAttachment(
        request: Xinfang_V1_DownloadAttachmentRequest, response: RPCWriter<Xinfang_V1_DownloadAttachmentChunk>,
        context: ServerContext
    ) async throws {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.read, for: "reading an attachment")
            let row = try await backend.visibleCase(request.caseRef, for: principal)
            guard let state = try await backend.handler.load(row.key.caseID)?.state,
                state.registration.attachments.contains(where: { $0.sha256 == request.sha256 }),
                !(try await backend.presentation().isAccusedSide(principal, accusedOrgID: row.accusedOrgID)),
                let url = backend.attachments.url(sha256: request.sha256)
            else { throw ErrorMapping.make(.notFound, "ERROR_CODE_NOT_FOUND", "no attachment \(request.sha256) on \(request.caseRef)") }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty {
                try await response.write(.with { $0.data = data })
            }
        }
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
