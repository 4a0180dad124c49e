import AsyncHTTPClient
import Crypto
import E2ESupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing
import WireProtocol
@testable import LetterOCRPlugin

/// letter-ocr under a real xinfangd (`--plugins DIR`) with the real Tesseract: a generated
/// letter dropped into the inbox becomes a case with the petitioner's details and the scan
/// attached; the same scan again makes no second case; unreadable files go to quarantine
/// with a reason, from the inbox and from the submit endpoint.
@Suite(.serialized)
struct LetterOCREndToEndTests {
    struct Site {
        var daemon: DaemonProcess
        var inbox: InboxFolder
        var endpointFile: URL
    }

    static func startSite() throws -> Site {
        let daemon = try DaemonProcess()
        let root = daemon.dataDirectory.deletingLastPathComponent()
        let folder = root.appendingPathComponent("plugins/letter-ocr", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let inbox = root.appendingPathComponent("letters", isDirectory: true)
        try """
            name: letter-ocr
            description: 来信扫描识别
            command: \(Binaries.path("letter-ocr"))
            actor: { display_name: 来信扫描识别, org: root }
            grants:
              submit_channels: [letter]
              workflows: [xinfang]
            heartbeat_interval_ms: 2000
            config:
              inbox: \(inbox.path)
              poll_ms: "200"
              listen: "127.0.0.1:0"
            """.write(to: folder.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        daemon.serveArguments = ["--plugins", root.appendingPathComponent("plugins").path]
        try daemon.start()
        return Site(
            daemon: daemon, inbox: InboxFolder(inbox),
            endpointFile: daemon.dataDirectory.appendingPathComponent("plugins/letter-ocr/submit-endpoint"))
    }

    /// Writes beside the inbox and renames in, as a scanner's software should.
    static func drop(_ data: Data, named name: String, into inbox: InboxFolder) throws {
        try FileManager.default.createDirectory(at: inbox.root, withIntermediateDirectories: true)
        let hidden = inbox.root.appendingPathComponent(".\(name).part")
        try data.write(to: hidden)
        try FileManager.default.moveItem(at: hidden, to: inbox.root.appendingPathComponent(name))
    }

    static func waitFor(_ what: String, seconds: Int = 180, _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock()
        let end = clock.now + .seconds(seconds)
        while clock.now < end {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw E2EError("timed out waiting for \(what)")
    }

    static func letterCases(_ daemon: DaemonProcess) async throws -> [Xinfang_V1_CaseSummary] {
        try await withClient(daemon) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).listCases(.with { $0.page.pageSize = 100 }).cases
        }.filter { $0.channel == "letter" }
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    @Test func aScannedLetterBecomesACaseOnceAndBadFilesAreQuarantined() async throws {
        let site = try Self.startSite()
        defer { site.daemon.stop() }
        var random = SampleRandom(seed: 12)  // its date is written 2026年5月27日
        let letter = SampleLetter.make(using: &random)
        var renderer = SampleRenderer()
        renderer.font = "Noto Sans CJK SC"
        renderer.rotation = 1.5
        let scan = try renderer.render(letter)
        try Self.drop(scan, named: "letter-1.png", into: site.inbox)
        // A second letter as a two-page PDF: the ID number and phone are on page 2.
        var otherRandom = SampleRandom(seed: 13)
        let other = SampleLetter.make(using: &otherRandom)
        renderer.rotation = 0
        renderer.format = .pdf
        renderer.pages = 2
        let pdf = try renderer.render(other)
        try Self.drop(pdf, named: "letter-2.pdf", into: site.inbox)
        try Self.drop(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("broken".utf8), named: "broken.png", into: site.inbox)
        try Self.drop(Data("not a scan at all".utf8), named: "notes.txt", into: site.inbox)

        try await Self.waitFor("the letters to be registered") {
            Self.exists(site.inbox.done.appendingPathComponent("letter-1.png"))
                && Self.exists(site.inbox.done.appendingPathComponent("letter-2.pdf"))
        }
        #expect(!Self.exists(site.inbox.root.appendingPathComponent("letter-1.png")))
        let receipt = try String(contentsOf: site.inbox.done.appendingPathComponent("letter-1.png.case.txt"), encoding: .utf8)
        let cases = try await Self.letterCases(site.daemon)
        #expect(cases.count == 2)
        let number = try #require(receipt.split(separator: " ").dropFirst().first.map { String($0.prefix { $0 != "\n" && $0 != "（" }) })
        let summary = try #require(cases.first { $0.caseNumber == number })

        let (full, petitioner) = try await withClient(site.daemon) { client in
            let service = Xinfang_V1_CaseService.Client(wrapping: client)
            let full = try await service.getCase(.with { $0.caseRef = summary.caseNumber })
            let petitioner = try await service.revealPetitioner(.with { $0.caseRef = summary.caseNumber; $0.reason = "核对来信识别结果" })
            return (full, petitioner)
        }
        #expect(petitioner.name == letter.name)
        #expect(petitioner.idNumber == letter.idNumber)
        #expect(petitioner.phone == letter.mobile)
        let attachment = try #require(full.attachments.first)
        #expect(full.attachments.count == 1)
        #expect(attachment.sha256 == SHA256.hash(data: scan).map { String(format: "%02x", $0) }.joined())
        #expect(attachment.mediaType == "image/png")
        #expect(attachment.extractedText.contains(letter.idNumber))
        let attributes = Dictionary(full.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(attributes["scan_sha256"] == attachment.sha256)
        #expect(attributes["source"] == "letter-ocr")
        #expect(attributes["letter_date"] == letter.letterDate)
        #expect(full.content.contains(letter.name))

        let pdfReceipt = try String(contentsOf: site.inbox.done.appendingPathComponent("letter-2.pdf.case.txt"), encoding: .utf8)
        let pdfCase = try #require(cases.first { pdfReceipt.contains($0.caseNumber) && $0.caseNumber != summary.caseNumber })
        let (pdfFull, pdfPetitioner) = try await withClient(site.daemon) { client in
            let service = Xinfang_V1_CaseService.Client(wrapping: client)
            return (
                try await service.getCase(.with { $0.caseRef = pdfCase.caseNumber }),
                try await service.revealPetitioner(.with { $0.caseRef = pdfCase.caseNumber; $0.reason = "核对来信识别结果" }))
        }
        #expect(pdfFull.attachments.first?.mediaType == "application/pdf")
        #expect(pdfFull.attributes.first { $0.name == "scan_pages" }?.value == "2")
        #expect(pdfPetitioner.idNumber == other.idNumber)
        #expect(pdfPetitioner.phone == other.mobile)

        // Unreadable files wait in quarantine with the reason; nothing else was registered.
        try await Self.waitFor("the bad files to be quarantined") {
            Self.exists(site.inbox.quarantine.appendingPathComponent("broken.png.reason.txt"))
                && Self.exists(site.inbox.quarantine.appendingPathComponent("notes.txt.reason.txt"))
        }
        #expect(Self.exists(site.inbox.quarantine.appendingPathComponent("broken.png")))
        let reason = try String(contentsOf: site.inbox.quarantine.appendingPathComponent("notes.txt.reason.txt"), encoding: .utf8)
        #expect(reason.contains("scan.format"))
        #expect(reason.contains("PNG、JPEG、TIFF、PDF"))

        // The same scan again (as after a crash before the move): the same case, no second one.
        try Self.drop(scan, named: "letter-1-again.png", into: site.inbox)
        try await Self.waitFor("the repeat to be settled") {
            Self.exists(site.inbox.done.appendingPathComponent("letter-1-again.png.case.txt"))
        }
        let again = try String(contentsOf: site.inbox.done.appendingPathComponent("letter-1-again.png.case.txt"), encoding: .utf8)
        #expect(again.contains(summary.caseNumber))
        #expect(again.contains("此前已登记"))
        #expect(try await Self.letterCases(site.daemon).count == 2)

        // The submit endpoint refuses what it cannot read, naming the field and the limit.
        let base = try await Self.endpoint(site)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let bad = try await Self.post(client, base, body: Data("GIF89a".utf8), name: "photo.gif")
        #expect(bad.status == 422, "\(bad.json)")
        #expect((bad.json["error"] as? [String: Any])?["field"] as? String == "scan.format")
        let quarantined = try #require(bad.json["quarantined_as"] as? String)
        #expect(Self.exists(site.inbox.quarantine.appendingPathComponent(quarantined + ".reason.txt")))
        // A scan already registered, submitted again through the endpoint: the same case.
        let repeated = try await Self.post(client, base, body: scan, name: "letter-1.png")
        #expect(repeated.status == 200, "\(repeated.json)")
        #expect(repeated.json["case_number"] as? String == summary.caseNumber)
        #expect(repeated.json["created"] as? Bool == false)
        let huge = try await Self.post(client, base, body: Data(count: ScanLimits.maxScanBytes + 1), name: "huge.png")
        #expect(huge.status == 413)
        #expect((huge.json["error"] as? [String: Any])?["limit"] as? String == "\(ScanLimits.maxScanBytes) bytes")
        #expect(try await Self.letterCases(site.daemon).count == 2)
    }

    static func endpoint(_ site: Site) async throws -> String {
        var address = ""
        try await waitFor("the submit endpoint", seconds: 60) {
            address = (try? String(contentsOf: site.endpointFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return !address.isEmpty
        }
        return address
    }

    static func post(_ client: HTTPClient, _ base: String, body: Data, name: String) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: base + SubmitEndpoint.path)
        request.method = .POST
        request.headers.add(name: "X-File-Name", value: name)
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }
}
