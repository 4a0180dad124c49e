import Foundation
import WireProtocol
import WorkflowCore

/// Answers a plugin's requests, enforcing its grants first: a submission on a channel or
/// at an org not granted, a command not granted, a contact read without `read_contact`, or
/// a case of a workflow it may not see gets an error and changes nothing. Everything that
/// passes goes through the `CaseCommandHandler`, acting as the plugin (role `plugin`).
struct RequestHandler: Sendable {
    let manifest: PluginManifest
    let granted: PluginCapabilities
    let handler: CaseCommandHandler
    /// Where uploaded attachments are kept (shared with the gRPC intake).
    let attachments: AttachmentStore
    let clock: @Sendable () -> Date
    /// Shared by all runs of one plugin: an idempotent command is checked and applied as one step.
    let commandLock: KeyedLock<String>

    /// The plugin as the actor of the events it causes.
    var actor: Actor {
        Actor(id: "plugin:\(manifest.name)", displayName: manifest.displayName, role: .plugin, orgID: manifest.org)
    }

    private var store: any EventStore { handler.store }

    func submit(_ request: Xinfang_V1_PluginSubmit) async -> Xinfang_V1_SubmitResult {
        var result = Xinfang_V1_SubmitResult()
        result.requestID = request.requestID
        let submission = request.submission
        if let error = checkSubmission(submission, requestID: request.requestID) {
            result.error = error
            return result
        }
        do {
            let now = clock()
            let registration = SubmissionMapping.registration(submission, plugin: manifest, now: now)
            let outcome = try await handler.register(registration, actor: actor, now: now)
            result.response = Xinfang_V1_SubmitResponse.with {
                $0.caseID = outcome.key.caseID.rawValue
                $0.caseNumber = outcome.key.caseNumber.description
                $0.created = outcome.created
            }
            result.response.state = try await store.caseRow(outcome.key.caseID)?.state ?? ""
        } catch {
            result.error = PluginErrors.from(error, requestID: request.requestID)
        }
        return result
    }

