import AsyncHTTPClient
import Foundation
import Testing

@testable import SurveyPlugin

/// The plugin's SMS client against the honest gateway counterpart over real HTTP.
@Suite struct SMSGatewayTests {
    private func gateway(_ url: String, secret: String = "gw-secret") -> SMSGateway {
        var gateway = SMSGateway(
            url: URL(string: url)!, account: "xf12345", secret: secret, signName: "12345热线", template: "SURVEY_LINK",
            client: HTTPClient.shared)
        gateway.timeoutSeconds = 3
        return gateway
    }

    private func message(phone: String = "13812345678") -> SMSGateway.Message {
        SMSGateway.Message(
            phone: phone, signName: "12345热线", templateID: "SURVEY_LINK",
            templateParams: ["case_number": "XF-2026-000001", "link": "http://127.0.0.1/s/x"],
            content: SMSGateway.text(signName: "12345热线", caseNumber: "XF-2026-000001", link: "http://127.0.0.1/s/x", validHours: 72),
            outID: SurveyID.make())
    }

    @Test func aSignedMessageIsAcceptedAndBadOnesRefusedForGood() async throws {
        let counterpart = SMSGatewayCounterpart(account: "xf12345", secret: "gw-secret")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await counterpart.run() }
            let url = try await counterpart.url()

            let sent = message()
            let id = try await gateway(url).send(sent, now: Date())
            #expect(!id.isEmpty)
            let received = try #require(counterpart.messages.value.first)
            #expect(received.phone == "13812345678")
            #expect(received.signName == "12345热线")
            #expect(received.templateParams["link"] == "http://127.0.0.1/s/x")
            #expect(received.content.hasPrefix("【12345热线】"))
            #expect(received.content.count <= SurveyLimits.smsCharacters)
            #expect(received.outID == sent.outID)

            await #expect { try await gateway(url, secret: "wrong").send(message(), now: Date()) } throws: { error in
                (error as? SMSGateway.Failure)?.permanent == true
            }
            await #expect { try await gateway(url).send(message(), now: Date() - 3_600) } throws: { error in
                (error as? SMSGateway.Failure)?.permanent == true
            }
            await #expect { try await gateway(url).send(message(phone: "010123"), now: Date()) } throws: { error in
                (error as? SMSGateway.Failure)?.description.contains("MOBILE_NUMBER_ILLEGAL") == true
            }
            #expect(counterpart.messages.value.count == 1)
            #expect(counterpart.refusals.value == ["SignatureDoesNotMatch", "InvalidTimeStamp", "isv.MOBILE_NUMBER_ILLEGAL"])
            group.cancelAll()
        }
    }

    @Test func anUnreachableGatewayIsWorthARetry() async throws {
        let port = try freePort()
        await #expect { try await gateway("http://127.0.0.1:\(port)/sms/send").send(message(), now: Date()) } throws: { error in
            (error as? SMSGateway.Failure)?.permanent == false
        }
    }
}
