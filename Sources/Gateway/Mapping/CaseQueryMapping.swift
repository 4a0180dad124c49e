import Foundation
import WireProtocol
import WorkflowCore

/// List filters and page tokens between the wire and the store.
enum CaseQueryMapping {
    static func query(_ filter: Xinfang_V1_CaseFilter, page: Xinfang_V1_PageRequest) throws -> CaseListQuery {
        var query = CaseListQuery()
        query.states = filter.states
        query.workflows = filter.workflows
        query.channels = filter.channels
        if !filter.orgID.isEmpty { query.orgIDs = [filter.orgID] }
        query.handlerID = filter.handlerID
        if filter.hasCreatedFrom { query.createdFrom = filter.createdFrom.date }
        if filter.hasCreatedTo { query.createdTo = filter.createdTo.date }
        guard page.pageSize <= UInt32(Limits.maxPageSize) else {
            throw ErrorMapping.invalid("page.page_size", "is \(page.pageSize), over the limit", limit: "\(Limits.maxPageSize)")
        }
        query.pageSize = page.pageSize == 0 ? Limits.defaultPageSize : Int(page.pageSize)
        if !page.pageToken.isEmpty {
            guard let after = decode(page.pageToken) else {
                throw ErrorMapping.invalid("page.page_token", "is not a token this server issued")
            }
            query.after = after
        }
        return query
    }

    static func token(after row: CaseRow) -> String {
        let text = "\(Int64((row.updatedAt.timeIntervalSince1970 * 1000).rounded()))|\(row.key.caseID.rawValue)"
        return Data(text.utf8).base64EncodedString()
    }

    private static func decode(_ token: String) -> (updatedAt: Date, caseID: CaseID)? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let milliseconds = Int64(parts[0]) else { return nil }
        return (Date(timeIntervalSince1970: Double(milliseconds) / 1000), CaseID(rawValue: String(parts[1])))
    }
}
