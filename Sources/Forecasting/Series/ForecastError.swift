/// Everything the forecasting library can reject, each with a message that says what to change.
public enum ForecastError: Error, Equatable, Sendable {
    case emptySeries
    case horizonOutOfRange(Int)
    case nonFiniteValue(index: Int)
    case invalidDate(String)
    case invalidLevel(Int)
    case backtestOriginsOutOfRange(Int)

    public var message: String {
        switch self {
        case .emptySeries:
            return "the series has no days: send at least one day of net flow"
        case .horizonOutOfRange(let h):
            return "horizon \(h) is out of range: ask for 1 to 366 days"
        case .nonFiniteValue(let index):
            return "value at index \(index) is not a finite number: send amounts in cents"
        case .invalidDate(let text):
            return "\(text) is not a valid calendar date: use an existing YYYY-MM-DD day"
        case .invalidLevel(let level):
            return "interval level \(level) is out of range: use levels between 1 and 99 percent"
        case .backtestOriginsOutOfRange(let n):
            return "backtestOrigins \(n) is out of range: use 1 to 52 origins"
        }
    }
}
