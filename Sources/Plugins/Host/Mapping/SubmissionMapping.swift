import Foundation
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// A plugin's submission as a domain registration. The engine checks the content (each
/// error names the field and the limit); the host has already checked what the manifest grants.
enum SubmissionMapping {
    /// Idempotency keys are kept per plugin (`plugin/NAME/KEY`), so one plugin's keys can
    /// never name (and so reveal) a case another plugin or a gRPC client created.
    static func storedKey(_ key: String, plugin: String) -> String { "plugin/\(plugin)/\(key)" }

    /// The longest key a plugin may send: the store's limit less the prefix.
    static func maxKeyCharacters(plugin: String) -> Int {
        Limits.idempotencyKeyCharacters - storedKey("", plugin: plugin).count
    }

    static func registration(_ submission: Xinfang_V1_Submission, plugin: PluginManifest, now: Date) -> Registration {
        let channel = Channel(rawValue: submission.channel)
        let petitioner = submission.petitioner
        let accused = submission.accused
        return Registration(
            idempotencyKey: storedKey(submission.idempotencyKey, plugin: plugin.name), channel: channel,
            workflow: submission.workflow.isEmpty ? channel.defaultWorkflow : submission.workflow,
            subject: submission.subject, content: submission.content,
            petitioner: Petitioner(
                name: petitioner.name, idNumber: petitioner.idNumber.uppercased(), phone: petitioner.phone,
                address: petitioner.address, headcount: max(1, Int(petitioner.headcount)), confidential: petitioner.confidential),
            matterClass: submission.matterClass,
            accused: Accused(personName: accused.personName, orgID: accused.orgID, orgName: accused.orgName),
            orgID: submission.orgID.isEmpty ? plugin.org : submission.orgID,
            attachments: submission.attachments.map {
                AttachmentRef(sha256: $0.sha256, fileName: $0.fileName, mediaType: $0.mediaType, sizeBytes: Int($0.sizeBytes), extractedText: $0.extractedText)
            },
            receivedAt: submission.hasReceivedAt ? submission.receivedAt.date : now,
            attributes: submission.attributes.map { Field($0.name, $0.value) },
            uncertainFields: submission.uncertainFields)
    }
}
