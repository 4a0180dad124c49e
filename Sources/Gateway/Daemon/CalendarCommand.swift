import ArgumentParser
import Foundation
import WorkflowCore

/// `xinfangd calendar check DATE` and `xinfangd calendar add DATE N`, for operators and auditors.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Working days: check a date, add working days.", subcommands: [Check.self, Add.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether a date is a working day, and why.")

        @Argument(help: "YYYY-MM-DD.") var date: String
        @Option(help: CalendarSupport.dataHelp) var data: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let day = try CalendarSupport.calendar(data: data).day(try CalendarSupport.parse(date))
            if json {
                CalendarSupport.printJSON([
                    "date": day.date.description, "working_day": day.isWorkingDay, "kind": day.kind.rawValue,
                    "name": day.name ?? "", "source": day.source, "provisional": day.provisional,
                ])
            } else {
                print("\(day.date) \(CalendarSupport.weekdayName(day.date)): \(CalendarSupport.describe(day))")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the date N working days after DATE.")

        @Argument(help: "YYYY-MM-DD.") var date: String
        @Argument(help: "Working days to add (negative counts back).") var days: Int
        @Option(help: CalendarSupport.dataHelp) var data: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let start = try CalendarSupport.parse(date)
            let result = try CalendarSupport.calendar(data: data).addingWorkingDays(days, to: start)
            if json {
                CalendarSupport.printJSON([
                    "from": start.description, "working_days": days, "date": result.date.description,
                    "skipped": result.skipped.map { ["date": $0.date.description, "kind": $0.kind.rawValue, "name": $0.name ?? ""] },
                    "makeup_days_counted": result.makeupDaysCounted.map(\.description),
                ])
            } else {
                print("\(start) + \(days) 个工作日 = \(result.date) \(CalendarSupport.weekdayName(result.date))")
                for day in result.skipped {
                    print("  跳过 \(day.date) \(day.kind == .holiday ? "节假日 \(day.name ?? "")" : "周末")")
                }
                for day in result.makeupDaysCounted { print("  计入 \(day) 调休上班日") }
            }
        }
    }
}

enum CalendarSupport {
    static let dataHelp = ArgumentHelp(
        "A data directory: its calendars/YYYY.yaml notices count too, as they do for `serve` there.", valueName: "dir")

    /// The shipped years, the site's notices when a data directory is given, and one
    /// provisional year: the calendar `serve` uses.
    static func calendar(data: String? = nil) throws -> WorkingCalendar {
        do {
            guard let data else { return try WorkingCalendar.bundled().allowingProvisionalYears(1) }
            return try WorkingCalendar.bundled(addingFrom: DataDirectory(path: data).url.appendingPathComponent("calendars"))
                .allowingProvisionalYears(1)
        } catch {
            throw DaemonError("calendar data did not load: \(error)")
        }
    }

    static func parse(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw ValidationError("dates are YYYY-MM-DD (got `\(text)`)") }
        return date
    }

    static func describe(_ day: CalendarDay) -> String {
        switch day.kind {
        case .workday where day.provisional: return "工作日（暂定）(workday, provisional) — \(day.source)"
        case .weekend where day.provisional: return "周末休息（暂定）(weekend, provisional) — \(day.source)"
        case .workday: return "工作日 (workday)"
        case .weekend: return "周末休息 (weekend)"
        case .holiday: return "法定节假日 \(day.name ?? "") (holiday) — \(day.source)"
        case .makeupWorkday: return "调休上班 (make-up working day for \(day.name ?? "")) — \(day.source)"
        }
    }

    static func weekdayName(_ date: CivilDate) -> String {
        ["", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][date.weekday]
    }

    static func printJSON(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        print(String(decoding: data, as: UTF8.self))
    }
}
