import E2ESupport
import Foundation
import PluginKit
import Testing

@testable import Hotline12345Plugin

/// The push endpoint's answers, with the host's side played by a closure.
struct PushHandlerTests {
    let secret = Array("0123456789abcdef-secret".utf8)

    func handler(submit: @escaping @Sendable (Submission) async throws -> SubmitResponse) -> PushHandler {
        PushHandler(
            verifier: SignatureVerifier(secret: secret, nonces: NonceLedger()), orgID: "", submit: submit, log: { _, _, _ in })
    }

    func post(_ handler: PushHandler, _ body: Data) async -> (status: Int, object: [String: Any]) {
        let headers = Dictionary(uniqueKeysWithValues: RequestSignature.headers(secret: secret, method: "POST", path: PushHandler.path, body: body))
        let answer = await handler.answer(method: "POST", path: PushHandler.path, headers: { headers[$0] }, body: body)
        return (answer.status, (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]) ?? [:])
    }

    var order: Data { WorkOrderValidationTests.body { $0["call_time"] = "2026-01-01T09:00:00+08:00"; $0["due_at"] = "2026-01-08T09:00:00+08:00" } }

    @Test func aValidOrderIsSubmittedAndAnsweredWithItsCaseNumber() async {
        let seen = Shared<[String]>([])
        let handler = handler { submission in
            seen.withLock { $0.append(submission.idempotencyKey) }
            return .with { $0.caseNumber = "XF-2026-000042"; $0.created = seen.value.count == 1; $0.state = "registered" }
        }
        let first = await post(handler, order)
        #expect(first.status == 200)
        #expect(first.object["case_number"] as? String == "XF-2026-000042")
        #expect(first.object["created"] as? Bool == true)
        let again = await post(handler, order)
        #expect(again.object["created"] as? Bool == false)
        #expect(seen.value == ["order:GD2026112200017", "order:GD2026112200017"], "the same key both times")
    }

    @Test func hostRefusalsAreAnsweredInThePlatformsTerms() async {
        let invalid = handler { _ in
            throw PluginKitError(code: .host, hostCode: "invalid_field", message: "submission.petitioner.name is 70 characters", field: "submission.petitioner.name", limit: "64 characters")
        }
        let refused = await post(invalid, order)
        #expect(refused.status == 422)
        #expect(refused.object["field"] as? String == "caller_name")
        #expect(refused.object["limit"] as? String == "64 characters")

        let down = handler { _ in throw PluginKitError(code: .closed, message: "the host closed the connection") }
        let unavailable = await post(down, order)
        #expect(unavailable.status == 503)
        #expect(unavailable.object["code"] as? String == "unavailable")
    }

    @Test func nothingIsSubmittedForAnUnsignedOrInvalidPush() async {
        let calls = Shared(0)
        let handler = handler { _ in
            calls.withLock { $0 += 1 }
            return .init()
        }
        let unsigned = await handler.answer(method: "POST", path: PushHandler.path, headers: { _ in nil }, body: order)
        #expect(unsigned.status == 401)
        let invalid = await post(handler, WorkOrderValidationTests.body { $0["urgency"] = "soon" })
        #expect(invalid.status == 400)
        #expect(calls.value == 0)
    }
}
