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
        let decider = CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled().allowingProvisionalYears(1))
        let handler = CaseCommandHandler(store: store, decider: decider)
        let indexer = SQLiteDuplicateIndexer(store: store, handler: handler, siteKey: key)
        try await indexer.prepare()

        // Intake one after another; detection is the daemon's own indexer, run after intake
        // here so that its cost per case can be timed apart from the registrations' commits.
        var caseIndex: [CaseID: Int] = [:]
        var positions: [Int64] = []
        let started = ContinuousClock.now
        for (index, generated) in corpus.cases.enumerated() {
            let outcome = try await handler.register(generated.registration, actor: Self.intake, now: generated.registration.receivedAt)
            caseIndex[outcome.key.caseID] = index
            positions.append(outcome.events[0].position)
        }
        let intakeSeconds = (ContinuousClock.now - started).seconds
        let detectionSeconds = try await seconds { try await indexer.catchUp() }

        let recorded = try await Self.recordedCandidates(store, caseIndex)
        var result = BenchResult(
            name: "duplicates", title: "Duplicate detection (重复信访): precision, recall, cost per intake",
            columns: ["figure", "value", "detail"])
        result.rows += DuplicatesEvaluation(corpus: corpus, recorded: recorded).rows()
        result.rows += try await costRows(
            corpus: corpus, store: store, indexer: indexer, positions: positions, key: key, count: count)
        result.rows.append([
            "figure": "detection per case", "value": micro(detectionSeconds / Double(count)),
            "detail": "the daemon's SQLiteDuplicateIndexer over all \(count) registrations: decode, probe, score, record findings (durable appends), index rows, in batches of \(SQLiteDuplicateIndexer.defaultBatchSize)",
        ])
        result.rows.append(["figure": "intake wall time", "value": "\(Int(intakeSeconds)) s", "detail": "\(count) cases registered one after another, each commit durable (synchronous=FULL); detection runs after the acknowledgement"])
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

    /// What detection costs: one probe against the whole index, the signature, the index
    /// rows, and the index's size.
    func costRows(
        corpus: DuplicatesCorpus, store: SQLiteEventStore, indexer: SQLiteDuplicateIndexer, positions: [Int64], key: SiteKey, count: Int
    ) async throws -> [[String: String]] {
        let detector = DuplicateDetector(index: indexer.index, siteKey: key)
        var probeTimes = Samples()
        var signatureTimes = Samples()
        var bands = 0
        var identities = 0
        let stride = max(1, corpus.cases.count / 2_000)
        for index in Swift.stride(from: 0, to: corpus.cases.count, by: stride) {
            let registration = corpus.cases[index].registration
            let elapsed = await seconds {
                let signature = ContentSignature(subject: registration.subject, content: registration.content)
                bands += signature.bands().count
                identities += PetitionerIdentity.keys(of: registration.petitioner, siteKey: key).count
            }
            signatureTimes.add(elapsed)
            probeTimes.add(try await seconds {
                _ = try await detector.candidates(for: registration, caseID: CaseID(rawValue: ""), before: positions[index])
            })
        }
        let sampled = Double(signatureTimes.values.count)
        let sizes = try await store.indexPool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat WHERE name LIKE 'duplicate%' GROUP BY name")
                .map { ($0["name"] as String, $0["bytes"] as Int) }
        }
        let indexBytes = sizes.reduce(0) { $0 + $1.1 }
        // Re-indexing (a rebuild): the indexer's own code without detection.
        let before = try await store.indexPool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_bands") ?? 0 }
        try await indexer.reset()
        let reindex = try await seconds { try await indexer.catchUp() }
        let after = try await store.indexPool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_bands") ?? 0 }
        precondition(after == before, "re-indexing from the log gave other rows")
        return [
            ["figure": "probe p50", "value": micro(probeTimes.median), "detail": "identity and band lookups on the full index (earlier cases only; every band looked up, where the indexer skips those its band filter rules out), signature comparison, scoring; \(signatureTimes.values.count) sampled cases"],
            ["figure": "probe p99", "value": micro(probeTimes.percentile(99)), "detail": "grows with the band buckets (similar cases on one topic), each read capped at \(DuplicatePolicy.maxBandBucket)"],
            ["figure": "signature + identity keys per case", "value": micro(signatureTimes.median), "detail": "MinHash of subject and content, LSH bands, HMAC of ID and phone (p50)"],
            ["figure": "re-index per case", "value": micro(reindex / Double(count)), "detail": "a rebuild of the index from the log: decode the registration, signature, keys, rows, in batches"],
            ["figure": "index rows per case", "value": format(2 + Double(identities) / sampled, digits: 1), "detail": "1 case row, 1 FTS5 row of \(format(Double(bands) / sampled, digits: 1)) band tokens, \(format(Double(identities) / sampled, digits: 1)) identity rows"],
            ["figure": "index size per case", "value": "\(indexBytes / max(count, 1)) B", "detail": sizes.map { "\($0.0) \($0.1 / 1024) KiB" }.joined(separator: ", ")],
        ]
    }

    private func micro(_ seconds: Double) -> String { "\(format(seconds * 1e6, digits: 0)) µs" }
}
