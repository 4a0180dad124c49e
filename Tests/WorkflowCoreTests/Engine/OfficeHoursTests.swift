import Foundation
import Testing

@testable import WorkflowCore

/// Working-hour clocks run on the office hours of the org handling the case (issue 4: "office
/// hours per org, default 09:00-12:00 and 13:30-17:30 on working days").
struct OfficeHoursTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let why: String
        let orgs: [Org]
        let due: String
        var testDescription: String { why }
    }

    static let rows: [Row] = [
        Row(why: "no org sets hours: the workflow's default 09:00-12:00, 13:30-17:30", orgs: [], due: "2025-03-03 14:20"),
        Row(
            why: "the handling org's own summer hours 08:30-12:00, 14:00-18:00",
            orgs: [Org(id: "org-xfj", name: "信访局", parentID: "", level: "county", officeHours: "08:30-12:00,14:00-18:00")],
            due: "2025-03-03 14:50"),
        Row(
            why: "a department without hours takes its county's",
            orgs: [
                Org(id: "org-county", name: "某县", parentID: "", level: "county", officeHours: "08:30-12:00,14:00-18:00"),
                Org(id: "org-xfj", name: "信访局", parentID: "org-county", level: "department"),
            ],
            due: "2025-03-03 14:50"),
        Row(
            why: "the org's own hours win over its county's",
            orgs: [
                Org(id: "org-county", name: "某县", parentID: "", level: "county", officeHours: "08:30-12:00,14:00-18:00"),
                Org(id: "org-xfj", name: "信访局", parentID: "org-county", level: "department", officeHours: "09:00-12:00,13:00-17:00"),
            ],
            due: "2025-03-03 13:50"),
    ]

    /// The grid workflow's 立案 clock: 1 working hour from a report at 11:50 on a Monday.
    @Test("working-hour clocks follow the handling org's office hours", arguments: rows)
    func filingClock(_ row: Row) throws {
        var spec = CaseSpec(decider: shippedDecider.with(orgs: OrgHierarchy(row.orgs)))
        try spec.run(.register(registration(workflow: "grid", receivedAt: "2025-03-03 11:50")), by: Staff.receptionist, at: "2025-03-03 11:50")
        let clock = try #require(spec.clock("filing"))
        #expect(clock.dueAt == at(row.due), "due \(clock.dueAt)")
    }
}
