import Foundation
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// Case events as plugins receive them. Personal details never travel in an event: the
/// petitioner is sent masked and empty; a plugin granted `read_contact` asks for them with
/// a ContactRequest, which is audited on the case.
struct EventMapping: Sendable {
    let catalog: WorkflowCatalog

    func event(_ recorded: RecordedEvent, workflow: String) -> Xinfang_V1_CaseEvent {
        var message = Xinfang_V1_CaseEvent()
        message.position = UInt64(recorded.position)
        message.caseID = recorded.caseID.rawValue
        message.caseNumber = recorded.caseNumber.description
        message.version = Int64(recorded.version)
        message.type = recorded.event.type
        message.label = catalog[workflow]?.eventLabel(recorded.event.type) ?? recorded.event.type
        message.actor = Xinfang_V1_Actor.with {
            $0.id = recorded.event.actor.id
            $0.displayName = recorded.event.actor.displayName
            $0.role = recorded.event.actor.role.rawValue
            $0.orgID = recorded.event.actor.orgID
        }
        message.at = Google_Protobuf_Timestamp(date: recorded.event.at)
        switch recorded.event.payload {
        case .registered(let registration):
            message.registered = registered(registration, recorded: recorded)
        case .transitioned(let record):
            message.command = record.command
            message.fromState = record.from
            message.toState = record.to
            message.fields = record.fields.map(field)
        case .noteAdded(let text):
            message.text = text
        case .deadline(let record):
            message.deadline = Xinfang_V1_Deadline.with {
                $0.id = record.deadlineID
                $0.label = record.label
                $0.status = record.change
                if let due = record.dueAt { $0.dueAt = Google_Protobuf_Timestamp(date: due) }
                if let warn = record.warnAt { $0.warnAt = Google_Protobuf_Timestamp(date: warn) }
            }
        case .duplicatesSuspected(let candidates):
            message.fields = candidates.map {
                field(Field("candidate", "\($0.caseNumber) \(String(format: "%.2f", $0.score)) \($0.reasons.joined(separator: ","))"))
            }
        case .linked(let link):
            message.fields = [Field("kind", link.kind), Field("other_case", link.otherCaseNumber.description), Field("reason", link.reason)].map(field)
        case .personalDataRevealed(let reason, let fields):
            message.fields = [Field("reason", reason), Field("fields", fields.joined(separator: ","))].map(field)
        }
        return message
    }

    private func registered(_ registration: Registration, recorded: RecordedEvent) -> Xinfang_V1_Case {
        var summary = Xinfang_V1_CaseSummary()
        summary.caseID = recorded.caseID.rawValue
        summary.caseNumber = recorded.caseNumber.description
        summary.workflow = registration.workflow
        summary.state = catalog[registration.workflow]?.initialState ?? ""
        summary.channel = registration.channel.rawValue
        summary.channelLabel = registration.channel.label
        summary.subject = registration.subject
        summary.orgID = registration.orgID
        summary.matterClass = registration.matterClass
        summary.petitioner = Xinfang_V1_Petitioner.with {
            $0.masked = true
            $0.headcount = UInt32(clamping: registration.petitioner.headcount)
            $0.confidential = registration.petitioner.confidential
        }
        summary.createdAt = Google_Protobuf_Timestamp(date: recorded.event.at)
        summary.updatedAt = Google_Protobuf_Timestamp(date: recorded.event.at)
        summary.version = Int64(recorded.version)
        var registered = Xinfang_V1_Case()
        registered.summary = summary
        registered.attributes = registration.attributes.map(field)
        return registered
    }

    private func field(_ field: Field) -> Xinfang_V1_Field {
        Xinfang_V1_Field.with {
            $0.name = field.name
            $0.value = field.value
        }
    }
}
