/// Interval bounds as offsets from the mean, per level and horizon step (lower ≤ 0 ≤ upper).
struct IntervalOffsets: Sendable {
    var lower: [Int: [Double]]
    var upper: [Int: [Double]]

    static func zero(levels: [Int], horizon: Int) -> IntervalOffsets {
        let z = [Double](repeating: 0, count: horizon)
        return IntervalOffsets(lower: Dictionary(uniqueKeysWithValues: levels.map { ($0, z) }),
                               upper: Dictionary(uniqueKeysWithValues: levels.map { ($0, z) }))
    }

    /// Enforces what a user expects of a fan chart: bounds never tighten as the horizon grows, a wider
    /// level is never narrower than a tighter one, and the mean stays inside every interval.
    mutating func makeMonotone(levels: [Int]) {
        for level in levels {
            guard var lo = lower[level], var hi = upper[level] else { continue }
            var runLo = 0.0, runHi = 0.0
            for h in 0..<lo.count {
                runLo = min(runLo, lo[h].isFinite ? lo[h] : 0)
                runHi = max(runHi, hi[h].isFinite ? hi[h] : 0)
                lo[h] = runLo
                hi[h] = runHi
            }
            lower[level] = lo
            upper[level] = hi
        }
        let sorted = levels.sorted()
        for (tight, wide) in zip(sorted, sorted.dropFirst()) {
            guard let tl = lower[tight], let th = upper[tight], var wl = lower[wide], var wh = upper[wide] else { continue }
            for h in 0..<wl.count {
                wl[h] = min(wl[h], tl[h])
                wh[h] = max(wh[h], th[h])
            }
            lower[wide] = wl
            upper[wide] = wh
        }
    }
}
