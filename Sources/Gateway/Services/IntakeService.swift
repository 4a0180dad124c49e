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
            return try await submit(request.submission, principal: principal)
        }
    }

    /// Registers one submission of a caller allowed to submit (Submit and SubmitStream).
    func submit(_ submission: Xinfang_V1_Submission, principal: Principal) async throws -> Xinfang_V1_SubmitResponse {
        let registration = try await registration(from: submission, principal: principal)
        let outcome = try await backend.handler.register(registration, actor: principal.actor, now: backend.clock())
        var response = Xinfang_V1_SubmitResponse()
        response.caseID = outcome.key.caseID.rawValue
        response.caseNumber = outcome.key.caseNumber.description
        response.created = outcome.created
        response.state = outcome.state
        return response
    }

    /// Largest chunk one upload message may carry.
    static let maxChunkBytes = 1 << 20

    func uploadAttachment(
        request: RPCAsyncSequence<Xinfang_V1_UploadAttachmentRequest, any Error>, context: ServerContext
    ) async throws -> Xinfang_V1_AttachmentRef {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.submit, for: "uploading an attachment")
            var iterator = request.makeAsyncIterator()
            guard let first = try await iterator.next(), case .metadata(let metadata) = first.part else {
                throw ErrorMapping.invalid("part", "the first message must carry the metadata")
            }
            guard !metadata.fileName.isEmpty, metadata.fileName.utf8.count <= 255 else {
                throw ErrorMapping.invalid("metadata.file_name", "is required, at most 255 bytes", limit: "255 bytes")
            }
            var writer = try backend.attachments.beginWrite(declaredBytes: Int(clamping: metadata.sizeBytes))
            do {
                while let message = try await iterator.next() {
                    guard case .chunk(let chunk) = message.part else {
                        throw ErrorMapping.invalid("part", "only the first message may carry metadata")
                    }
                    guard chunk.count <= Self.maxChunkBytes else {
                        throw ErrorMapping.invalid("chunk", "is \(chunk.count) bytes, over the limit", limit: "\(Self.maxChunkBytes) bytes")
                    }
                    try writer.append(chunk)
                }
            } catch {
                writer.abandon()
                throw error
            }
            if metadata.sizeBytes > 0, UInt64(writer.byteCount) != metadata.sizeBytes {
                writer.abandon()
                throw ErrorMapping.invalid("metadata.size_bytes", "declared \(metadata.sizeBytes) bytes but \(writer.byteCount) arrived")
            }
            let hash = try writer.finish()
            var reference = metadata
            reference.sha256 = hash
            reference.sizeBytes = UInt64(writer.byteCount)
            return reference
        }
    }

    /// The wire submission as a domain registration; the engine checks the rest.
    private func registration(from submission: Xinfang_V1_Submission, principal: Principal) async throws -> Registration {
        let channel = Channel(rawValue: submission.channel)
        guard !submission.channel.isEmpty else { throw ErrorMapping.invalid("submission.channel", "is required") }
        let orgID = submission.orgID.isEmpty ? principal.user.orgID : submission.orgID
        guard principal.has(Rights.admin) || principal.scopeOrgIDs.contains(orgID) else {
            throw ErrorMapping.invalid("submission.org_id", "org `\(orgID)` is not within the caller's orgs")
        }
        for (index, attachment) in submission.attachments.enumerated() where backend.attachments.url(sha256: attachment.sha256) == nil {
            throw ErrorMapping.invalid(
                "submission.attachments[\(index)].sha256", "names no uploaded attachment; upload it with UploadAttachment first")
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
