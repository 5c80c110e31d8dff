/// Where the rolling origins go. Selection origins are a week apart ending `window` days before the end;
/// interval origins are denser and reach further back so each horizon step gets enough errors. Parameters
/// are estimated once at `estimationOrigin`, the earliest origin, so no backtest forecast sees its future.
struct BacktestPlan: Sendable {
    let window: Int
    let selectionOrigins: [Int]
    let intervalWindow: Int
    let intervalOrigins: [Int]

    var estimationOrigin: Int { min(selectionOrigins.min() ?? 0, intervalOrigins.min() ?? Int.max) }

    init(count n: Int, horizon: Int, origins: Int) {
        let lowest = max(10, n / 2)
        let window = max(1, min(horizon, 28, (n - 14) / 2))
        self.window = window
        selectionOrigins = (0..<origins).map { n - window - 7 * $0 }.filter { $0 >= lowest }.sorted()
        let intervalWindow = max(window, min(horizon, 91, n / 4))
        self.intervalWindow = intervalWindow
        let first = max(lowest, n - intervalWindow - 120)
        let span = max(0, n - 1 - first)
        let step = max(1, span / 80)
        intervalOrigins = first < n ? Array(stride(from: first, to: n, by: step)) : []
    }
}
