import ArgumentParser
import Foundation
import GRDB
import WorkflowCore

/// Duplicate detection (重复信访): precision and recall on a generated set with known
/// duplicates, and what detection costs per intake.
struct DuplicatesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates", abstract: "Duplicate detection: precision, recall and cost per intake.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Cases to generate.") var cases = 20_000
    @Option(help: "Seed of the generated set.") var seed: UInt64 = 2026

    func run() async throws {
        let count = options.quick ? 2_000 : cases
        let corpus = DuplicatesCorpus(count: count, seed: seed)
        let folder = URL(fileURLWithPath: options.scratch).appendingPathComponent("duplicates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let store = try SQLiteEventStore(path: folder.appendingPathComponent("bench.sqlite").path)
        let key = try SiteKey(bytes: Data((0..<32).map { UInt8($0) }))
        let detector = DuplicateDetector(index: try await SQLiteDuplicateIndex.open(store: store, siteKey: key), siteKey: key)
        let decider = CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled().allowingProvisionalYears(1))
        // Detection is run here step by step (as `DuplicateDetector` does inside the handler)
        // so that its own cost can be timed apart from the registration's commit.
        let handler = CaseCommandHandler(store: store, decider: decider)

        var caseIndex: [CaseID: Int] = [:]
        var probeTimes = Samples()
        let started = ContinuousClock.now
        for (index, generated) in corpus.cases.enumerated() {
            let outcome = try await handler.register(generated.registration, actor: Self.intake, now: generated.registration.receivedAt)
            caseIndex[outcome.key.caseID] = index
            var found: [DuplicateCandidate] = []
            let elapsed = try await seconds {
                found = try await detector.candidates(
                    for: generated.registration, caseID: outcome.key.caseID, before: outcome.events[0].position)
            }
            probeTimes.add(elapsed)
            if !found.isEmpty {
                _ = try await handler.handle(.recordDuplicates(found), caseID: outcome.key.caseID, actor: .system, now: generated.registration.receivedAt)
            }
        }
        let intakeSeconds = Double((ContinuousClock.now - started).components.seconds)

        let recorded = try await Self.recordedCandidates(store, caseIndex)
        var result = BenchResult(
            name: "duplicates", title: "Duplicate detection (重复信访): precision, recall, cost per intake",
            columns: ["figure", "value", "detail"])
        result.rows += DuplicatesEvaluation(corpus: corpus, recorded: recorded).rows()
        result.rows += try await costRows(corpus: corpus, store: store, key: key, probeTimes: probeTimes, count: count)
        result.rows.append(["figure": "intake wall time", "value": "\(Int(intakeSeconds)) s", "detail": "\(count) cases registered one after another, each commit durable (synchronous=FULL), detection included"])
        result.notes += [
            "Generated set: \(count) cases, seed \(seed); kinds \(DuplicatesCorpus.kinds.map { "\($0.0) \(Int($0.1 * 100))%" }.joined(separator: ", ")). Each submission gives ID and phone (70%), phone only (20%) or ID only (10%), in varied formats.",
            "Truth: same person → same_petitioner; same matter (a resubmission, or another person on the same matter) → similar_content. A pair counts once per later case.",
            "Scheme \(ContentScheme.standard.id); similar_content at estimated Jaccard ≥ \(DuplicatePolicy.similarContentThreshold); at most \(DuplicatePolicy.maxCandidates) candidates per case.",
            "Figures describe the generator's language, not real petitions: re-measure on a labelled sample of real cases before trusting the thresholds.",
        ]
        try store.close()
        try result.write(to: options.results)
    }

    static let intake = Actor(id: "bench", displayName: "基准", role: .receptionist, orgID: "org-0")

    /// The candidates each case's `duplicates_suspected` event recorded, by corpus index.
    static func recordedCandidates(_ store: SQLiteEventStore, _ caseIndex: [CaseID: Int]) async throws -> [Int: [(Int, DuplicateCandidate)]] {
        var recorded: [Int: [(Int, DuplicateCandidate)]] = [:]
        var position: Int64 = 0
        while true {
            let page = try await store.events(after: position, limit: 5_000)
            guard let last = page.last else { break }
            position = last.position
            for event in page {
                guard case .duplicatesSuspected(let candidates) = event.event.payload, let later = caseIndex[event.caseID] else { continue }
                recorded[later, default: []] += candidates.map { (caseIndex[$0.caseID]!, $0) }
            }
        }
        return recorded
    }

    /// What detection costs: the probe at intake, the signature, the rows the registering
    /// transaction writes, and the index's size.
    func costRows(corpus: DuplicatesCorpus, store: SQLiteEventStore, key: SiteKey, probeTimes: Samples, count: Int) async throws -> [[String: String]] {
        var signatureTimes = Samples()
        var bands = 0
        var identities = 0
        for generated in corpus.cases.prefix(5_000) {
            let registration = generated.registration
            let elapsed = await seconds {
                let signature = ContentSignature(subject: registration.subject, content: registration.content)
                bands += signature.bands().count
                identities += PetitionerIdentity.keys(of: registration.petitioner, siteKey: key).count
            }
            signatureTimes.add(elapsed)
        }
        let sampled = Double(min(5_000, corpus.cases.count))
        let sizes = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat WHERE name LIKE 'duplicate%' GROUP BY name")
                .map { ($0["name"] as String, $0["bytes"] as Int) }
        }
        let indexBytes = sizes.reduce(0) { $0 + $1.1 }
        // The projection's own cost, through its real code: clear the index and let opening it
        // re-index every case from the log (batches of 500 per transaction; this also reads and
        // decodes each `registered` event, which the registering transaction does not).
        let before = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_bands") ?? 0 }
        try await store.pool.write { db in
            for table in ["duplicate_cases", "duplicate_bands", "duplicate_identities"] { try db.execute(sql: "DELETE FROM \(table)") }
        }
        let reindex = try await seconds { _ = try await SQLiteDuplicateIndex.open(store: store, siteKey: key) }
        let after = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_bands") ?? 0 }
        precondition(after == before, "re-indexing from the log gave other rows")
        // What re-indexing spent reading and decoding events, to take out of its figure.
        let payloads = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT payload FROM events WHERE version = 1") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let decoding = try await seconds { for payload in payloads { _ = try decoder.decode(CaseEvent.self, from: Data(payload.utf8)) } }
        let tenth = max(1, count / 10)
        var early = Samples(), late = Samples()
        probeTimes.values.prefix(tenth).forEach { early.add($0) }
        probeTimes.values.suffix(tenth).forEach { late.add($0) }
        return [
            ["figure": "probe per intake p50", "value": micro(probeTimes.median), "detail": "identity and band lookups, signature comparison, scoring (all \(count) intakes); recording candidates adds one durable append"],
            ["figure": "probe per intake p99", "value": micro(probeTimes.percentile(99)), "detail": ""],
            ["figure": "probe p50, first / last tenth", "value": "\(micro(early.median)) / \(micro(late.median))", "detail": "index lookups, no scan; grows with the band buckets (similar cases on one topic), each read capped at \(DuplicatePolicy.maxBandBucket)"],
            ["figure": "signature + identity keys per case", "value": micro(signatureTimes.median), "detail": "MinHash of subject and content, LSH bands, HMAC of ID and phone (p50, computed again in the registering transaction)"],
            ["figure": "index write per case", "value": micro((reindex - decoding) / Double(count)), "detail": "signature, identity keys and rows, in batched transactions: the projection's code re-indexing all \(count) cases from the log took \(micro(reindex / Double(count))) per case, of which \(micro(decoding / Double(count))) decoding the event (not done at intake)"],
            ["figure": "index rows per case", "value": format(2 + Double(identities) / sampled, digits: 1), "detail": "1 case row, 1 FTS5 row of \(format(Double(bands) / sampled, digits: 1)) band tokens, \(format(Double(identities) / sampled, digits: 1)) identity rows, written in the registering transaction"],
            ["figure": "index size per case", "value": "\(indexBytes / max(count, 1)) B", "detail": sizes.map { "\($0.0) \($0.1 / 1024) KiB" }.joined(separator: ", ")],
        ]
    }

    private func micro(_ seconds: Double) -> String { "\(format(seconds * 1e6, digits: 0)) µs" }
}
