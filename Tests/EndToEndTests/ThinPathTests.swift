import E2ESupport
import Foundation
import Testing
import WireProtocol

/// The foundation's thin path, end to end: real daemon, real HTTP/2, real xfsh.
@Suite(.serialized)
struct ThinPathTests {
    @Test func submittedCasesShowInXfshListAsTextAndJSON() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let numbers = try await withClient(daemon) { client in
            let intake = Xinfang_V1_IntakeService.Client(wrapping: client)
            var numbers: [String] = []
            for (index, subject) in ["小区噪音扰民", "供暖不热", "道路积水严重影响出行"].enumerated() {
                numbers.append(try await intake.submit(walkInSubmission(key: "e2e-\(index)", subject: subject)).caseNumber)
            }
            return numbers
        }
        #expect(Set(numbers).count == 3)
        #expect(numbers.allSatisfy { $0.hasPrefix("XF-") && $0.count == 14 })

        let text = try runProgram(Binaries.path("xfsh"), ["--server", daemon.address, "--token", daemon.token, "-c", "list"])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        for number in numbers { #expect(text.stdout.contains(number)) }
        #expect(text.stdout.contains("王*顺"))
        #expect(!text.stdout.contains("王大顺"), "lists mask names")
        // The subject column starts at the same display column on every row.
        let rows = text.stdout.split(separator: "\n").filter { $0.hasPrefix("XF-") }
        let starts = rows.map { row -> Int in
            let prefix = row[..<row.range(of: row.contains("小区") ? "小区" : row.contains("供暖") ? "供暖" : "道路")!.lowerBound]
            return prefix.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        }
        #expect(Set(starts).count == 1, "columns align: \(starts)")

        let json = try runProgram(Binaries.path("xfsh"), ["--server", daemon.address, "--token", daemon.token, "--json", "-c", "list"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let cases = try #require(object?["cases"] as? [[String: Any]])
        #expect(Set(cases.compactMap { $0["case_number"] as? String }) == Set(numbers))
    }

    @Test func xfshExitCodesTellUsageServerAndConnectionApart() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let usage = try runProgram(Binaries.path("xfsh"), ["--server", daemon.address, "--token", daemon.token, "-c", "frobnicate"])
        #expect(usage.status == 2, "stderr: \(usage.stderr)")
        #expect(usage.stderr.contains("未知命令"))
        let server = try runProgram(Binaries.path("xfsh"), ["--server", daemon.address, "--token", "xft_wrong", "-c", "list"])
        #expect(server.status == 3)
        #expect(server.stderr.contains("身份验证失败"))
        daemon.stop()
        let lost = try runProgram(Binaries.path("xfsh"), ["--server", daemon.address, "--token", daemon.token, "-c", "list"])
        #expect(lost.status == 4, "stderr: \(lost.stderr)")
    }

    @Test func aCaseSubmittedBeforeSigtermIsThereAfterRestart() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let number = try await withClient(daemon) { client in
            try await Xinfang_V1_IntakeService.Client(wrapping: client).submit(walkInSubmission(key: "restart", subject: "拖欠工资")).caseNumber
        }
        #expect(daemon.stop(signal: SIGTERM) == 0, "SIGTERM stops cleanly with status 0")
        try daemon.start()
        defer { daemon.stop() }
        let found = try await withClient(daemon) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).getCase(.with { $0.caseRef = number })
        }
        #expect(found.summary.caseNumber == number)
        #expect(found.summary.subject == "拖欠工资")
    }
}
