import AsyncHTTPClient
import E2ESupport
import Foundation
import Testing
import WireProtocol

/// The survey end to end: a real xinfangd runs the `survey` plugin from a manifest, a case is
/// driven to 办结 over gRPC, the SMS gateway counterpart receives the text with the link, and
/// a real headless Chromium answers 不满意 on the plugin's page.
@Suite(.serialized)
struct SurveyEndToEndTests {
    @Test func aDissatisfiedAnswerInTheBrowserReopensTheOrderAndCounts() async throws {
        try await SurveyFixture.withGateway(listen: "127.0.0.1:0") { gateway, fixture in

            let number = try await fixture.completedOrder(key: "survey-e2e-1")
            let sms = try #require(try await gateway.waitForMessages(1).first)
            #expect(sms.phone == "13812345678", "the phone came through the host's contact request")
            #expect(sms.content.contains(number))
            #expect(sms.content.hasPrefix("【12345热线】"))
            let url = try #require(link(in: sms.content))
            #expect(sms.templateParams["link"] == url)

            // The phone read is audited on the case, with the plugin as the actor.
            let read = try await fixture.fetch(number)
            #expect(read.thread.contains { $0.type == "pii_revealed" && $0.actor.id == "plugin:survey" })

            let browser = try await WebDriver.start()
            do {
                try await browser.open(url)
                #expect(try await browser.text(of: try await browser.element("#case-number")) == number)
                let dissatisfied = try await browser.element("#satisfaction-dissatisfied")
                try await browser.click(dissatisfied)
                #expect(try await browser.isSelected(dissatisfied))
                try await browser.type("路灯只亮了一晚，又坏了，问题没有解决", into: try await browser.element("#comment"))
                try await Self.keepScreenshot(browser, "survey-form.png")
                try await browser.click(try await browser.element("#submit"))
                let outcome = try await browser.waitForElement("#outcome[data-outcome='accepted']")
                #expect(try await browser.text(of: outcome) == "评价已提交")
                #expect(try await browser.text(of: try await browser.element("#answer")) == "不满意")

                // Answered: the case is surveyed, evaluated 不满意 and sent back (重办), as the workflow says.
                let reopened = try await fixture.waitForCase(number, "重办 after 不满意") { found in
                    found.summary.state == "handling" && found.thread.contains { $0.type == "redo_ordered" }
                }
                let surveyed = try #require(reopened.thread.first { $0.type == "surveyed" })
                #expect(surveyed.actor.id == "plugin:survey")
                #expect(surveyed.field("contact") == "reached")
                let evaluated = try #require(reopened.thread.first { $0.type == "evaluated" })
                #expect(evaluated.field("satisfaction") == "dissatisfied")
                #expect(evaluated.field("comment") == "路灯只亮了一晚，又坏了，问题没有解决")
                let redo = try #require(reopened.thread.first { $0.type == "redo_ordered" })
                #expect(redo.field("reason")?.contains("问题没有解决") == true)

                // The satisfaction rate counts the answer: 0 of 1 satisfied.
                let figure = try #require(try await fixture.satisfaction())
                #expect(figure.denominator == 1)
                #expect(figure.numerator == 0)

                // The same link again, in the browser: refused with a clear page.
                try await browser.open(url)
                let refused = try await browser.waitForElement("#outcome[data-outcome='used']")
                #expect(try await browser.text(of: refused) == "本次回访已提交")
                try await Self.keepScreenshot(browser, "survey-used.png")
                #expect(try await browser.source().contains("只能使用一次"))
                let form = try? await browser.element("#submit")
                #expect(form == nil, "no form on a used link")
            } catch {
                await browser.quit()
                throw error
            }
            await browser.quit()

            // A second answer posted straight to the link changes nothing.
            var post = HTTPClientRequest(url: url)
            post.method = .POST
            post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            post.body = .bytes(Data("satisfaction=satisfied&comment=".utf8))
            let before = try await fixture.fetch(number).summary.version
            let response = try await HTTPClient.shared.execute(post, timeout: .seconds(60))
            #expect(response.status.code == 409)
            let page = String(decoding: Array(try await response.body.collect(upTo: 1 << 20).readableBytesView), as: UTF8.self)
            #expect(page.contains("本次回访已提交"))
            #expect(try await fixture.fetch(number).summary.version == before)
            #expect(try await fixture.satisfaction()?.denominator == 1)
        }
    }

