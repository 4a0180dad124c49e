import E2ESupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing
import WireProtocol
@testable import GridPlugin

/// The grid plugin under a real xinfangd (`--plugins DIR`), with the grid app played over real
/// HTTP: reports with photos become cases at the cell's org, bad reports create nothing, and
/// the 核查 loop runs from the worker's feed to 结案.
@Suite(.serialized)
struct GridEndToEndTests {
    /// A daemon with the grid plugin, two workers, and the operators of 东城区.
    struct Site {
        var daemon: DaemonProcess
        var app: GridAppCounterpart
        var westOnlyApp: GridAppCounterpart
        var baseURL: String
        var supervisorToken: String
        var handlerToken: String
    }

    static func startSite() async throws -> Site {
        let daemon = try DaemonProcess()
        let root = daemon.dataDirectory.deletingLastPathComponent()
        let folder = root.appendingPathComponent("plugins/grid", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["cells.csv", "event-types.csv"] {
            try FileManager.default.copyItem(at: GridFixtures.pluginFolder.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let (everywhere, west) = (WorkerDirectory.newToken(), WorkerDirectory.newToken())
        try """
            worker_id,name,token_sha256,cells
            w-001,周网格,\(WorkerDirectory.hash(token: everywhere)),*
            w-002,吴网格,\(WorkerDirectory.hash(token: west)),110102
            """.write(to: folder.appendingPathComponent("workers.csv"), atomically: true, encoding: .utf8)
        try """
            name: grid
            description: 网格化事件上报
            command: \(Binaries.path("grid"))
            actor: { display_name: 网格化事件上报, org: root }
            grants:
              submit_channels: [grid]
              orgs: [dongcheng, xicheng]
              event_types: [\(FeedComposer.eventTypes.joined(separator: ", "))]
              workflows: [grid]
              commands: [verify_pass, verify_fail]
            heartbeat_interval_ms: 2000
            config:
              listen: "127.0.0.1:0"
              workers: workers.csv
              cells: cells.csv
              event_types: event-types.csv
            """.write(to: folder.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        daemon.serveArguments = ["--plugins", root.appendingPathComponent("plugins").path]
        try daemon.start()

        let admin = XfshRun(daemon)
        let setup = try admin.run(
            "org add dongcheng 东城区城市管理监督指挥中心 --parent root; org add xicheng 西城区城市管理监督指挥中心 --parent root; "
                + "org add dc-huanwei 东城区环境卫生服务中心 --parent dongcheng; "
                + "user add u-zhao 赵指挥 --org dongcheng --role supervisor; user add u-qian 钱处置 --org dc-huanwei --role handler")
        guard setup.status == 0 else { throw GridTestError("setup failed: \(setup.stderr)") }
        let tokens = try admin.documents("token new u-zhao; token new u-qian").map { $0["secret"] as? String ?? "" }

        let base = try await pluginAddress(daemon)
        return Site(
            daemon: daemon, app: GridAppCounterpart(baseURL: base, token: everywhere), westOnlyApp: GridAppCounterpart(baseURL: base, token: west),
            baseURL: base, supervisorToken: tokens[0], handlerToken: tokens[1])
    }

    /// The plugin writes the address it bound to its state folder once it serves (and removes
    /// it when it starts again).
    static func pluginAddress(_ daemon: DaemonProcess) async throws -> String {
        let addressFile = daemon.dataDirectory.appendingPathComponent("plugins/grid/http-address")
        let clock = ContinuousClock()
        let end = clock.now + .seconds(90)
        while clock.now < end {
            if let text = try? String(contentsOf: addressFile, encoding: .utf8), !text.isEmpty {
                let base = "http://\(text.trimmingCharacters(in: .whitespacesAndNewlines))"
                // A short timeout: the file may still name the address of the plugin's previous run.
                let probe = try? await GridAppCounterpart(baseURL: base, token: "").send(.GET, "/v1/health", timeout: .seconds(2))
                if probe?.status == 200 { return base }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GridTestError("the grid plugin did not start serving")
    }

    static func reportBody(id: String, cell: GridCell, photos: [String], type: String = "E0101", lat: Double? = nil) -> [String: Any] {
        let position = GCJ02.fromWGS84(cell.centre)  // phones in China usually give GCJ-02
        return [
            "report_id": id, "event_type": type,
            "cell": ["district": cell.district, "street": cell.street, "grid": cell.grid],
            "location": ["lat": lat ?? position.latitude, "lon": position.longitude, "crs": "gcj02", "accuracy_m": 10],
            "description": "巷口堆放生活垃圾约两立方米，已散发异味，影响通行。", "photos": photos,
        ]
    }

    static func allCases(_ daemon: DaemonProcess) async throws -> [Xinfang_V1_CaseSummary] {
        try await withClient(daemon) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).listCases(.with { $0.page.pageSize = 100 }).cases
        }
    }

    static func act(_ daemon: DaemonProcess, token: String, _ caseNumber: String, _ command: String, _ fields: [String: String] = [:]) async throws -> String {
        try await withClient(daemon, token: token) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).act(.with {
                $0.caseRef = caseNumber
                $0.command = command
                $0.fields = fields.map { name, value in .with { $0.name = name; $0.value = value } }
            }).state
        }
    }

    static func getCase(_ daemon: DaemonProcess, _ caseNumber: String) async throws -> Xinfang_V1_Case {
        try await withClient(daemon) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).getCase(.with { $0.caseRef = caseNumber })
        }
    }

