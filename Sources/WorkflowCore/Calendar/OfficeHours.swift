/// The hours a site counts as working time on working days, as windows of local wall-clock
/// time. The default is 09:00–12:00 and 13:30–17:30.
/// ```swift
/// let hours = try OfficeHours(parsing: "08:30-12:00,14:00-17:30")
/// hours.description            // "08:30-12:00,14:00-17:30"
/// hours.minutesPerDay          // 420
/// ```
public struct OfficeHours: Sendable, Hashable, CustomStringConvertible {
    /// One window, in minutes after local midnight; `start < end <= 1440`.
    public struct Window: Sendable, Hashable {
        public let start: Int
        public let end: Int
    }

    /// Ascending, non-overlapping, at least one.
    public let windows: [Window]

    /// 09:00–12:00 and 13:30–17:30.
    public static let standard = OfficeHours(checked: [Window(start: 540, end: 720), Window(start: 810, end: 1050)])

    private init(checked windows: [Window]) { self.windows = windows }

    /// Windows as (start, end) minutes after midnight, ascending and non-overlapping.
    public init(windows: [(start: Int, end: Int)]) throws(CalendarError) {
        guard !windows.isEmpty else { throw Self.error("office hours need at least one window") }
        var previousEnd = -1
        for window in windows {
            let text = "\(Self.clock(window.start))-\(Self.clock(window.end))"
            guard (0...1440).contains(window.start), (0...1440).contains(window.end) else {
                throw Self.error("window \(window.start)-\(window.end) is outside 00:00-24:00")
            }
            guard window.start < window.end else { throw Self.error("window \(text) ends before it starts") }
            guard window.start >= previousEnd else {
                throw Self.error("window \(text) overlaps or comes before the previous one; list windows in order")
            }
            previousEnd = window.end
        }
        self.windows = windows.map { Window(start: $0.start, end: $0.end) }
    }

    /// Parses "09:00-12:00,13:30-17:30": comma-separated `HH:MM-HH:MM` windows in order,
    /// 24-hour clock, `24:00` allowed as an end. Spaces around parts are ignored.
    public init(parsing text: String) throws(CalendarError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var windows: [(start: Int, end: Int)] = []
        for part in parts {
            let trimmed = part.trimmingSpaces
            let ends = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let start = Self.minutes(ends[0].trimmingSpaces),
                let end = Self.minutes(ends[1].trimmingSpaces)
            else {
                throw Self.error("\"\(trimmed)\" in \"\(text)\" is not a window like 09:00-12:00")
            }
            windows.append((start, end))
        }
        try self.init(windows: windows)
    }

    /// Working minutes in one working day.
    public var minutesPerDay: Int { windows.reduce(0) { $0 + $1.end - $1.start } }

    /// "09:00-12:00,13:30-17:30".
    public var description: String {
        windows.map { "\(Self.clock($0.start))-\(Self.clock($0.end))" }.joined(separator: ",")
    }

    /// "HH:MM" with two-digit hours and minutes, 00:00...24:00.
    private static func minutes(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
            bytes.indices.allSatisfy({ $0 == 2 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) })
        else { return nil }
        let digit = { (index: Int) in Int(bytes[index] - UInt8(ascii: "0")) }
        let hour = digit(0) * 10 + digit(1)
        let minute = digit(3) * 10 + digit(4)
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    private static func clock(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    private static func error(_ message: String) -> CalendarError {
        CalendarError(code: .invalidOfficeHours, message: message)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
