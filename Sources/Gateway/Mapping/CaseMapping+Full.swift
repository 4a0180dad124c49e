import Foundation
import SwiftProtobuf
import WireProtocol
import WorkflowCore

extension Presentation {
    /// A whole case as the caller may see it.
    func fullCase(
        row: CaseRow, state: CaseState, thread: ArraySlice<RecordedEvent>, principal: Principal,
        available: [WorkflowTransition]
    ) -> Xinfang_V1_Case {
        var message = Xinfang_V1_Case()
        message.summary = summary(row)
        if let next = state.deadlines.values.filter({ $0.status == .running }).min(by: { $0.dueAt < $1.dueAt }) {
            message.summary.nextDeadline = deadline(next)
        }
        let registration = state.registration
        if isAccusedSide(principal, accusedOrgID: registration.accused.orgID) {
            // Informant protection: the accused side never sees who reported or what identifies them.
            message.contentWithheld = true
            message.summary.petitioner = Xinfang_V1_Petitioner.with { $0.masked = true; $0.name = "***" }
        } else {
            message.content = registration.content
            message.accused = Xinfang_V1_Accused.with {
                $0.personName = registration.accused.personName
                $0.orgID = registration.accused.orgID
                $0.orgName = registration.accused.orgName
            }
            message.thread = thread.map { event($0, workflow: state.workflow) }
        }
        message.attachments = registration.attachments.map { ref in
            Xinfang_V1_AttachmentRef.with {
                $0.sha256 = ref.sha256
                $0.fileName = ref.fileName
                $0.mediaType = ref.mediaType
                $0.sizeBytes = UInt64(ref.sizeBytes)
                $0.extractedText = ref.extractedText
            }
        }
        message.deadlines = state.deadlines.values.sorted { $0.dueAt < $1.dueAt }.map(deadline)
        message.availableCommands = available.map { transition in
            Xinfang_V1_CommandInfo.with {
                $0.command = transition.command
                $0.label = transition.label
                $0.requiredFields = transition.requiredFields.map(\.name)
                $0.toState = transition.to
            }
        }
        message.links = state.links.map { link in
            Xinfang_V1_CaseLink.with {
                $0.kind = link.kind
                $0.otherCaseID = link.otherCaseID.rawValue
                $0.otherCaseNumber = link.otherCaseNumber.description
            }
        }
        message.duplicateCandidates = state.pendingDuplicates.map { candidate in
            Xinfang_V1_DuplicateCandidate.with {
                $0.caseID = candidate.caseID.rawValue
                $0.caseNumber = candidate.caseNumber.description
                $0.score = candidate.score
                $0.reasons = candidate.reasons
            }
        }
        message.attributes = state.attributes.sorted { $0.key < $1.key }.map { field(Field($0.key, $0.value)) }
        return message
    }

    /// True when the caller belongs to the accused organisation or an org below it.
    func isAccusedSide(_ principal: Principal, accusedOrgID: String) -> Bool {
        guard !accusedOrgID.isEmpty else { return false }
        return tree.isWithin(principal.user.orgID, ancestor: accusedOrgID)
    }

    func deadline(_ clock: DeadlineClock) -> Xinfang_V1_Deadline {
        var message = Xinfang_V1_Deadline()
        message.id = clock.id
        message.label = clock.label
        message.status = clock.status.rawValue
        message.dueAt = Google_Protobuf_Timestamp(date: clock.dueAt)
        if let warn = clock.warnAt { message.warnAt = Google_Protobuf_Timestamp(date: warn) }
        if let derivation = clock.derivation {
            message.derivation = Xinfang_V1_DeadlineDerivation.with {
                $0.startedByEvent = derivation.startedByEvent
                $0.startedByVersion = Int64(derivation.startedByVersion)
                $0.startedAt = Google_Protobuf_Timestamp(date: derivation.startedAt)
                $0.amount = Int32(clamping: derivation.amount)
                $0.unit = derivation.unit
                $0.countsFromNextDay = derivation.countsFromNextDay
                $0.source = derivation.source
                $0.skipped = derivation.skipped.map { day in
                    Xinfang_V1_SkippedDay.with {
                        $0.date = day.date.description
                        $0.kind = day.kind.rawValue
                        $0.name = day.name ?? ""
                    }
                }
                $0.makeupDaysCounted = derivation.makeupDaysCounted.map(\.description)
                $0.adjustments = derivation.adjustments
                $0.explanation = derivation.explanation
            }
        }
        return message
    }
}