    @Test func badReportsAreRefusedByFieldAndCreateNothing() async throws {
        let site = try await Self.startSite()
        defer { site.daemon.stop() }
        let cells = try GridFixtures.cells()
        let dongcheng = try #require(cells["11010100100101"])

        let stranger = GridAppCounterpart(baseURL: site.baseURL, token: WorkerDirectory.newToken())
        let wrongToken = try await stranger.report(Self.reportBody(id: "r-x", cell: dongcheng, photos: []))
        #expect(wrongToken.status == 401)
        #expect(wrongToken.errorFields == ["Authorization"])
        let noToken = try await GridAppCounterpart(baseURL: site.baseURL, token: "").send(.GET, "/v1/messages")
        #expect(noToken.status == 401)
        let strangersPhoto = try await stranger.uploadPhoto(TestPNG.make(width: 200, height: 200))
        #expect(strangersPhoto.status == 401)
        #expect(strangersPhoto.errorFields == ["Authorization"])

        let oversized = try await site.app.uploadPhoto(TestPNG.make(width: 1100, height: 1000))
        #expect(oversized.status == 413, "\(oversized.text)")
        #expect(oversized.errorFields == ["photo"])
        #expect(oversized.errors.first?["limit"] as? String == "\(GridLimits.maxPhotoBytes) bytes")
        let notAPicture = try await site.app.uploadPhoto(Data("GIF89a not really".utf8))
        #expect(notAPicture.status == 422)
        #expect(notAPicture.errorFields == ["photo"])

        let photo = try await site.app.uploadPhoto(TestPNG.make(width: 64, height: 48))
        #expect(photo.status == 201, "\(photo.text)")
        let photoID = try #require(photo.json["photo_id"] as? String)

        var badCell = Self.reportBody(id: "r-bad-cell", cell: dongcheng, photos: [photoID])
        badCell["cell"] = ["district": "110101", "street": "110101001", "grid": "11010100100199"]
        let cellReply = try await site.app.report(badCell)
        #expect(cellReply.status == 422)
        #expect(cellReply.errorFields == ["cell.grid"])

        let gpsReply = try await site.app.report(Self.reportBody(id: "r-bad-gps", cell: dongcheng, photos: [photoID], lat: 95))
        #expect(gpsReply.status == 422)
        #expect(gpsReply.errorFields == ["location.lat"])
        #expect(gpsReply.errors.first?["limit"] as? String == "3.86..53.56")

        let farReply = try await site.app.report(Self.reportBody(id: "r-far", cell: dongcheng, photos: [photoID], lat: 40.2))
        #expect(farReply.errorFields == ["location"])

        let notMine = try await site.westOnlyApp.report(Self.reportBody(id: "r-east", cell: dongcheng, photos: [photoID]))
        #expect(notMine.status == 422)
        #expect(notMine.errorFields.contains("photos[0]"), "another worker's photo")
        #expect(notMine.errorFields.contains("cell.grid"), "outside the worker's cells")

        var tooLong = Self.reportBody(id: "r-long", cell: dongcheng, photos: [photoID])
        tooLong["description"] = String(repeating: "垃", count: GridLimits.maxDescriptionCharacters + 1)
        let longReply = try await site.app.report(tooLong)
        #expect(longReply.errorFields == ["description"])
        #expect(longReply.errors.first?["limit"] as? String == "5–2000 characters")

        let notJSON = try await site.app.send(.POST, "/v1/reports", body: Data("report".utf8))
        #expect(notJSON.status == 422)
        #expect(notJSON.errorFields == ["body"])

        #expect(try await Self.allCases(site.daemon).isEmpty, "no bad report created a case")
        #expect(try await site.app.messages(after: 0).isEmpty)
    }

