import Foundation
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// Directory, workflow and calendar values to wire messages.
enum AdminMapping {
    static func org(_ org: Org) -> Xinfang_V1_Org {
        .with {
            $0.id = org.id
            $0.name = org.name
            $0.parentID = org.parentID
            $0.level = org.level
            $0.officeHours = org.officeHours
        }
    }

    static func user(_ user: User) -> Xinfang_V1_User {
        .with {
            $0.id = user.id
            $0.displayName = user.displayName
            $0.orgID = user.orgID
            $0.roles = user.roles.map(\.rawValue)
            $0.extraRights = user.extraRights
            $0.disabled = user.disabled
            $0.createdAt = Google_Protobuf_Timestamp(date: user.createdAt)
        }
    }

    static func token(_ token: TokenInfo) -> Xinfang_V1_TokenInfo {
        .with {
            $0.id = token.id
            $0.userID = token.userID
            $0.label = token.label
            $0.createdAt = Google_Protobuf_Timestamp(date: token.createdAt)
            if let expires = token.expiresAt { $0.expiresAt = Google_Protobuf_Timestamp(date: expires) }
            if let revoked = token.revokedAt { $0.revokedAt = Google_Protobuf_Timestamp(date: revoked) }
        }
    }

    static func workflow(_ workflow: WorkflowDefinition) -> Xinfang_V1_Workflow {
        .with { message in
            message.id = workflow.id
            message.label = workflow.label
            message.version = workflow.version
            message.source = workflow.source
            message.initialState = workflow.initialState
            message.states = workflow.states.map { state in
                .with {
                    $0.id = state.id
                    $0.label = state.label
                    $0.terminal = state.terminal
                }
            }
            message.transitions = workflow.transitions.map { transition in
                .with {
                    $0.command = transition.command
                    $0.label = transition.label
                    $0.from = transition.from
                    $0.to = transition.to
                    $0.roles = transition.roles.map(\.rawValue)
                    $0.requiredFields = transition.requiredFields.map { rule in
                        .with {
                            $0.name = rule.name
                            $0.label = rule.label
                            $0.maxLength = UInt32(clamping: rule.maxLength)
                            $0.oneOf = rule.oneOf
                        }
                    }
                    $0.emits = transition.emits
                    $0.emitsLabel = transition.emitsLabel
                    $0.source = transition.source
                }
            }
            message.deadlines = workflow.deadlines.map { rule in
                .with {
                    $0.id = rule.id
                    $0.label = rule.label
                    $0.startsOn = rule.startsOn
                    $0.stopsOn = rule.stopsOn
                    $0.pausesOn = rule.pausesOn
                    $0.resumesOn = rule.resumesOn
                    $0.amount = Int32(clamping: rule.amount)
                    $0.unit = rule.unit.rawValue
                    $0.countsFromNextDay = rule.countsFromNextDay
                    $0.warnBefore = Int32(clamping: rule.warnBefore)
                    $0.onBreach = rule.onBreach
                    $0.extendedBy = rule.extendedBy
                    $0.maxExtension = Int32(clamping: rule.maxExtension)
                    $0.source = rule.source
                }
            }
        }
    }

    static func calendarDay(_ day: CalendarDay) -> Xinfang_V1_CalendarDay {
        .with {
            $0.date = day.date.description
            $0.workingDay = day.isWorkingDay
            $0.kind = day.kind.rawValue
            $0.name = day.name ?? ""
            $0.source = day.source
        }
    }
}
