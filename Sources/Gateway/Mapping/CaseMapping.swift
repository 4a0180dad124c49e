import Foundation
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// Domain values to wire messages. Personal data is masked unless `reveal` is set.
extension Presentation {
    func summary(_ row: CaseRow, reveal: Bool = false) -> Xinfang_V1_CaseSummary {
        var summary = Xinfang_V1_CaseSummary()
        summary.caseID = row.key.caseID.rawValue
        summary.caseNumber = row.key.caseNumber.description
        summary.workflow = row.workflow
        summary.state = row.state
        summary.stateLabel = stateLabel(workflow: row.workflow, state: row.state)
        summary.channel = row.channel.rawValue
        summary.channelLabel = row.channel.label
        summary.subject = row.subject
        summary.orgID = row.orgID
        summary.orgName = orgName(row.orgID)
        summary.handlerID = row.handlerID
        summary.petitioner = petitioner(row.petitioner, reveal: reveal)
        summary.createdAt = Google_Protobuf_Timestamp(date: row.createdAt)
        summary.updatedAt = Google_Protobuf_Timestamp(date: row.updatedAt)
        summary.version = Int64(row.version)
        summary.matterClass = row.matterClass
        summary.leaderInCharge = !row.leaderInCharge.isEmpty
        summary.supervised = row.supervised
        return summary
    }

    func petitioner(_ petitioner: Petitioner, reveal: Bool) -> Xinfang_V1_Petitioner {
        let shown = reveal ? petitioner : Masking.petitioner(petitioner)
        var message = Xinfang_V1_Petitioner()
        message.name = shown.name
        message.idNumber = shown.idNumber
        message.phone = shown.phone
        message.address = shown.address
        message.masked = !reveal
        message.headcount = UInt32(clamping: shown.headcount)
        message.confidential = shown.confidential
        return message
    }

    func actor(_ actor: Actor) -> Xinfang_V1_Actor {
        var message = Xinfang_V1_Actor()
        message.id = actor.id
        message.displayName = actor.displayName
        message.role = actor.role.rawValue
        message.orgID = actor.orgID
        return message
    }

    func event(_ recorded: RecordedEvent, workflow: String) -> Xinfang_V1_CaseEvent {
        var message = Xinfang_V1_CaseEvent()
        message.position = UInt64(recorded.position)
        message.caseID = recorded.caseID.rawValue
        message.caseNumber = recorded.caseNumber.description
        message.version = Int64(recorded.version)
        message.type = recorded.event.type
        message.label = eventLabel(workflow: workflow, type: recorded.event.type)
        message.actor = actor(recorded.event.actor)
        message.at = Google_Protobuf_Timestamp(date: recorded.event.at)
        switch recorded.event.payload {
        case .registered(let registration):
            var registered = Xinfang_V1_Case()
            var summary = Xinfang_V1_CaseSummary()
            summary.caseID = recorded.caseID.rawValue
            summary.caseNumber = recorded.caseNumber.description
            summary.workflow = registration.workflow
            summary.channel = registration.channel.rawValue
            summary.channelLabel = registration.channel.label
            summary.subject = registration.subject
            summary.orgID = registration.orgID
            summary.orgName = orgName(registration.orgID)
            summary.petitioner = petitioner(registration.petitioner, reveal: false)
            summary.matterClass = registration.matterClass
            registered.summary = summary
            registered.attributes = registration.attributes.map(field)
            message.registered = registered
        case .transitioned(let record):
            message.command = record.command
            message.fromState = record.from
            message.toState = record.to
            message.fields = record.fields.map(field)
        case .noteAdded(let text):
            message.text = text
        case .deadline(let record):
            var deadline = Xinfang_V1_Deadline()
            deadline.id = record.deadlineID
            deadline.label = record.label
            deadline.status = record.change
            if let due = record.dueAt { deadline.dueAt = Google_Protobuf_Timestamp(date: due) }
            if let warn = record.warnAt { deadline.warnAt = Google_Protobuf_Timestamp(date: warn) }
            message.deadline = deadline
        case .duplicatesSuspected(let candidates):
            message.fields = candidates.map { Field("candidate", "\($0.caseNumber) \(String(format: "%.2f", $0.score)) \($0.reasons.joined(separator: ","))") }.map(field)
        case .linked(let link):
            message.fields = [Field("kind", link.kind), Field("other_case", link.otherCaseNumber.description), Field("reason", link.reason)].map(field)
        case .personalDataRevealed(let reason, let fields):
            message.fields = [Field("reason", reason), Field("fields", fields.joined(separator: ","))].map(field)
        }
        return message
    }

    func field(_ field: Field) -> Xinfang_V1_Field {
        var message = Xinfang_V1_Field()
        message.name = field.name
        message.value = field.value
        return message
    }
}
