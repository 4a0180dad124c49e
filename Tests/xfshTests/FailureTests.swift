import Foundation
import GRPCCore
import Testing

@testable import xfsh

struct FailureTests {
    @Test func serverRefusalsNameTheFieldAndTheLimitInTextAndJSON() throws {
        var metadata = Metadata()
        metadata.addString("submission.subject", forKey: "xinfang-field")
        metadata.addString("200", forKey: "xinfang-limit")
        metadata.addString("ERROR_CODE_INVALID_FIELD", forKey: "xinfang-error-code")
        let failure = Failure(RPCError(code: .invalidArgument, message: "subject is too long", metadata: metadata))
        #expect(failure.exit == .server)
        #expect(failure.message.contains("输入有误") && failure.message.contains("字段：submission.subject") && failure.message.contains("限制：200"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(failure.json.utf8)) as? [String: Any])
        #expect(object["field"] as? String == "submission.subject")
        #expect(object["limit"] as? String == "200")
        #expect(object["error_code"] as? String == "ERROR_CODE_INVALID_FIELD")
        #expect(object["exit_code"] as? Int == 3)
    }

    @Test func exitCodesTellUsageServerAndConnectionApart() {
        #expect(Failure(UsageError("x")).exit == .usage)
        #expect(Failure(RPCError(code: .unavailable, message: "gone")).exit == .connection)
        #expect(Failure(RPCError(code: .permissionDenied, message: "no")).exit == .server)
        #expect(Failure(CancellationError()).message == "已中断")
    }
}
