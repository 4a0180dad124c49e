import ArgumentParser
import Foundation
import GRDB
import WorkflowCore

/// Durable appends per second through the real intake path (decide, group commit, projections,
/// synchronous=FULL), with 1, 16 and 256 concurrent writers, beside plain SQLite inserts of the
/// same rows in batches of the same size with the same pragmas.
struct AppendBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "append", abstract: "Durable appends/s vs raw SQLite.")

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let seconds = options.quick ? 1.5 : 6.0
        var result = BenchResult(
            name: "append", title: "Durable appends (registrations and notes through the engine and the store)",
            columns: ["workload", "writers", "events/s", "cases/s", "mean batch", "raw SQLite events/s (same batch)", "ratio"])
        for writers in [1, 16, 256] {
            let (folder, store, handler) = try scratchStore("append-\(writers)")
            let before = try await store.headPosition()
            let deadline = ContinuousClock.now + .seconds(seconds)
            let start = ContinuousClock.now
            let cases = try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var count = 0
                        while ContinuousClock.now < deadline {
                            let registration = BenchData.registration(key: "w\(writer)-\(count)", index: writer * 1_000_000 + count)
                            _ = try await handler.register(registration, actor: BenchData.actor, now: Date())
                            count += 1
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = (ContinuousClock.now - start).seconds
            let events = Int(try await store.headPosition() - before)
            let batch = Self.meanBatch(store, since: (0, 0))
            let replay = try await RawReplay(from: store.pool)
            try store.close()
            let raw = try await replay.replay(
                into: folder.appendingPathComponent("raw.sqlite").path, batchCases: batch, seconds: seconds)
            try? FileManager.default.removeItem(at: folder)
            result.rows.append(
                Self.row("registrations", writers: writers, events: events, cases: cases, elapsed: elapsed, batch: batch, raw: raw))
        }
        result.rows += try await notes(seconds: seconds)
        result.notes = [
            "Rows “registrations”: each Submit-like call registers a case through the engine (2 events). Rows “notes”: each call adds a note to an existing case through the engine (load its events, decide, append with the expected version; 1 event), writers spread over their own 16 cases each.",
            "Each registration writes its events (registered plus the deadline it starts), the case-list, org, timer and counter projections, the case number and the idempotency key in the group-committed transaction; the caller is answered after the commit (WAL, synchronous=FULL).",
            "Raw SQLite: the very rows xinfang wrote in the run (events, case and idempotency keys, case list, org trail, timers, outbox, counter and case-number upserts), read back and inserted again as plain cached INSERTs into a fresh database with the same schema and pragmas, in transactions of xinfang's mean batch (in cases). The ratio is what deciding, encoding, queueing and answering each writer costs on top of SQLite.",
            "Raw SQLite for notes: the very note events, each with its case row's update and counter upsert, into a copy of the database taken before the run, in transactions of xinfang's mean batch.",
            "Targets (issue 5): at least 20,000 events/s with 256 writers, and at least half the raw batched rate.",
        ]
        try result.write(to: options.results)
    }
}

