public import Foundation

extension WorkingCalendar {
    /// Loads every `YYYY.yaml` in `directory` (other files are ignored).
    ///
    /// Throws `.dataNotFound` for a missing or empty directory or a gap between years, and
    /// `.invalidDataFile` naming the file and field for a file that breaks a rule, including
    /// a `year:` that differs from the file's name.
    public static func load(directory: URL) throws(CalendarError) -> WorkingCalendar {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CalendarError(
                code: .dataNotFound, message: "cannot read the calendar directory \(directory.path): \(error)")
        }
        let yamlNames = names.filter { $0.hasSuffix(".yaml") }.sorted()
        guard !yamlNames.isEmpty else {
            throw CalendarError(code: .dataNotFound, message: "no YYYY.yaml calendar files in \(directory.path)")
        }
        var years: [HolidayYear] = []
        for name in yamlNames {
            let path = directory.appendingPathComponent(name).path
            let stem = String(name.dropLast(".yaml".count))
            guard stem.count == 4, let fileYear = Int(stem), stem.allSatisfy(\.isASCII) else {
                throw .dataFile(path, "(file name)", "must be the year it holds, e.g. 2026.yaml")
            }
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .dataFile(path, "(document)", "cannot be read as UTF-8 text: \(error)")
            }
            years.append(try HolidayYear(yaml: text, file: path, expectedYear: fileYear))
        }
        for (earlier, later) in zip(years, years.dropFirst()) where later.year != earlier.year + 1 {
            throw CalendarError(
                code: .dataNotFound,
                message:
                    "\(directory.path) has \(earlier.year).yaml and \(later.year).yaml but not \(earlier.year + 1).yaml")
        }
        return WorkingCalendar(years: years)
    }

    /// The calendar shipped with xinfang (`Sources/WorkflowCore/Resources/calendars`),
    /// parsed once per process.
    public static func bundled() throws(CalendarError) -> WorkingCalendar {
        try bundledCalendar.get()
    }

    /// The shipped calendar with a site's own year files added (the daemon reads
    /// `DATA/calendars/YYYY.yaml`), so a newly published notice is loaded without a new
    /// build; a site file replaces the shipped year of the same number. A missing or empty
    /// folder adds nothing. The years together must still have no gap.
    public static func bundled(addingFrom directory: URL) throws(CalendarError) -> WorkingCalendar {
        let shipped = try bundled()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard names.contains(where: { $0.hasSuffix(".yaml") }) else { return shipped }
        let site = try load(directory: directory)
        var byYear = Dictionary(uniqueKeysWithValues: shipped.years.map { ($0.year, $0) })
        for year in site.years { byYear[year.year] = year }
        let years = byYear.values.sorted { $0.year < $1.year }
        for (earlier, later) in zip(years, years.dropFirst()) where later.year != earlier.year + 1 {
            throw CalendarError(
                code: .dataNotFound,
                message: "\(directory.path) adds \(later.year).yaml but no calendar has \(earlier.year + 1).yaml")
        }
        return WorkingCalendar(years: years)
    }

    /// The directory of the shipped data files, inside the module's resource bundle.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "calendars", withExtension: nil, subdirectory: "Resources")
    }

    private static let bundledCalendar: Result<WorkingCalendar, CalendarError> = {
        guard let directory = bundledDirectory else {
            return .failure(
                CalendarError(
                    code: .dataNotFound,
                    message: "the calendars folder is missing from WorkflowCore's resource bundle"))
        }
        do throws(CalendarError) {
            return .success(try load(directory: directory))
        } catch {
            return .failure(error)
        }
    }()
}
