import E2ESupport
import Foundation
import Testing

/// `xinfangd calendar` answers as the daemon counts: with `--data`, the site's own notices.
struct CalendarCommandTests {
    @Test func aSiteNoticeInTheDataDirectoryReplacesTheProvisionalYear() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("xinfang-calendar-\(UUID().uuidString)")
        let calendars = data.appendingPathComponent("calendars")
        try FileManager.default.createDirectory(at: calendars, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        // A notice for 2027 as a site would load it (here a made-up one: 2027-02-05 is a
        // Friday before 春节, and the site's notice gives it off; 2027-02-20 a Saturday worked).
        try """
            year: 2027
            source: 测试用通知
            holidays:
              - name: 春节
                dates: [2027-02-05..2027-02-13]
            makeup_workdays:
              - { date: 2027-02-20, serves: 春节 }
            """.write(to: calendars.appendingPathComponent("2027.yaml"), atomically: true, encoding: .utf8)

        let shipped = try runProgram(Binaries.path("xinfangd"), ["calendar", "check", "2027-02-20", "--json"])
        #expect(shipped.status == 0, "stderr: \(shipped.stderr)")
        #expect(shipped.stdout.contains("\"provisional\" : true") || shipped.stdout.contains("\"provisional\":true"))

        let site = try runProgram(Binaries.path("xinfangd"), ["calendar", "check", "2027-02-20", "--data", data.path, "--json"])
        #expect(site.status == 0, "stderr: \(site.stderr)")
        #expect(site.stdout.contains("makeup_workday") || site.stdout.contains("makeupWorkday"), "\(site.stdout)")
        #expect(site.stdout.contains("测试用通知"))

        let added = try runProgram(Binaries.path("xinfangd"), ["calendar", "add", "2027-02-04", "1", "--data", data.path])
        #expect(added.status == 0, "stderr: \(added.stderr)")
        #expect(added.stdout.contains("= 2027-02-15"), "the holiday run and the Sunday after it are skipped: \(added.stdout)")
    }
}