    private func checkSubmission(_ submission: Xinfang_V1_Submission, requestID: UInt64) -> Xinfang_V1_PluginError? {
        guard granted.maySubmit(on: submission.channel) else {
            let list = granted.submitChannels.isEmpty ? "none" : granted.submitChannels.joined(separator: ", ")
            return PluginErrors.notGranted(
                "channel `\(submission.channel)` is not granted to plugin `\(manifest.name)` (granted: \(list))",
                field: "submission.channel", requestID: requestID)
        }
        let org = submission.orgID.isEmpty ? manifest.org : submission.orgID
        guard manifest.maySubmit(atOrg: org) else {
            return PluginErrors.notGranted(
                "org `\(org)` is not granted to plugin `\(manifest.name)`", field: "submission.org_id", requestID: requestID)
        }
        guard !submission.idempotencyKey.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return PluginErrors.make(
                "invalid_field", "submission.idempotency_key: is required (it makes a retry after a crash safe)",
                field: "submission.idempotency_key", requestID: requestID)
        }
        let keyLimit = SubmissionMapping.maxKeyCharacters(plugin: manifest.name)
        guard submission.idempotencyKey.count <= keyLimit else {
            return PluginErrors.make(
                "invalid_field", "submission.idempotency_key: is \(submission.idempotencyKey.count) characters, over the limit",
                field: "submission.idempotency_key", limit: "\(keyLimit) characters", requestID: requestID)
        }
        for (index, attachment) in submission.attachments.enumerated() where attachments.url(sha256: attachment.sha256) == nil {
            let field = "submission.attachments[\(index)].sha256"
            return PluginErrors.make(
                "invalid_field", "\(field): names no uploaded attachment; send an AttachmentUpload first", field: field,
                requestID: requestID)
        }
        return nil
    }

    func command(_ request: Xinfang_V1_PluginCommand) async -> Xinfang_V1_CommandResult {
        var result = Xinfang_V1_CommandResult()
        result.requestID = request.requestID
        guard granted.mayFire(request.command) else {
            result.error = PluginErrors.notGranted(
                "command `\(request.command)` is not granted to plugin `\(manifest.name)`", field: "command", requestID: request.requestID)
            return result
        }
        guard request.idempotencyKey.count <= Limits.idempotencyKeyCharacters else {
            result.error = PluginErrors.make(
                "invalid_field", "idempotency_key: is \(request.idempotencyKey.count) characters, over the limit",
                field: "idempotency_key", limit: "\(Limits.idempotencyKeyCharacters) characters", requestID: request.requestID)
            return result
        }
        do {
            guard let key = try await visibleCase(request.caseRef) else {
                result.error = PluginErrors.notFound(request.caseRef, field: "case_ref", requestID: request.requestID)
                return result
            }
            let state = try await commandLock.withLock(key.caseID.rawValue) { () async throws -> CaseState in
                if !request.idempotencyKey.isEmpty, let (state, history) = try await handler.load(key.caseID),
                    history.contains(where: { carries(request.idempotencyKey, $0.event) })
                {
                    return state  // done before: a repeat changes nothing
                }
                var fields = request.fields.map { Field($0.name, $0.value) }
                fields.removeAll { $0.name == Self.keyField }
                if !request.idempotencyKey.isEmpty { fields.append(Field(Self.keyField, request.idempotencyKey)) }
                return try await handler.handle(.act(command: request.command, fields: fields), caseID: key.caseID, actor: actor, now: clock()).state
            }
            result.state = state.state
            result.version = Int64(state.version)
        } catch {
            result.error = PluginErrors.from(error, requestID: request.requestID)
        }
        return result
    }

    /// The field a command's idempotency key is recorded in, on the event it caused.
    static let keyField = "idempotency_key"

    private func carries(_ key: String, _ event: CaseEvent) -> Bool {
        guard event.actor.id == actor.id, case .transitioned(let record) = event.payload else { return false }
        return record.fields[field: Self.keyField] == key
    }

    func contact(_ request: Xinfang_V1_ContactRequest) async -> Xinfang_V1_ContactResponse {
        var result = Xinfang_V1_ContactResponse()
        result.requestID = request.requestID
        guard granted.readContact else {
            result.error = PluginErrors.notGranted(
                "`read_contact` is not granted to plugin `\(manifest.name)`", field: "read_contact", requestID: request.requestID)
            return result
        }
        do {
            guard let key = try await visibleCase(request.caseRef) else {
                result.error = PluginErrors.notFound(request.caseRef, field: "case_ref", requestID: request.requestID)
                return result
            }
            // The read is recorded on the case before anything is returned.
            let handled = try await handler.handle(
                .revealPersonalData(reason: request.reason, fields: ["name", "id_number", "phone", "address"]),
                caseID: key.caseID, actor: actor, now: clock())
            let petitioner = handled.state.registration.petitioner
            result.petitioner = Xinfang_V1_Petitioner.with {
                $0.name = petitioner.name
                $0.idNumber = petitioner.idNumber
                $0.phone = petitioner.phone
                $0.address = petitioner.address
                $0.headcount = UInt32(clamping: petitioner.headcount)
                $0.confidential = petitioner.confidential
                $0.masked = false
            }
        } catch {
            result.error = PluginErrors.from(error, requestID: request.requestID)
        }
        return result
    }

    /// Stores an attachment by content; a submission then refers to it by its SHA-256.
    func attachment(_ request: Xinfang_V1_AttachmentUpload) -> Xinfang_V1_AttachmentStored {
        var result = Xinfang_V1_AttachmentStored()
        result.requestID = request.requestID
        let metadata = request.metadata
        guard !metadata.fileName.isEmpty, metadata.fileName.utf8.count <= 255 else {
            result.error = PluginErrors.make(
                "invalid_field", "attachment.metadata.file_name: is required, at most 255 bytes",
                field: "attachment.metadata.file_name", limit: "255 bytes", requestID: request.requestID)
            return result
        }
        guard metadata.sizeBytes == 0 || metadata.sizeBytes == UInt64(request.data.count) else {
            result.error = PluginErrors.make(
                "invalid_field", "attachment.metadata.size_bytes: declares \(metadata.sizeBytes) bytes but \(request.data.count) arrived",
                field: "attachment.metadata.size_bytes", requestID: request.requestID)
            return result
        }
        do {
            let hash = try attachments.store(request.data)
            result.ref = Xinfang_V1_AttachmentRef.with {
                $0.sha256 = hash
                $0.fileName = metadata.fileName
                $0.mediaType = metadata.mediaType
                $0.sizeBytes = UInt64(request.data.count)
                $0.extractedText = metadata.extractedText
            }
        } catch {
            result.error = PluginErrors.from(error, requestID: request.requestID)
        }
        return result
    }

    /// The case a reference names, if it belongs to a workflow the plugin may see. A case it
    /// may not see answers like a missing one.
    private func visibleCase(_ reference: String) async throws -> CaseKey? {
        guard !reference.isEmpty, let key = try await store.resolve(reference) else { return nil }
        guard !granted.workflows.isEmpty else { return key }
        guard let row = try await store.caseRow(key.caseID), granted.sees(workflow: row.workflow) else { return nil }
        return key
    }
}
