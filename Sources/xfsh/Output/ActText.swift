import WireProtocol

/// The result of a command on a case, as one line per appended event.
enum ActText {
    static func render(_ response: Xinfang_V1_ActResponse) -> String {
        let events = response.events.map { "  ✓ " + EventText.what($0) }
        return (events + ["  \(response.caseNumber) 现为：\(response.stateLabel)"]).joined(separator: "\n")
    }
}
