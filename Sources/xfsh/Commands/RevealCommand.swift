import WireProtocol

/// `/reveal 原因…`: the petitioner's unmasked details. Needs the `pii:read` right; the
/// server records every reveal with its reason.
struct RevealCommand: ShellCommand {
    let reason: String
    /// The server's bounds on the reason (RevealPetitionerRequest.reason).
    static let reasonCharacters = 2...200

    init(arguments: [String]) throws(UsageError) {
        reason = arguments.joined(separator: " ")
        guard Self.reasonCharacters.contains(reason.count) else {
            throw UsageError("用法：/reveal 原因（2–200 字，会记入审计）")
        }
    }

    func run(on shell: Shell) async throws -> String {
        let open = try shell.requireOpenCase()
        let petitioner = try await shell.connection.cases.revealPetitioner(.with {
            $0.caseRef = open.summary.caseNumber
            $0.reason = reason
        })
        if shell.json { return try shell.render(petitioner) }
        var lines = ["信访人（已记录查看原因：\(reason)）", "  姓名：\(petitioner.name)"]
        if !petitioner.phone.isEmpty { lines.append("  电话：\(petitioner.phone)") }
        if !petitioner.idNumber.isEmpty { lines.append("  身份证号：\(petitioner.idNumber)") }
        if !petitioner.address.isEmpty { lines.append("  地址：\(petitioner.address)") }
        return lines.joined(separator: "\n")
    }
}
