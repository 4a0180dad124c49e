import Foundation

@testable import WorkflowCore

/// A store, its command handler, the search indexer and the search, over one fresh file.
/// Cases are made through `CaseCommandHandler`, so the index is built from real events.
struct SearchHarness {
    let path: String
    let store: SQLiteEventStore
    let handler: CaseCommandHandler
    let indexer: SQLiteSearchIndexer
    let search: SQLiteCaseSearch

    init(path: String = StoreFixtures.temporaryDatabase()) throws {
        self.path = path
        (store, handler) = try StoreFixtures.handler(path: path)
        indexer = SQLiteSearchIndexer(store: store)
        search = SQLiteCaseSearch(store: store)
    }

    @discardableResult
    func register(
        _ key: String, subject: String, content: String = "请求处理。", channel: Channel = .visit, org: String = "org-a",
        at: Date = StoreFixtures.now
    ) async throws -> CaseKey {
        let registration = Registration(
            idempotencyKey: key, channel: channel, workflow: "mini", subject: subject, content: content,
            petitioner: Petitioner(name: "王大顺", phone: "13512342659"), orgID: org, receivedAt: at)
        return try await handler.register(registration, actor: StoreFixtures.actor, now: at).key
    }

    func note(_ key: CaseKey, _ text: String) async throws {
        _ = try await handler.handle(.addNote(text: text), caseID: key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
    }

    func act(_ key: CaseKey, _ command: String, _ fields: [Field] = []) async throws {
        _ = try await handler.handle(.act(command: command, fields: fields), caseID: key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
    }

    /// Every hit of a query, page after page.
    func all(_ query: String, filter: SearchFilter = SearchFilter(), pageSize: Int = 50) async throws -> [SearchHit] {
        var hits: [SearchHit] = []
        var cursor: SearchCursor?
        repeat {
            let page = try await search.search(query: query, filter: filter, pageSize: pageSize, after: cursor)
            hits += page.hits
            cursor = page.next
        } while cursor != nil
        return hits
    }

    /// The case numbers a query finds, as a set.
    func found(_ query: String, filter: SearchFilter = SearchFilter()) async throws -> Set<String> {
        Set(try await all(query, filter: filter).map(\.key.caseNumber.description))
    }
}

/// Case numbers as `SearchHarness.found` gives them.
func numbers(_ keys: CaseKey...) -> Set<String> { Set(keys.map(\.caseNumber.description)) }
