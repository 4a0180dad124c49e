import Foundation
import Hummingbird

/// The survey's own web page behind the SMS link: `GET /s/TOKEN` shows the form (or says why
/// the link no longer works), `POST /s/TOKEN` takes the answer once.
struct SurveyWebServer: Sendable {
    let links: SurveyLinks
    let host: String
    let port: Int
    let clock: @Sendable () -> Date
    /// Told the bound port once listening (the config may ask for port 0).
    let onListening: @Sendable (Int) async -> Void
    /// Told when an answer was taken, so it is recorded on the case at once.
    let onAnswer: @Sendable () -> Void

    /// The path of a survey link.
    static func path(token: String) -> String { "/s/\(token)" }

    func run() async throws {
        let router = Router()
        router.get("/s/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            switch await links.check(token, now: clock()) {
            case .open(let survey):
                return Self.html(
                    .ok, SurveyPage.form(caseNumber: survey.caseNumber, action: Self.path(token: token), expiresAt: survey.expiresAt ?? clock()))
            case .refused(let refusal):
                return Self.html(Self.status(refusal), SurveyPage.refused(refusal))
            }
        }
        router.post("/s/:token") { request, context -> Response in
            let token = context.parameters.get("token") ?? ""
            let bytes: [UInt8]
            do {
                bytes = Array(try await request.body.collect(upTo: SurveyLimits.formBytes).readableBytesView)
            } catch {
                return Self.html(.contentTooLarge, SurveyPage.tooLarge())
            }
            guard let text = String(validating: bytes, as: UTF8.self), let form = FormBody.parse(text) else {
                return Self.html(.badRequest, SurveyPage.refused(.invalid))
            }
            switch try await links.submit(token, form: form, now: clock()) {
            case .accepted(let survey):
                onAnswer()
                return Self.html(.ok, SurveyPage.thanks(survey.satisfaction ?? .satisfied))
            case .invalid(let survey, let problem):
                return Self.html(
                    .unprocessableContent,
                    SurveyPage.form(
                        caseNumber: survey.caseNumber, action: Self.path(token: token), expiresAt: survey.expiresAt ?? clock(),
                        problem: problem, chosen: form["satisfaction"], comment: form["comment"] ?? ""))
            case .refused(let refusal):
                return Self.html(Self.status(refusal), SurveyPage.refused(refusal))
            }
        }
        router.get("/healthz") { _, _ -> Response in Self.html(.ok, "ok") }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "xinfang-survey"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) })
        try await app.run()
    }

    private static func status(_ refusal: SurveyPage.Refusal) -> HTTPResponse.Status {
        switch refusal {
        case .used: .conflict
        case .expired, .closed: .gone
        case .invalid: .notFound
        }
    }

    private static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .init("Referrer-Policy")!: "no-referrer"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
