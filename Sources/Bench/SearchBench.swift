import ArgumentParser
import Foundation
import GRDB
import WorkflowCore

/// Search latency over generated cases of varied Chinese text: p50/p99 of the first page of
/// 20 for 1-, 2-, 3- and 5-character queries, with the index build time and database size.
///
/// The cases are written in bulk as the store records them (see `load`), then the real
/// `SQLiteSearchIndexer` builds the index from the log, timed. Queries are substrings of the generated texts, so common and
/// rare words come in the proportions the corpus has them.
struct SearchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Full-text search latency at 1,000,000 cases.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Cases to generate (default 1,000,000; 20,000 with --quick).") var cases: Int?
    @Option(help: "Queries per query length.") var queries = 300
    @Option(help: "Seed of the text generator.") var seed: UInt64 = 12_345

    func run() async throws {
        let count = cases ?? (options.quick ? 20_000 : 1_000_000)
        let corpus = PetitionCorpus(seed: seed)
        let path = try freshDatabase()
        let store = try SQLiteEventStore(path: path)
        let decider = CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled().allowingProvisionalYears(1))

        var notes = 0
        let loadSeconds = try await seconds { notes = try await BulkCase.load(count, corpus: corpus, store: store, decider: decider) }
        let events = try await store.headPosition()
        print("loaded \(count) cases, \(notes) notes, \(events) events in \(format(loadSeconds)) s")

        let indexer = SQLiteSearchIndexer(store: store, batchSize: 1024)
        let indexSeconds = try await seconds { try await indexer.catchUp() }
        let lag = try await indexer.lag()
        precondition(lag == 0, "the index is \(lag) events behind after catching up")
        print("indexed in \(format(indexSeconds)) s")
        let sizes = try await databaseSizes(store)

        var result = BenchResult(
            name: "search", title: "Full-text search over \(count.formatted()) generated cases",
            columns: ["query", "queries", "p50 ms", "p99 ms", "max ms", "mean hits", "target p99 ms", "met"])
        let search = SQLiteCaseSearch(store: store)
        var generator = SplitMix64(seed: seed ^ 0x5EA2C4)
        for length in [1, 2, 3, 5] {
            let texts = (0..<queries).map { _ in corpus.sampleQuery(length: length, cases: count, using: &generator) }
            let target = length >= 3 ? 50.0 : 200.0
            result.rows.append(try await measure("\(length) character(s)", texts, target: target) {
                try await search.search(query: $0, filter: SearchFilter(), pageSize: 20, after: nil).hits.count
            })
        }
        // Scoped as an operator of one district sees it (about a twelfth of the cases; district
        // names in the text make some words belong to other districts entirely).
        var scope = SearchFilter()
        scope.visibleToOrgs = [PetitionCorpus.orgID(3)]
        var scoped: [String] = []
        for length in [2, 3] {
            scoped = (0..<queries).map { _ in corpus.sampleQuery(length: length, cases: count, using: &generator) }
            result.rows.append(try await measure("\(length) characters, one district's scope", scoped, target: length >= 3 ? 50 : 200) {
                try await search.search(query: $0, filter: scope, pageSize: 20, after: nil).hits.count
            })
        }
        // What ranking every match would cost here: how many there are, and reading each one's
        // text to score it (the floor of any rank-everything plan; bm25 needs detail=full).
        let counted = Array(scoped.prefix(100))
        let trigramMatch = { (text: String) in
            (0...(text.unicodeScalars.count - 3)).map { start -> String in
                let scalars = Array(text.unicodeScalars)[start..<(start + 3)]
                return "\"" + String(String.UnicodeScalarView(scalars)).replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: " AND ")
        }
        result.rows.append(try await measure("3 characters: count the matches (reference)", counted, target: nil) { text in
            let match = trigramMatch(text)
            return try await store.indexPool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_trigram WHERE search_trigram MATCH ?", arguments: [match]) ?? 0
            }
        })
        result.rows.append(try await measure("3 characters: read every match's text (reference, not served)", Array(counted.prefix(50)), target: nil) { text in
            let match = trigramMatch(text)
            return try await store.indexPool.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*), SUM(length(d.subject) + length(d.content) + length(d.thread))
                    FROM search_trigram f CROSS JOIN search_docs d WHERE f.search_trigram MATCH ? AND d.docid = f.rowid
                    """, arguments: [match]) ?? 0
            }
        })

        let mb = { (bytes: Int64) in format(Double(bytes) / 1e6, digits: 0) }
        result.notes += [
            "\(count.formatted()) cases (\(events.formatted()) events, \(notes.formatted()) with a note) written in bulk "
                + "(5,000 per transaction: the engine's registration and note events, case keys, the case list and org trail, "
                + "as the store writes them): \(format(loadSeconds)) s. Text from a seeded generator (seed \(seed)) "
                + "of 信访/12345 subjects and contents: places, problems, departments, names.",
            "Index build (SQLiteSearchIndexer.catchUp over the whole log, batches of 1024 events): \(format(indexSeconds)) s, "
                + "\(format(Double(events) / indexSeconds, digits: 0)) events/s.",
            "Database \(mb(sizes.total)) MB; search tables \(mb(sizes.search)) MB "
                + "(trigram \(mb(sizes.trigram)) MB, short tokens \(mb(sizes.short)) MB, documents \(mb(sizes.documents)) MB).",
            "Queries are substrings of generated texts (no spaces or punctuation), first page of 20, no filter unless stated; "
                + "ranking is within the newest \(SQLiteCaseSearch.candidateWindow) matches (docs/search.md).",
            "The reference rows are not what a search does: they show how many cases a 3-character word matches and what "
                + "merely reading all of their text costs, the floor of ranking every match instead of a window.",
        ]
        try result.write(to: options.results)
        try store.close()
    }

    private func freshDatabase() throws -> String {
        let folder = URL(fileURLWithPath: options.scratch, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("search.sqlite").path
        // The index file too: a stale one's cursor would make the index build a no-op.
        for file in [path, SQLiteEventStore.indexPath(forLog: path)] {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        return path
    }

    private func measure(
        _ label: String, _ texts: [String], target: Double?, _ body: (String) async throws -> Int
    ) async throws -> [String: String] {
        var samples = Samples()
        var hits = 0
        for text in texts {
            var found = 0
            let elapsed = try await seconds { found = try await body(text) }
            samples.add(elapsed * 1000)
            hits += found
        }
        let p99 = samples.percentile(99)
        return [
            "query": label, "queries": "\(texts.count)", "p50 ms": format(samples.median, digits: 2),
            "p99 ms": format(p99, digits: 2), "max ms": format(samples.percentile(100), digits: 2),
            "mean hits": format(Double(hits) / Double(texts.count)),
            "target p99 ms": target.map { format($0, digits: 0) } ?? "-",
            "met": target.map { p99 < $0 ? "yes" : "NO" } ?? "-",
        ]
    }

    private func databaseSizes(_ store: SQLiteEventStore) async throws -> (total: Int64, search: Int64, trigram: Int64, short: Int64, documents: Int64) {
        var total: Int64 = 0
        for pool in [store.pool, store.indexPool] {
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            total += try await pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size") ?? 0
            }
        }
        let files = total
        return try await store.indexPool.read { db in
            func bytes(_ pattern: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE ?", arguments: [pattern]) ?? 0
            }
            return (files, try bytes("search%"), try bytes("search_trigram%"), try bytes("search_short%"), try bytes("search_docs%"))
        }
    }
}

/// One generated case as rows of the log and of the case list projection.
struct BulkCase: Sendable {
    var caseID = CaseID.generate(at: Date())
    var number = CaseNumber(year: 2025, serial: 0)
    var events: [(type: String, actor: String, atMS: Int64, payload: String)]
    var state: CaseState

    private static let actor = Actor(id: "bench", displayName: "接待员", role: .receptionist, orgID: PetitionCorpus.orgID(0))

    init(_ petition: PetitionCorpus.Petition, decider: CaseDecider) throws {
        let now = petition.registration.receivedAt
        var decided = Array(try decider.decide(.register(petition.registration), state: nil, actor: Self.actor, now: now).prefix(1))
        if let note = petition.note {
            decided.append(CaseEvent(type: "note_added", actor: Self.actor, at: now, payload: .noteAdded(text: note)))
        }
        guard let state = decider.fold(decided) else { throw ValidationError("a registration did not fold into a case") }
        self.state = state
        let encoder = Self.encoder()
        events = try decided.map { event in
            (event.type, event.actor.id, Self.milliseconds(event.at), String(decoding: try encoder.encode(event), as: UTF8.self))
        }
    }

    /// As `StoredCoding` encodes stored JSON.
    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Writes the cases in bulk, 5,000 per transaction, as the store would record them: the
    /// engine decides each registration (shipped workflows) and its `registered` event, plus a
    /// `note_added` event on every seventh case, go to `events` as JSON (as `StoredCoding`
    /// writes them), with `case_keys`, and the `cases` and `case_orgs` rows the projector
    /// writes from the folded state. Deadline events, timers, counters, duplicate signatures
    /// and the outbox are left out: search reads none of them. Through `CaseCommandHandler` the
    /// load alone would take most of an hour on this machine (per-command reads, every
    /// projection, one group commit per 512 cases); this keeps the run under fifteen minutes.
    static func load(_ count: Int, corpus: PetitionCorpus, store: SQLiteEventStore, decider: CaseDecider) async throws -> Int {
        let batch = 5_000
        var serials: [Int: Int] = [:]
        var notes = 0
        var pending: Task<[BulkCase], any Error>?
        func prepare(_ range: Range<Int>) -> Task<[BulkCase], any Error> {
            Task { try range.map { try BulkCase(corpus.petition($0), decider: decider) } }
        }
        var start = 0
        pending = prepare(0..<min(batch, count))
        while let current = pending {
            var cases = try await current.value
            start += cases.count
            // The next batch is made while this one is written.
            pending = start < count ? prepare(start..<min(start + batch, count)) : nil
            for index in cases.indices {
                let year = CivilDate(instant: cases[index].state.createdAt, utcOffsetSeconds: decider.utcOffsetSeconds).year
                serials[year, default: 0] += 1
                cases[index].number = CaseNumber(year: year, serial: serials[year]!)
                if cases[index].events.count > 1 { notes += 1 }
            }
            let written = cases
            try await store.pool.write { db in try BulkCase.write(written, db: db) }
            if start % 100_000 == 0 { print("  \(start) cases") }
        }
        return notes
    }

    /// The rows `SQLiteEventStore.register` and `CaseListProjection` write for these cases.
    static func write(_ cases: [BulkCase], db: Database) throws {
        let event = try db.makeStatement(
            sql: "INSERT INTO events (case_id, version, type, actor_id, at_ms, payload) VALUES (?, ?, ?, ?, ?, ?)")
        let key = try db.makeStatement(sql: "INSERT INTO case_keys (case_id, case_number) VALUES (?, ?)")
        let row = try db.makeStatement(sql: """
            INSERT INTO cases (
                case_id, case_number, workflow, state, channel, subject, org_id, handler_id, matter_class,
                petitioner, accused_org_id, next_deadline_ms, supervised, leader_in_charge, created_ms, updated_ms, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)
            """)
        let trail = try db.makeStatement(sql: "INSERT OR IGNORE INTO case_orgs (case_id, org_id) VALUES (?, ?)")
        let encoder = encoder()
        for item in cases {
            let id = item.caseID.rawValue
            for (offset, recorded) in item.events.enumerated() {
                try event.execute(arguments: [id, offset + 1, recorded.type, recorded.actor, recorded.atMS, recorded.payload])
            }
            try key.execute(arguments: [id, item.number.description])
            let state = item.state
            try row.execute(arguments: [
                id, item.number.description, state.workflow, state.state, state.registration.channel.rawValue,
                state.registration.subject, state.orgID, state.handlerID, state.matterClass,
                String(decoding: try encoder.encode(state.registration.petitioner), as: UTF8.self),
                state.registration.accused.orgID, state.supervised, state.leaderInCharge,
                milliseconds(state.createdAt), milliseconds(state.updatedAt), state.version,
            ])
            for org in state.orgTrail where !org.isEmpty { try trail.execute(arguments: [id, org]) }
        }
    }
}

/// SplitMix64: a small seedable generator, so the corpus is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generated 信访 and 12345 petitions: a district, a place, a problem with its details,
/// departments already approached, a petitioner's name and demands. Case `i` is always the
/// same text for one seed, so queries can be drawn from it without reading the database.
struct PetitionCorpus: Sendable {
    let seed: UInt64

    static let districts = ["城关区", "东城区", "西城区", "南湖区", "北塘区", "高新区", "经开区", "滨江区", "朝阳区", "海淀区", "丰台区", "城南街道"]
    static let places = [
        "幸福小区", "阳光花园", "解放路", "人民路", "建设大街", "滨江新城", "东风村", "和平里", "金色家园", "青年路", "光明小区", "胜利街",
        "长江路", "黄河路", "中山公园", "火车站广场", "第一中学", "市人民医院", "翠湖苑", "锦绣华庭", "农贸市场", "工业园区", "老城区棚户区",
        "万达广场", "世纪大道", "红旗村", "新华街", "文化路", "体育馆", "汽车站", "龙湖天街", "南苑小区", "北关村", "开发区管委会旁",
    ]
    static let problems: [(subject: String, details: [String])] = [
        ("噪音扰民", ["夜间施工噪音持续到凌晨", "广场舞音响声音过大", "商铺门口大喇叭招揽顾客"]),
        ("路灯不亮", ["路灯已经坏了半个月", "晚上出行很不安全", "多处路灯不亮无人维修"]),
        ("拖欠工资", ["公司拖欠农民工工资三个月", "包工头失联工资无人支付", "多次讨要未果"]),
        ("违章建筑", ["楼顶私搭乱建存在安全隐患", "一楼住户违规扩建院墙", "占用绿地搭建彩钢房"]),
        ("垃圾清运", ["垃圾堆放多日无人清运", "垃圾桶满溢气味难闻", "建筑垃圾随意倾倒"]),
        ("物业纠纷", ["物业公司乱收费", "物业服务质量差", "电梯经常停运物业不管"]),
        ("供暖不热", ["室内温度不足十六度", "暖气片冰凉", "供暖费已交但不热"]),
        ("道路破损", ["路面坑洼积水", "井盖缺失存在隐患", "车辆通行困难"]),
        ("油烟污染", ["餐馆油烟直排", "居民无法开窗", "烧烤摊占道经营油烟大"]),
        ("占道经营", ["商贩占用人行道经营", "早市占道影响通行", "流动摊贩堵塞消防通道"]),
        ("停水停电", ["小区频繁停水停电", "停水没有提前通知", "水压不足高层用不上水"]),
        ("房屋漏水", ["楼上漏水导致天花板发霉", "外墙渗水", "新房交付后屋顶漏水"]),
        ("征地补偿", ["征地补偿款未按标准发放", "拆迁安置房迟迟未交付", "补偿标准不公开"]),
        ("医疗纠纷", ["医院收费不合理", "手术后出现并发症", "医保报销被拒"]),
        ("教育收费", ["学校违规收取补课费", "幼儿园乱收费", "校服费用过高"]),
        ("交通拥堵", ["路口信号灯配时不合理", "早晚高峰拥堵严重", "学校门口接送车辆乱停"]),
        ("环境污染", ["工厂排放废水污染河道", "夜间偷排废气", "河道发黑发臭"]),
        ("社保问题", ["养老保险转移接续办理困难", "社保断缴无法补缴", "失业金申领被拒"]),
        ("低保申请", ["低保申请迟迟没有答复", "低保资格被取消", "困难家庭救助未落实"]),
        ("宠物扰民", ["邻居饲养大型犬", "夜间狗叫声不断", "宠物粪便无人清理"]),
        ("消费维权", ["健身房跑路预付卡无法退款", "商家拒不退货", "网购商品质量问题"]),
        ("食品安全", ["超市销售过期食品", "餐馆卫生条件差", "学校食堂饭菜变质"]),
        ("电动车充电", ["楼道内违规充电", "小区缺少充电桩", "飞线充电存在火灾隐患"]),
        ("公交线路", ["公交车班次太少", "公交站台被取消", "司机服务态度差"]),
    ]
    static let departments = [
        "住建局", "城管局", "生态环境局", "人社局", "交通运输局", "教育局", "卫健委", "民政局", "公安分局", "市场监管局",
        "街道办事处", "水务局", "供电公司", "自然资源局", "信访局", "社区居委会", "物业公司", "热力公司",
    ]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰志斌文辉玉")
    static let demands = [
        "希望有关部门尽快处理", "请求相关部门予以解决", "已经反映多次", "问题一直没有得到解决", "周边群众意见很大", "要求依法查处",
        "恳请领导重视", "影响正常生活", "请尽快给予答复", "要求赔偿损失", "请求上级部门督办",
    ]
    static let channels: [(Channel, String)] = [
        (.visit, "xinfang"), (.letter, "xinfang"), (.online, "xinfang"), (.phone, "xinfang"),
        (.hotline12345, "hotline12345"), (.hotline12345, "hotline12345"), (.hotline12345, "hotline12345"), (.grid, "grid"),
    ]
    /// 2025-01-01 00:00 Beijing; cases follow one another every 47 seconds.
    static let start = Date(timeIntervalSince1970: 1_735_660_800)

    static func orgID(_ district: Int) -> String { "org-d\(district)" }

    struct Petition: Sendable {
        var registration: Registration
        var note: String?
    }

    func petition(_ index: Int) -> Petition {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        let districtIndex = Int.random(in: 0..<Self.districts.count, using: &random)
        let district = Self.districts[districtIndex]
        let place = Self.places.randomElement(using: &random)!
        let problem = Self.problems.randomElement(using: &random)!
        let name = "\(Self.surnames.randomElement(using: &random)!)\(Self.givenNames.randomElement(using: &random)!)"
            + (Bool.random(using: &random) ? "\(Self.givenNames.randomElement(using: &random)!)" : "")
        let subject = Bool.random(using: &random) ? "\(district)\(place)\(problem.subject)" : "反映\(place)\(problem.subject)问题"
        var parts = ["本人\(name)，住\(district)\(place)\(Int.random(in: 1...30, using: &random))号楼\(Int.random(in: 1...6, using: &random))单元。"]
        parts.append(problem.details.randomElement(using: &random)! + "。")
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let other = Self.problems.randomElement(using: &random)!
            switch Int.random(in: 0..<4, using: &random) {
            case 0: parts.append(other.details.randomElement(using: &random)! + "。")
            case 1: parts.append("曾向\(Self.departments.randomElement(using: &random)!)反映，" + Self.demands.randomElement(using: &random)! + "。")
            case 2: parts.append("\(Self.places.randomElement(using: &random)!)附近也有\(other.subject)的情况。")
            default: parts.append(problem.details.randomElement(using: &random)! + "，" + Self.demands.randomElement(using: &random)! + "。")
            }
        }
        parts.append(Self.demands.randomElement(using: &random)! + "。")
        let (channel, workflow) = Self.channels.randomElement(using: &random)!
        let note = index % 7 == 3
            ? "已电话联系\(name)，\(Self.departments.randomElement(using: &random)!)表示将于本周内到\(place)现场核查。" : nil
        let registration = Registration(
            idempotencyKey: "bench-\(index)", channel: channel, workflow: workflow, subject: subject, content: parts.joined(),
            petitioner: Petitioner(name: name, phone: "1380000\(String(format: "%04d", index % 10_000))"),
            orgID: Self.orgID(districtIndex), receivedAt: Self.start.addingTimeInterval(Double(index) * 47))
        return Petition(registration: registration, note: note)
    }

    /// A run of `length` letters (no spaces or punctuation) from a generated case's text.
    func sampleQuery(length: Int, cases: Int, using random: inout SplitMix64) -> String {
        while true {
            let petition = petition(Int.random(in: 0..<cases, using: &random))
            let text = Array((Bool.random(using: &random) ? petition.registration.subject : petition.registration.content).unicodeScalars)
            guard text.count >= length else { continue }
            let start = Int.random(in: 0...(text.count - length), using: &random)
            let run = text[start..<(start + length)]
            guard run.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil }) else { continue }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: run)
            return String(scalars)
        }
    }
}
