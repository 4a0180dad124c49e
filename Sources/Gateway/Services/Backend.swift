import Foundation
import GRPCCore
import WorkflowCore

/// What every service needs: the store, the directory, the engine, the clock.
struct Backend: Sendable {
    let store: SQLiteEventStore
    let directory: SQLiteDirectory
    let handler: CaseCommandHandler
    let clock: @Sendable () -> Date
    let shutdown: ShutdownSignal
    let attachments: AttachmentStore
    let search: any CaseSearch

    var catalog: WorkflowCatalog { handler.decider.catalog }

    func presentation() async throws -> Presentation {
        Presentation(catalog: catalog, tree: try await directory.hierarchy(at: clock()))
    }

    /// The case a reference names, if the caller may see it. A case out of scope answers
    /// exactly like a missing one, so case numbers cannot be probed.
    func visibleCase(_ reference: String, for principal: Principal) async throws -> CaseRow {
        guard !reference.isEmpty else { throw ErrorMapping.invalid("case_ref", "is required") }
        guard let key = try await store.resolve(reference), let row = try await store.caseRow(key.caseID),
            Self.canSee(row, principal)
        else { throw ErrorMapping.caseNotFound(reference) }
        return row
    }

    /// A user sees the cases of their org and the orgs below it (including cases that passed
    /// through them), and cases assigned to them.
    static func canSee(_ row: CaseRow, _ principal: Principal) -> Bool {
        if principal.has(Rights.admin) { return true }
        if row.handlerID == principal.user.id { return true }
        let scope = Set(principal.scopeOrgIDs)
        return row.orgTrail.contains { scope.contains($0) }
    }
}
