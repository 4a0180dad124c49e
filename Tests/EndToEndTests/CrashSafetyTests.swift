import E2ESupport
import Foundation
import GRPCCore
import Synchronization
import Testing
import WireProtocol

/// kill -9 during load: every acknowledged case and event survives, nothing is doubled,
/// the database passes its integrity check and the projections equal a rebuild.
@Suite(.serialized)
struct CrashSafetyTests {
    struct Acknowledged: Sendable {
        var cases: [(key: String, number: String)] = []
        var notes: [(number: String, text: String)] = []
    }

    @Test(arguments: 1...3)
    func killDashNineMidLoadLosesNothingAcknowledged(round: Int) async throws {
        try await loadThenStop(signal: SIGKILL, round: round, stopAfter: 150 + round * 50)
    }

    @Test func sigtermUnderLoadStopsCleanlyAndLosesNothing() async throws {
        try await loadThenStop(signal: SIGTERM, round: 9, stopAfter: 200)
    }

    /// Writers submit cases and notes until the daemon is stopped with `signal` mid-load; after a
    /// restart every acknowledged case and note is there exactly once and the database verifies.
    private func loadThenStop(signal: Int32, round: Int, stopAfter killAfter: Int) async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let acknowledged = Shared(Acknowledged())
        let writers = 24
        let status = Shared<Int32?>(nil)

        try await withClient(daemon) { client in
            let intake = Xinfang_V1_IntakeService.Client(wrapping: client)
            let cases = Xinfang_V1_CaseService.Client(wrapping: client)
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var sequence = 0
                        while true {
                            sequence += 1
                            let key = "crash-\(round)-\(writer)-\(sequence)"
                            guard let response = try? await intake.submit(walkInSubmission(key: key, subject: "第\(sequence)号来访")) else { return }
                            acknowledged.withLock { $0.cases.append((key, response.caseNumber)) }
                            let text = "跟进记录 \(key)"
                            guard (try? await cases.addNote(.with { $0.caseRef = response.caseNumber; $0.text = text })) != nil else { return }
                            acknowledged.withLock { $0.notes.append((response.caseNumber, text)) }
                        }
                    }
                }
                group.addTask {
                    // Stop the daemon while the writers are in full flow.
                    while acknowledged.withLock({ $0.cases.count }) < killAfter { try? await Task.sleep(for: .milliseconds(5)) }
                    let code = daemon.stop(signal: signal)
                    status.withLock { $0 = code }
                }
            }
        }

        let acked = acknowledged.withLock { $0 }
        #expect(acked.cases.count >= killAfter)
        if signal == SIGTERM { #expect(status.withLock { $0 } == 0, "SIGTERM under load exits 0") }
        try daemon.start()
        try await withClient(daemon) { client in
            let intake = Xinfang_V1_IntakeService.Client(wrapping: client)
            let cases = Xinfang_V1_CaseService.Client(wrapping: client)
            for (key, number) in acked.cases {
                // Submitting the same key again finds the one case it made: present, and not doubled.
                let again = try await intake.submit(walkInSubmission(key: key, subject: "重复提交"))
                #expect(!again.created, "acknowledged case \(number) must exist")
                #expect(again.caseNumber == number)
            }
            let notesByCase = Dictionary(grouping: acked.notes, by: \.number)
            for (number, notes) in notesByCase {
                let history = try await cases.getHistory(.with { $0.caseRef = number })
                for note in notes {
                    #expect(history.events.filter { $0.type == "note_added" && $0.text == note.text }.count == 1)
                }
            }
        }
        daemon.stop()
        let numbers = acked.cases.map(\.number)
        #expect(Set(numbers).count == numbers.count, "no case number given twice")
        let verify = try runProgram(Binaries.path("xinfangd"), ["verify", "--data", daemon.dataDirectory.path, "--json"])
        #expect(verify.status == 0, "verify: \(verify.stdout) \(verify.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
        #expect(report?["integrity"] as? [String] == ["ok"])
        #expect(report?["differing_tables"] as? [String] == [])
    }
}
