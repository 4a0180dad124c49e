import Foundation
import Testing
import WireProtocol
import WorkflowCore

@testable import Plugins

@Suite("Plugin requests: enforcement and the engine")
struct RequestHandlerTests {
    static func requests(_ world: PluginWorld, _ granted: PluginCapabilities, orgs: [String] = []) -> RequestHandler {
        let manifest = PluginManifest(
            name: "survey", command: "/bin/true", displayName: "回访插件", org: PluginWorld.org, grants: granted, submitOrgs: orgs)
        return RequestHandler(
            manifest: manifest, granted: granted, handler: world.handler,
            attachments: AttachmentStore(directory: world.dataDirectory.appendingPathComponent("attachments")), clock: { Date() },
            commandLock: KeyedLock())
    }

    static func command(_ name: String, on caseRef: String, key: String = "", id: UInt64 = 7) -> Xinfang_V1_PluginCommand {
        .with {
            $0.requestID = id
            $0.caseRef = caseRef
            $0.command = name
            $0.idempotencyKey = key
            $0.fields = [.with { $0.name = "satisfaction"; $0.value = "满意" }]
        }
    }

    @Test("a granted command runs as the plugin; a repeat with its idempotency key changes nothing")
    func idempotentCommand() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let survey = try await world.registerCase("survey-1", workflow: "survey_mini")
        let requests = Self.requests(world, PluginCapabilities(commands: ["record_survey"], workflows: ["survey_mini"]))
        let number = survey.key.caseNumber.description

        let first = await requests.command(Self.command("record_survey", on: number, key: "visit-42"))
        #expect(!first.hasError)
        #expect(first.requestID == 7)
        #expect(first.state == "done")
        #expect(first.version == 2)
        let again = await requests.command(Self.command("record_survey", on: number, key: "visit-42", id: 8))
        #expect(!again.hasError)
        #expect(again.version == 2)

        let events = try await world.store.events(of: survey.key.caseID)
        #expect(events.count == 2)
        #expect(events.last?.event.actor == Actor(id: "plugin:survey", displayName: "回访插件", role: .plugin, orgID: PluginWorld.org))
    }

    @Test("a command on a case of a workflow not granted answers like a missing case; the engine's refusals come back coded")
    func commandRefusals() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let xinfang = try await world.registerCase("xinfang-1")
        let narrow = Self.requests(world, PluginCapabilities(commands: ["record_survey", "accept"], workflows: ["survey_mini"]))
        let hidden = await narrow.command(Self.command("record_survey", on: xinfang.key.caseNumber.description))
        #expect(hidden.error.code == "not_found")
        #expect(hidden.error.field == "case_ref")
        let missing = await narrow.command(Self.command("record_survey", on: "XF-2026-999999"))
        #expect(missing.error.code == "not_found")

        let wide = Self.requests(world, PluginCapabilities(commands: ["accept"]))
        let denied = await wide.command(Self.command("accept", on: xinfang.key.caseNumber.description))
        #expect(denied.error.code == "command_not_allowed")
        #expect(denied.error.message.contains("role `plugin`"))
        #expect(try await world.store.events(of: xinfang.key.caseID).count == xinfang.events.count)
    }

    @Test("a contact read with read_contact returns the details and is recorded on the case")
    func contactRead() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let registered = try await world.registerCase("contact-1")
        let requests = Self.requests(world, PluginCapabilities(readContact: true))
        let answer = await requests.contact(.with {
            $0.requestID = 3
            $0.caseRef = registered.key.caseNumber.description
            $0.reason = "回访需要联系电话"
        })
        #expect(!answer.hasError)
        #expect(answer.petitioner.phone == "13512342659")
        #expect(answer.petitioner.masked == false)
        let last = try #require(try await world.store.events(of: registered.key.caseID).last)
        #expect(last.event.type == "pii_revealed")
        #expect(last.event.actor.id == "plugin:survey")

        let noReason = await requests.contact(.with { $0.requestID = 4; $0.caseRef = registered.key.caseNumber.description })
        #expect(noReason.error.code == "invalid_field")
        #expect(noReason.error.field == "reveal.reason")
        #expect(!noReason.hasPetitioner)
    }

    @Test("submissions: the key is required and limited, the org must be granted, and keys are kept per plugin")
    func submissions() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let requests = Self.requests(world, PluginCapabilities(submitChannels: ["visit"]), orgs: ["org-b"])
        func submit(_ key: String, org: String = "") async -> Xinfang_V1_SubmitResult {
            await requests.submit(.with {
                $0.requestID = 1
                $0.submission = .with {
                    $0.idempotencyKey = key
                    $0.channel = "visit"
                    $0.subject = "噪音扰民"
                    $0.content = "夜间施工噪音"
                    $0.petitioner.name = "王大顺"
                    $0.orgID = org
                }
            })
        }
        let empty = await submit(" ")
        #expect(empty.error.code == "invalid_field")
        #expect(empty.error.field == "submission.idempotency_key")
        let long = await submit(String(repeating: "k", count: 200))
        #expect(long.error.field == "submission.idempotency_key")
        #expect(long.error.limit == "\(SubmissionMapping.maxKeyCharacters(plugin: "survey")) characters")
        let elsewhere = await submit("k-1", org: "org-z")
        #expect(elsewhere.error.code == "not_granted")
        #expect(elsewhere.error.field == "submission.org_id")
        #expect(try await world.cases().isEmpty)

        let created = await submit("k-1", org: "org-b")
        #expect(created.response.created)
        let repeated = await submit("k-1", org: "org-b")
        #expect(!repeated.response.created)
        #expect(repeated.response.caseNumber == created.response.caseNumber)
        // The same key from an operator is another key: plugins cannot reach others' cases by key.
        let operatorCase = try await world.registerCase("k-1")
        #expect(operatorCase.created)
        #expect(try await world.cases().count == 2)
    }

    @Test("an attachment is stored by content; a submission may refer only to a stored one")
    func attachments() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let requests = Self.requests(world, PluginCapabilities(submitChannels: ["letter"]))
        let scan = Data("扫描件".utf8)
        let stored = requests.attachment(.with {
            $0.requestID = 5
            $0.metadata = .with { $0.fileName = "letter.png"; $0.mediaType = "image/png"; $0.sizeBytes = UInt64(scan.count) }
            $0.data = scan
        })
        #expect(!stored.hasError)
        #expect(stored.ref.sha256.count == 64)
        #expect(stored.ref.sizeBytes == UInt64(scan.count))
        let mismatch = requests.attachment(.with {
            $0.metadata = .with { $0.fileName = "letter.png"; $0.sizeBytes = 99 }
            $0.data = scan
        })
        #expect(mismatch.error.field == "attachment.metadata.size_bytes")

        func submit(_ hash: String) async -> Xinfang_V1_SubmitResult {
            await requests.submit(.with {
                $0.requestID = 6
                $0.submission = .with {
                    $0.idempotencyKey = "scan-\(hash.prefix(4))"
                    $0.channel = "letter"
                    $0.subject = "来信"
                    $0.content = "见附件"
                    $0.petitioner.name = "王大顺"
                    $0.attachments = [.with { $0.sha256 = hash; $0.fileName = "letter.png"; $0.mediaType = "image/png" }]
                }
            })
        }
        let unknown = await submit(String(repeating: "a", count: 64))
        #expect(unknown.error.field == "submission.attachments[0].sha256")
        let accepted = await submit(stored.ref.sha256)
        #expect(!accepted.hasError)
        #expect(accepted.response.created)
    }
}
