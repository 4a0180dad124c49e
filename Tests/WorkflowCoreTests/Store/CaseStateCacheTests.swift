import Foundation
import Testing

@testable import WorkflowCore

/// The handler's memory of recent cases stays bounded by count and by bytes.
struct CaseStateCacheTests {
    func state(contentCharacters: Int, key: String) -> CaseState {
        var registration = StoreFixtures.registration(key: key)
        registration.content = String(repeating: "诉", count: contentCharacters)
        return CaseState(registration: registration, initialState: "registered", at: StoreFixtures.now)
    }

    @Test func largePetitionsAreBoundedByBytesAndTheNewestStay() {
        let cache = CaseStateCache()
        var ids: [CaseID] = []
        for index in 0..<1_000 {
            let id = CaseID(rawValue: "case-\(index)")
            ids.append(id)
            cache.put(id, state(contentCharacters: 20_000, key: "k\(index)"))  // ~60 KB of UTF-8 each
        }
        let usage = cache.usage
        #expect(usage.bytes <= CaseStateCache.byteBudget)
        // ~62 KB each: about 540 fit in 32 MiB, far fewer than the count limit.
        #expect((400..<700).contains(usage.cases), "\(usage.cases) cases")
        #expect(cache.get(ids.last!) != nil)
        #expect(cache.get(ids.first!) == nil)
    }

    @Test func smallCasesAreBoundedByCountOldestFirst() {
        let cache = CaseStateCache()
        let total = CaseStateCache.capacity + 10
        for index in 0..<total { cache.put(CaseID(rawValue: "c\(index)"), state(contentCharacters: 10, key: "k\(index)")) }
        #expect(cache.usage.cases == CaseStateCache.capacity)
        #expect(cache.get(CaseID(rawValue: "c0")) == nil)
        #expect(cache.get(CaseID(rawValue: "c\(total - 1)")) != nil)
        // Updating a remembered case replaces it without growing the count.
        cache.put(CaseID(rawValue: "c\(total - 1)"), state(contentCharacters: 20, key: "again"))
        #expect(cache.usage.cases == CaseStateCache.capacity)
    }
}
