import Hummingbird
import MPesaCore
import Platform

/// The span and granularity of an aggregation (`from`, `to`, `granularity`), in the organisation's local calendar
/// (Nairobi: M-PESA prints local time and Kenya has one zone without daylight saving).
struct AnalysisWindow: Sendable, Equatable {
    var first: LocalDateTime
    var last: LocalDateTime
    var granularity: Granularity

    static let maximumDays = 3_700
    static let maximumBuckets = 1_200

    var firstDay: String { first.date }
    var lastDay: String { last.date }
    var dayCount: Int { last.dayNumber - first.dayNumber + 1 }

    /// True when the window holds every day of the ledger (`span`), so whole-ledger totals answer it.
    func covers(_ span: (first: String, last: String)?) -> Bool {
        guard let span else { return false }
        return firstDay <= span.first && lastDay >= span.last
    }

    /// The period of the same length just before this one (for trends: "up 12% on the previous 30 days").
    var previous: AnalysisWindow {
        AnalysisWindow(first: LocalDateTime(dayNumber: first.dayNumber - dayCount), last: LocalDateTime(dayNumber: first.dayNumber - 1), granularity: granularity)
    }

    /// Reads the window; missing ends default to the ledger's own first and last day (`span`), or to today when
    /// the ledger is empty (a default start is moved later when the whole ledger is too long to answer at once). Inverted, unreadable or huge ranges and unknown granularities are 422s.
    static func read(_ query: Parameters, span: (first: String, last: String)?, today: LocalDateTime, defaultGranularity: Granularity = .month) throws -> AnalysisWindow {
        var errors: [Problem.FieldError] = []
        func day(_ name: String) -> LocalDateTime? {
            guard let found = query.get(name), !found.isEmpty else { return nil }
            let text = String(found)
            guard text.count == 10, let value = LocalDateTime(parsing: text) else {
                errors.append(.init(pointer: name, detail: "\(name) is a local date, YYYY-MM-DD (e.g. 2026-03-01)"))
                return nil
            }
            return value
        }
        let from = day("from")
        let to = day("to")
        var granularity = defaultGranularity
        if let raw = query.get("granularity").map({ String($0) }), !raw.isEmpty {
            if let value = Granularity(rawValue: raw) { granularity = value } else {
                errors.append(.init(pointer: "granularity", detail: "granularity is one of day, week, month"))
            }
        }
        if !errors.isEmpty { throw Problem.validation("The period is not valid", errors: errors) }
        let spanFirst = span.flatMap { LocalDateTime(parsing: $0.first) }
        let spanLast = span.flatMap { LocalDateTime(parsing: $0.last) }
        let last = to ?? spanLast ?? LocalDateTime(dayNumber: today.dayNumber)
        let first = from ?? spanFirst.map { $0.dayNumber <= last.dayNumber ? $0 : LocalDateTime(dayNumber: last.dayNumber - 29) } ?? LocalDateTime(dayNumber: last.dayNumber - 29)
        guard first.dayNumber <= last.dayNumber else {
            throw Problem.validation("The period ends before it starts", errors: [.init(pointer: "from", detail: "from (\(first.date)) is after to (\(last.date))")])
        }
        var window = AnalysisWindow(first: LocalDateTime(dayNumber: first.dayNumber), last: LocalDateTime(dayNumber: last.dayNumber), granularity: granularity)
        if from == nil {
            // A default window (the whole ledger) is cut to what can be answered, keeping its most recent part.
            let limit = granularity == .day ? min(maximumDays, maximumBuckets) : maximumDays
            if window.dayCount > limit { window.first = LocalDateTime(dayNumber: window.last.dayNumber - limit + 1) }
        }
        guard window.dayCount <= maximumDays else {
            throw Problem.validation("The period is too long", errors: [.init(pointer: "from", detail: "at most \(maximumDays) days (about ten years) at once")])
        }
        guard window.buckets.count <= maximumBuckets else {
            throw Problem.validation(
                "Too many \(granularity.rawValue)s in the period", errors: [.init(pointer: "granularity", detail: "at most \(maximumBuckets) buckets; use week or month for long periods")]
            )
        }
        return window
    }

    /// The buckets covering the window, in order; the first and last may be partial (clipped to the window).
    var buckets: [Bucket] {
        var result: [Bucket] = []
        var start = first.dayNumber
        while start <= last.dayNumber {
            let natural = granularity.start(of: start)
            let end = min(granularity.end(of: natural), last.dayNumber)
            result.append(Bucket(key: granularity.key(of: natural), first: start, last: end))
            start = end + 1
        }
        return result
    }

    /// The bucket key of a local day number.
    func bucketKey(of dayNumber: Int) -> String { granularity.key(of: granularity.start(of: dayNumber)) }

    struct Bucket: Sendable, Equatable {
        /// `YYYY-MM-DD` for days, the Monday's date for ISO weeks (`2026-W10` is shown as `2026-03-02`), `YYYY-MM` for months.
        var key: String
        var first: Int
        var last: Int
        var firstDay: String { LocalDateTime(dayNumber: first).date }
        var lastDay: String { LocalDateTime(dayNumber: last).date }
    }
}

/// How finely a period is cut.
enum Granularity: String, Sendable, Codable, CaseIterable {
    case day, week, month

    func start(of dayNumber: Int) -> Int {
        switch self {
        case .day: return dayNumber
        case .week: return dayNumber - (LocalDateTime(dayNumber: dayNumber).weekday - 1)
        case .month:
            let date = LocalDateTime(dayNumber: dayNumber)
            return dayNumber - (date.day - 1)
        }
    }

    func end(of start: Int) -> Int {
        switch self {
        case .day: return start
        case .week: return start + 6
        case .month:
            let date = LocalDateTime(dayNumber: start)
            return start + LocalDateTime.daysIn(month: date.month, year: date.year) - 1
        }
    }

    func key(of start: Int) -> String {
        let date = LocalDateTime(dayNumber: start)
        return self == .month ? String(date.date.prefix(7)) : date.date
    }
}
