#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Order statistics and robust scale estimates shared by the models, intervals and detectors.
enum RobustStatistics {
    static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count)
    }

    static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return s / Double(x.count - 1)
    }

    static func median(_ x: [Double]) -> Double {
        quantile(x, 0.5)
    }

    /// Linear-interpolation quantile (Hyndman & Fan type 7, the R and NumPy default).
    static func quantile(_ x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return 0 }
        return quantile(sorted: x.sorted(), p)
    }

    static func quantile(sorted s: [Double], _ p: Double) -> Double {
        guard !s.isEmpty else { return 0 }
        let h = Double(s.count - 1) * min(max(p, 0), 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// Median absolute deviation from the median (unscaled).
    static func mad(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        let m = median(x)
        return median(x.map { abs($0 - m) })
    }

    /// A robust standard deviation: 1.4826·MAD, falling back to 1.2533·mean absolute deviation when more
    /// than half the values are identical (MAD = 0), so sparse series with many zero days still get a scale.
    static func robustScale(_ x: [Double]) -> Double {
        let m = mad(x)
        if m > 0 { return 1.4826 * m }
        let med = median(x)
        let meanAD = mean(x.map { abs($0 - med) })
        return 1.2533 * meanAD
    }

    /// Ordinary least squares of y on t = 0, 1, …: (intercept, slope).
    static func linearFit(_ y: ArraySlice<Double>) -> (intercept: Double, slope: Double) {
        let n = Double(y.count)
        guard y.count > 1 else { return (y.first ?? 0, 0) }
        let tMean = (n - 1) / 2
        var yMean = 0.0
        for v in y { yMean += v }
        yMean /= n
        var sxy = 0.0, sxx = 0.0
        var t = 0.0
        for v in y {
            sxy += (t - tMean) * (v - yMean)
            sxx += (t - tMean) * (t - tMean)
            t += 1
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        return (yMean - slope * tMean, slope)
    }

    /// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9), used only to turn a
    /// requested level into a z when intervals fall back to a Gaussian spread.
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let q = min(max(p, 1e-12), 1 - 1e-12)
        if q < 0.02425 {
            let r = (-2 * log(q)).squareRoot()
            return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
                ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
        }
        if q > 1 - 0.02425 {
            let r = (-2 * log(1 - q)).squareRoot()
            return -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
                ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
        }
        let r = q - 0.5
        let s = r * r
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r /
            (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1)
    }

    /// Rounds an amount to whole cents, clamping to the Int64 range so a runaway value cannot trap.
    static func cents(_ x: Double) -> Int64 {
        guard x.isFinite else { return 0 }
        let r = x.rounded()
        if r >= 9.2e18 { return Int64.max }
        if r <= -9.2e18 { return Int64.min }
        return Int64(r)
    }

    /// Centred rolling median over `window` days.
    /// Insertion sort into one reused buffer: windows here are 7–15 days, where this beats any heap.
    static func rollingMedian(_ y: [Double], window: Int) -> [Double] {
        let half = window / 2
        var out = [Double](repeating: 0, count: y.count)
        var buffer = [Double](repeating: 0, count: 2 * half + 1)
        for t in 0..<y.count {
            // Near the ends the window slides inward instead of shrinking, so it still spans a whole week.
            let m = min(2 * half + 1, y.count)
            let first = min(max(0, t - half), y.count - m)
            let h = m / 2
            for i in 0..<m {
                let v = y[first + i]
                var j = i
                while j > 0 && buffer[j - 1] > v {
                    buffer[j] = buffer[j - 1]
                    j -= 1
                }
                buffer[j] = v
            }
            out[t] = buffer[h]
        }
        return out
    }

    /// Median weekday profile of y around a robust local level: position t % 7 → typical deviation.
    static func weekdayProfile(_ y: [Double], level: [Double]) -> [Double] {
        var byPosition = [[Double]](repeating: [], count: 7)
        for t in 0..<y.count { byPosition[t % 7].append(y[t] - level[t]) }
        return byPosition.map { median($0) }
    }

    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.max : Int64.min) : sum
    }
}