    @Test func aReportRunsTheVerificationLoopToClosing() async throws {
        let site = try await Self.startSite()
        defer { site.daemon.stop() }
        let cells = try GridFixtures.cells()
        let dongcheng = try #require(cells["11010100100101"])
        let xicheng = try #require(cells["11010200100101"])

        // Reports with photos become cases at the cell's org; a repeat is the same case.
        let photo = try await site.app.uploadPhoto(TestPNG.make(width: 320, height: 240), fileName: "IMG_2041.png")
        let photoID = try #require(photo.json["photo_id"] as? String)
        let first = try await site.app.report(Self.reportBody(id: "app-0001", cell: dongcheng, photos: [photoID]))
        #expect(first.status == 201, "\(first.text)")
        let caseNumber = try #require(first.json["case_number"] as? String)
        #expect(first.json["state"] as? String == "reported")
        let again = try await site.app.report(Self.reportBody(id: "app-0001", cell: dongcheng, photos: [photoID]))
        #expect(again.status == 200)
        #expect(again.json["case_number"] as? String == caseNumber)
        #expect(again.json["created"] as? Bool == false)

        let westPhoto = try await site.westOnlyApp.uploadPhoto(TestPNG.make(width: 32, height: 32, seed: 7))
        let west = try await site.westOnlyApp.report(
            Self.reportBody(id: "app-0001", cell: xicheng, photos: [try #require(westPhoto.json["photo_id"] as? String)], type: "E0504"))
        #expect(west.status == 201, "\(west.text)")
        let westNumber = try #require(west.json["case_number"] as? String)
        #expect(westNumber != caseNumber, "report ids are per worker")

        let registered = try await Self.getCase(site.daemon, caseNumber)
        #expect(registered.summary.orgID == "dongcheng")
        #expect(registered.summary.workflow == "grid")
        #expect(registered.summary.channel == "grid")
        #expect(registered.attachments.map(\.sha256) == [photoID])
        #expect(registered.attachments.first?.fileName == "IMG_2041.png")
        let attributes = Dictionary(uniqueKeysWithValues: registered.attributes.map { ($0.name, $0.value) })
        #expect(attributes["cell"] == dongcheng.grid)
        #expect(attributes["event_type"] == "E0101")
        #expect(attributes["crs_reported"] == "gcj02")
        let kept = try #require(Coordinate(latitude: Double(attributes["lat"] ?? "") ?? 0, longitude: Double(attributes["lon"] ?? "") ?? 0))
        #expect(kept.distance(to: dongcheng.centre) < 1, "kept in WGS-84")
        #expect(try await Self.getCase(site.daemon, westNumber).summary.orgID == "xicheng")
        #expect(try await Self.allCases(site.daemon).count == 2)

        // The command centre files and dispatches; the 环卫 centre disposes and feeds back.
        let received = try await site.app.waitForMessage(kind: "received", reportID: "app-0001", after: 0)
        #expect(received["case_number"] as? String == caseNumber)
        #expect(try await Self.act(site.daemon, token: site.supervisorToken, caseNumber, "file", ["event_class": "sanitation"]) == "filed")
        #expect(try await Self.act(site.daemon, token: site.supervisorToken, caseNumber, "dispatch", ["target_org": "dc-huanwei"]) == "dispatched")
        #expect(try await Self.act(site.daemon, token: site.handlerToken, caseNumber, "start_disposal") == "disposing")
        #expect(try await Self.act(site.daemon, token: site.handlerToken, caseNumber, "feedback", ["result": "已清运垃圾并冲洗地面"]) == "fed_back")

        let dispatched = try await site.app.waitForMessage(kind: "dispatched", reportID: "app-0001", after: 0)
        #expect((dispatched["text"] as? String)?.contains("dc-huanwei") == true)
        let limit = try await site.app.waitForMessage(kind: "deadline", reportID: "app-0001", after: 0)
        let deadline = try #require(limit["deadline"] as? [String: Any])
        #expect(deadline["id"] as? String == "disposal")
        let due = try #require((deadline["due_at"] as? String).flatMap(ReportValidator.parseTime))
        let running = try await Self.getCase(site.daemon, caseNumber).deadlines.first { $0.id == "disposal" }
        #expect(running?.dueAt.date == due, "the worker sees the workflow's sanitation limit")
        let request = try await site.app.waitForMessage(kind: "verification_requested", reportID: "app-0001", after: 0)
        #expect((request["text"] as? String)?.contains("已清运垃圾并冲洗地面") == true)
        #expect(request["actions"] as? [String] == ["confirm", "reject"])
        let firstRound = try #require(request["cursor"] as? Int)

        // The worker finds rubbish left: rejected once, the case goes back to disposal.
        let rejected = try await site.app.verify("app-0001", decision: "reject", note: "巷口东侧仍有两袋垃圾未清运")
        #expect(rejected.status == 200, "\(rejected.text)")
        #expect(rejected.json["state"] as? String == "disposing")
        #expect(try await Self.getCase(site.daemon, caseNumber).summary.state == "disposing")
        let repeated = try await site.app.verify("app-0001", decision: "reject", note: "巷口东侧仍有两袋垃圾未清运")
        #expect(repeated.status == 409, "no verification is asked now: \(repeated.text)")
        _ = try await site.app.waitForMessage(kind: "verification_failed", reportID: "app-0001", after: firstRound)

        // Fed back again; this time the worker confirms, and the centre closes the case.
        #expect(try await Self.act(site.daemon, token: site.handlerToken, caseNumber, "feedback", ["result": "剩余垃圾已清运"]) == "fed_back")
        let second = try await site.app.waitForMessage(kind: "verification_requested", reportID: "app-0001", after: firstRound)
        #expect((second["text"] as? String)?.contains("剩余垃圾已清运") == true)
        let confirmed = try await site.app.verify("app-0001", decision: "confirm", note: "现场已清理干净")
        #expect(confirmed.status == 200, "\(confirmed.text)")
        #expect(confirmed.json["state"] as? String == "verified")
        #expect(try await Self.act(site.daemon, token: site.supervisorToken, caseNumber, "close") == "closed")
        let closed = try await site.app.waitForMessage(kind: "closed", reportID: "app-0001", after: firstRound)
        #expect(closed["state"] as? String == "closed")

        let history = try await Self.getCase(site.daemon, caseNumber).thread
        let verifications = history.filter { ["verify_fail", "verify_pass"].contains($0.command) }
        #expect(verifications.map(\.command) == ["verify_fail", "verify_pass"])
        #expect(verifications.allSatisfy { $0.actor.id == "plugin:grid" })
        #expect(try await site.app.send(.GET, "/v1/reports/app-0001").json["state"] as? String == "closed")
        // The other worker's feed holds only the other worker's report.
        let westFeed = try await site.westOnlyApp.messages(after: 0)
        #expect(westFeed.allSatisfy { $0["case_number"] as? String == westNumber })
    }

    @Test func reportsAndFeedsSurviveADaemonRestart() async throws {
        var site = try await Self.startSite()
        defer { site.daemon.stop() }
        let cell = try #require(try GridFixtures.cells()["11010100200101"])
        let photo = try await site.app.uploadPhoto(TestPNG.make(width: 40, height: 30))
        let body = Self.reportBody(id: "app-restart", cell: cell, photos: [try #require(photo.json["photo_id"] as? String)], type: "C0101")
        let first = try await site.app.report(body)
        #expect(first.status == 201, "\(first.text)")
        let caseNumber = try #require(first.json["case_number"] as? String)
        _ = try await site.app.waitForMessage(kind: "received", reportID: "app-restart", after: 0)

        #expect(site.daemon.stop() == 0)
        try site.daemon.start()
        let base = try await Self.pluginAddress(site.daemon)
        site.app = GridAppCounterpart(baseURL: base, token: site.app.token)

        let again = try await site.app.report(body)
        #expect(again.status == 200, "the same report id is the same case: \(again.text)")
        #expect(again.json["case_number"] as? String == caseNumber)
        #expect(try await site.app.send(.GET, "/v1/reports/app-restart").json["case_number"] as? String == caseNumber)
        #expect(try await site.app.messages(after: 0).filter { $0["kind"] as? String == "received" }.count == 1, "each event once")
        // Events after the restart still reach the worker.
        #expect(try await Self.act(site.daemon, token: site.supervisorToken, caseNumber, "file", ["event_class": "emergency"]) == "filed")
        let filed = try await site.app.waitForMessage(kind: "filed", reportID: "app-restart", after: 0)
        #expect((filed["text"] as? String)?.contains("emergency") == true)
        #expect(try await Self.allCases(site.daemon).count == 1)
    }
}
