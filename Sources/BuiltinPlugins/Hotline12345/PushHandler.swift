import Foundation
import PluginKit

/// The push endpoint's logic, apart from HTTP: authenticate, validate, submit, answer.
struct PushHandler: Sendable {
    /// The path orders are pushed to.
    static let path = "/api/v1/orders"

    let verifier: SignatureVerifier
    let orgID: String
    let submit: @Sendable (Submission) async throws -> SubmitResponse
    let log: @Sendable (PluginLogLevel, String, [String: String]) -> Void

    /// The HTTP status and JSON body answering one push.
    func answer(method: String, path: String, headers: (String) -> String?, body: Data, now: Date = Date()) async -> (status: Int, body: Data) {
        do {
            guard body.count <= OrderLimits.bodyBytes else { throw PlatformAPIError.bodyTooLarge(OrderLimits.bodyBytes) }
            try verifier.verify(method: method, path: path, headers: headers, body: body, now: now)
            let order = try WorkOrder.validated(body, now: now)
            let response = try await register(order)
            log(.info, response.created ? "order registered" : "order pushed again", ["case": response.caseNumber])
            let object: [String: Any] = [
                "code": "ok", "order_no": order.orderNo, "case_number": response.caseNumber, "created": response.created,
                "state": response.state,
            ]
            return (200, (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
        } catch let error as PlatformAPIError {
            // The code and field only: a rejected body may hold personal data.
            log(.warning, "push refused", ["code": error.code, "field": error.field ?? ""])
            return (error.status, error.body)
        } catch {
            log(.error, "push failed", ["error": "\(error)"])
            return (500, PlatformAPIError(status: 500, code: "internal", message: "the push could not be handled").body)
        }
    }

    /// Submits the order; host refusals become API errors naming the pushed key.
    private func register(_ order: WorkOrder) async throws(PlatformAPIError) -> SubmitResponse {
        do {
            return try await submit(order.submission(orgID: orgID))
        } catch let error as PluginKitError where error.code == .host && error.hostCode == "invalid_field" {
            let field = WorkOrder.pushedKey(forHostField: error.field ?? "")
            throw PlatformAPIError(status: 422, code: "invalid_field", message: error.message, field: field, limit: error.limit)
        } catch let error as PluginKitError where error.code == .host && error.hostCode != "internal" {
            throw PlatformAPIError(status: 500, code: "misconfigured", message: "the case server refused the order: \(error.hostCode)")
        } catch {
            // The daemon is restarting or its store failed: the platform pushes again later,
            // and the idempotency key makes that safe.
            throw .unavailable("the case server is not available now; push the order again later")
        }
    }
}
