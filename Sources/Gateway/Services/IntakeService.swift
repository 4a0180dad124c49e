import Foundation
import GRPCCore
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// IntakeService: registers cases from any channel, idempotently.
struct IntakeService: Xinfang_V1_IntakeService.SimpleServiceProtocol {
    let backend: Backend

    func submit(request: Xinfang_V1_SubmitRequest, context: ServerContext) async throws -> Xinfang_V1_SubmitResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.submit, for: "submitting a case")
            let registration = try await registration(from: request.submission, principal: principal)
            let outcome = try await backend.handler.register(registration, actor: principal.actor, now: backend.clock())
            var response = Xinfang_V1_SubmitResponse()
            response.caseID = outcome.key.caseID.rawValue
            response.caseNumber = outcome.key.caseNumber.description
            response.created = outcome.created
            response.state = try await backend.store.caseRow(outcome.key.caseID)?.state ?? ""
            return response
        }
    }

    func uploadAttachment(
        request: RPCAsyncSequence<Xinfang_V1_UploadAttachmentRequest, any Error>, context: ServerContext
    ) async throws -> Xinfang_V1_AttachmentRef {
        throw RPCError(code: .unimplemented, message: "attachments are not stored yet")
    }

    /// The wire submission as a domain registration; the engine checks the rest.
    private func registration(from submission: Xinfang_V1_Submission, principal: Principal) async throws -> Registration {
        let channel = Channel(rawValue: submission.channel)
        guard !submission.channel.isEmpty else { throw ErrorMapping.invalid("submission.channel", "is required") }
        let orgID = submission.orgID.isEmpty ? principal.user.orgID : submission.orgID
        guard principal.has(Rights.admin) || principal.scopeOrgIDs.contains(orgID) else {
            throw ErrorMapping.invalid("submission.org_id", "org `\(orgID)` is not within the caller's orgs")
        }
        let petitioner = submission.petitioner
        let accused = submission.accused
        return Registration(
            idempotencyKey: submission.idempotencyKey, channel: channel,
            workflow: submission.workflow.isEmpty ? channel.defaultWorkflow : submission.workflow,
            subject: submission.subject, content: submission.content,
            petitioner: Petitioner(
                name: petitioner.name, idNumber: petitioner.idNumber.uppercased(), phone: petitioner.phone,
                address: petitioner.address, headcount: max(1, Int(petitioner.headcount)), confidential: petitioner.confidential),
            matterClass: submission.matterClass,
            accused: Accused(personName: accused.personName, orgID: accused.orgID, orgName: accused.orgName),
            orgID: orgID,
            attachments: submission.attachments.map {
                AttachmentRef(sha256: $0.sha256, fileName: $0.fileName, mediaType: $0.mediaType, sizeBytes: Int($0.sizeBytes), extractedText: $0.extractedText)
            },
            receivedAt: submission.hasReceivedAt ? submission.receivedAt.date : backend.clock(),
            attributes: submission.attributes.map { Field($0.name, $0.value) },
            uncertainFields: submission.uncertainFields)
    }
}