    @Test func aLinkSentBeforeADaemonRestartStillTakesItsAnswer() async throws {
        // A fixed port: the link in the SMS must still lead to the page after the restart.
        try await SurveyFixture.withGateway(listen: "127.0.0.1:\(try freePort())") { gateway, fixture in
            let number = try await fixture.completedOrder(key: "survey-e2e-restart")
            let sms = try #require(try await gateway.waitForMessages(1).first)
            let url = try #require(link(in: sms.content))

            #expect(fixture.daemon.stop() == 0)
            try fixture.daemon.start()

            // The restarted plugin serves the same link from its state folder.
            var post = HTTPClientRequest(url: url)
            post.method = .POST
            post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            post.body = .bytes(Data("satisfaction=satisfied&comment=%E5%B7%B2%E4%BF%AE%E5%A5%BD".utf8))
            let status = try await Self.postWhenListening(post)
            #expect(status == 200)
            let evaluated = try await fixture.waitForCase(number, "评价 satisfied") { found in
                found.summary.state == "evaluated" && found.thread.contains { $0.type == "evaluated" && $0.field("satisfaction") == "satisfied" }
            }
            #expect(!evaluated.thread.contains { $0.type == "redo_ordered" })
            #expect(gateway.messages.value.count == 1, "no second SMS after the restart")
            let figure = try #require(try await fixture.satisfaction())
            #expect(figure.numerator == 1 && figure.denominator == 1)
        }
    }

    @Test func aPetitionerWithoutAMobileNumberIsRecordedAsNotReached() async throws {
        try await SurveyFixture.withGateway(listen: "127.0.0.1:0") { gateway, fixture in
            let number = try await fixture.completedOrder(key: "survey-e2e-landline", phone: "0531-82345678")
            let surveyed = try await fixture.waitForCase(number, "回访 not reached") { found in
                found.summary.state == "surveyed"
            }
            let record = try #require(surveyed.thread.first { $0.type == "surveyed" })
            #expect(record.actor.id == "plugin:survey")
            #expect(record.field("contact") == "unreachable")
            #expect(record.field("note")?.contains("手机号码") == true)
            #expect(!surveyed.thread.contains { $0.type == "evaluated" }, "no 评价 without an answer")
            #expect(gateway.messages.value.isEmpty, "a landline gets no SMS")
            #expect(try await fixture.satisfaction()?.denominator ?? 0 == 0)
        }
    }

    @Test func aBadConfigStopsThePluginWithTheKeyInItsLastError() async throws {
        let fixture = try SurveyFixture.start(gatewayURL: "ftp://sms.example.org/send", listen: "127.0.0.1:0")
        defer { fixture.daemon.stop() }
        // Between its first exits the host restarts it (briefly `running` again, with the last
        // error kept); after `max_failures` exits in a row it is left `failed`.
        let deadline = Date() + 120
        var states = try await fixture.pluginStates()
        while !states.contains("survey=failed"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            states = try await fixture.pluginStates()
        }
        #expect(states.contains("survey=failed"), "plugins: \(states)")
        #expect(states.contains("config.sms_url: `ftp://sms.example.org/send` is not an http or https URL"), "plugins: \(states)")
    }

    /// With SURVEY_SCREENSHOTS=DIR, keeps what the browser showed, to look at the page.
    private static func keepScreenshot(_ browser: WebDriver, _ name: String) async throws {
        guard let folder = ProcessInfo.processInfo.environment["SURVEY_SCREENSHOTS"] else { return }
        try await browser.screenshot().write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }

    /// Posts once the restarted plugin's page answers (it starts a moment after the daemon).
    private static func postWhenListening(_ request: HTTPClientRequest) async throws -> UInt {
        let deadline = Date() + 120
        while true {
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 20)
                return response.status.code
            } catch where Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