extension AppendBench {
    /// Appends to existing cases: notes through the engine, 1, 16 and 256 writers.
    func notes(seconds: Double) async throws -> [[String: String]] {
        var rows: [[String: String]] = []
        for writers in [1, 16, 256] {
            let (folder, store, handler) = try scratchStore("notes-\(writers)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let perWriter = 16
            let cases = try await withThrowingTaskGroup(of: (Int, [CaseID]).self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var ids: [CaseID] = []
                        for index in 0..<perWriter {
                            let registration = BenchData.registration(key: "n\(writer)-\(index)", index: writer * perWriter + index)
                            ids.append(try await handler.register(registration, actor: BenchData.actor, now: Date()).key.caseID)
                        }
                        return (writer, ids)
                    }
                }
                return try await group.reduce(into: [Int: [CaseID]]()) { $0[$1.0] = $1.1 }
            }
            let copy = folder.appendingPathComponent("raw.sqlite").path
            try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
            let before = try await store.headPosition()
            let statsBefore = store.writerStatistics
            let deadline = ContinuousClock.now + .seconds(seconds)
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    let own = cases[writer] ?? []
                    group.addTask {
                        var count = 0
                        while ContinuousClock.now < deadline {
                            _ = try await handler.handle(
                                .addNote(text: "承办人电话联系来访人，告知已转交属地核实处理，第\(count)次跟进。"), caseID: own[count % own.count],
                                actor: BenchData.actor, now: Date())
                            count += 1
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = (ContinuousClock.now - start).seconds
            let events = Int(try await store.headPosition() - before)
            let batch = Self.meanBatch(store, since: statsBefore)
            let replay = try await RawNoteReplay(from: store.pool, after: before)
            try store.close()
            let raw = try await replay.replay(into: copy, batch: batch, seconds: seconds)
            rows.append(Self.row("notes", writers: writers, events: events, cases: nil, elapsed: elapsed, batch: batch, raw: raw))
        }
        return rows
    }

    /// A fresh store in the scratch folder and the engine over it, as the daemon builds them.
    func scratchStore(_ name: String) throws -> (folder: URL, store: SQLiteEventStore, handler: CaseCommandHandler) {
        let folder = URL(fileURLWithPath: options.scratch).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteEventStore(path: folder.appendingPathComponent("bench.sqlite").path)
        let decider = CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled().allowingProvisionalYears(1))
        return (folder, store, CaseCommandHandler(store: store, decider: decider))
    }

    /// Writes per group-committed transaction since `before` (at least 1).
    static func meanBatch(_ store: SQLiteEventStore, since before: (transactions: Int, writes: Int)) -> Int {
        let now = store.writerStatistics
        return max(1, (now.writes - before.writes) / max(1, now.transactions - before.transactions))
    }

    /// One row of the table: xinfang's rate beside raw SQLite's with the same rows and batch.
    static func row(_ workload: String, writers: Int, events: Int, cases: Int?, elapsed: Double, batch: Int, raw: Double) -> [String: String] {
        let rate = Double(events) / elapsed
        return [
            "workload": workload, "writers": "\(writers)", "events/s": format(rate, digits: 0),
            "cases/s": cases.map { format(Double($0) / elapsed, digits: 0) } ?? "", "mean batch": "\(batch)",
            "raw SQLite events/s (same batch)": format(raw, digits: 0), "ratio": format(rate / raw, digits: 2),
        ]
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Realistic submissions for benchmarks.
enum BenchData {
    static let actor = Actor(id: "bench", displayName: "压测", role: .receptionist, orgID: "root")
    static let places = ["五华区", "盘龙区", "官渡区", "西山区", "呈贡区", "晋宁区", "安宁市", "嵩明县", "宜良县", "石林县"]
    static let problems = [
        "小区噪音扰民", "拖欠农民工工资", "供暖温度不达标", "道路积水严重", "违章搭建", "物业乱收费", "油烟扰民", "垃圾清运不及时",
        "公交线路调整", "学区划分不合理", "医保报销困难", "征地补偿纠纷", "房屋漏水维修", "路灯损坏", "井盖缺失",
    ]

    static func registration(key: String, index: Int) -> Registration {
        let place = places[index % places.count]
        let problem = problems[(index / places.count) % problems.count]
        return Registration(
            idempotencyKey: key, channel: .visit, workflow: "xinfang", subject: "\(place)\(problem)",
            content: "来访人反映\(place)某小区\(problem)问题，已持续较长时间，多次向有关部门反映未果，请求尽快协调解决。",
            petitioner: Petitioner(name: "张\(index % 97)", phone: "135\(String(format: "%08d", index % 100_000_000))"),
            orgID: "root", receivedAt: Date())
    }
}
