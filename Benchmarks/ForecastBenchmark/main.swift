// Acceptance benchmark for the Forecasting library: generates realistic M-PESA business net-flow series,
// backtests `Forecaster` on fixed rolling origins, and compares with weekly seasonal naive and (when its
// results file is given) statsforecast's AutoETS run by Benchmarks/reference/forecast_reference.py on the
// identical series and origins.
//
// Usage: ForecastBenchmark [--count N] [--series PATH] [--generate-only] [--reference PATH]
import Forecasting
import Foundation

// MARK: - Arguments

var count = 200
var seriesPath = "/tmp/forecast_series.json"
var referencePath: String?
var generateOnly = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--count": count = Int(arguments.next() ?? "") ?? count
    case "--series": seriesPath = arguments.next() ?? seriesPath
    case "--reference": referencePath = arguments.next()
    case "--generate-only": generateOnly = true
    default: print("unknown argument \(argument)"); exit(2)
    }
}

let horizon = 28
let originsFromEnd = [112, 84, 56, 28]

// MARK: - Generator

/// One synthetic business. Net flow per day = takings × weekday profile × trend × level shift × payday lift
/// × log-normal noise, minus a weekly restock, minus month-end rent and salaries, with closed (zero) days
/// and one-off outliers. Amounts are whole KES cents.
func generateSeries(_ rng: inout SplitMix64) -> (start: CalendarDay, values: [Double]) {
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextUnit() }
    let length = 365 + Int(rng.nextUnit() * 366)
    let start = (try! CalendarDay(year: 2023, month: 1, day: 1)).advanced(by: Int(rng.nextUnit() * 180))
    let takings = exp(log(2_000_000.0) + 0.8 * rng.nextGaussian())  // ≈ KES 20,000/day median
    let profiles: [[Double]] = [  // ISO Monday … Sunday
        [0.9, 0.9, 1.0, 1.0, 1.3, 1.5, 0.4],   // retail: Friday/Saturday high, Sunday low
        [1.2, 1.2, 1.2, 1.1, 1.1, 0.5, 0.2],   // services: weekdays
        [0.6, 0.6, 0.7, 0.9, 1.6, 1.9, 0.9],   // bar/restaurant
        [1.0, 1.0, 1.0, 1.0, 1.2, 1.3, 0.0],   // closed on Sunday
    ]
    let profile = profiles[Int(rng.nextUnit() * 4)].map { $0 * uniform(0.9, 1.1) }
    let growth = uniform(-0.3, 0.5)
    let noise = uniform(0.15, 0.45)
    let restockShare = uniform(0.3, 0.6)
    let restockDay = 1 + Int(rng.nextUnit() * 7)
    let rent = takings * uniform(3, 10)
    let rentOnLastDay = rng.nextUnit() < 0.5
    let salaries = rng.nextUnit() < 0.7 ? takings * uniform(5, 15) : 0
    let payday = rng.nextUnit() < 0.5 ? uniform(1.1, 1.4) : 1
    let shiftDay = rng.nextUnit() < 0.3 ? Int(Double(length) * uniform(0.2, 0.9)) : Int.max
    let shift = uniform(0.6, 1.4)
    var values = [Double](repeating: 0, count: length)
    for t in 0..<length {
        let day = start.advanced(by: t)
        var level = takings * (1 + growth * Double(t) / 365) * (t >= shiftDay ? shift : 1)
        if day.dayOfMonth >= 25 || day.dayOfMonth <= 3 { level *= payday }
        var inflow = level * profile[day.weekday - 1] * exp(noise * rng.nextGaussian() - noise * noise / 2)
        if rng.nextUnit() < 0.02 { inflow = 0 }  // closed: no transactions
        var net = inflow
        if day.weekday == restockDay { net -= 7 * restockShare * level * exp(0.2 * rng.nextGaussian()) }
        if rentOnLastDay ? day.isMonthEnd : day.dayOfMonth == 1 { net -= rent }
        if salaries > 0 && day.dayOfMonth == min(28, day.daysInMonth) { net -= salaries }
        if rng.nextUnit() < 0.01 {
            net += rng.nextUnit() < 0.5 ? level * uniform(3, 6) : -level * uniform(3, 8)
        }
        values[t] = net.rounded()
    }
    return (start, values)
}

struct SeriesRecord: Codable { let id: Int; let start: String; let values: [Double] }
struct SeriesFile: Codable { let horizon: Int; let originsFromEnd: [Int]; let series: [SeriesRecord] }
struct ReferenceResult: Codable {
    let model: String
    let mase: [[Double]]
    let meanMase: Double
    let seasonalNaiveMase: Double
    let secondsPerFit: Double
    let coverage80: Double?
    let coverage95: Double?
}

var rng = SplitMix64(seed: 20_240_229)
let generated = (0..<count).map { _ in generateSeries(&rng) }
let file = SeriesFile(horizon: horizon, originsFromEnd: originsFromEnd, series: generated.enumerated().map {
    SeriesRecord(id: $0.offset, start: $0.element.start.description, values: $0.element.values)
})
let encoder = JSONEncoder()
encoder.keyEncodingStrategy = .convertToSnakeCase
try encoder.encode(file).write(to: URL(fileURLWithPath: seriesPath))
print("wrote \(count) series (\(generated.map(\.values.count).min()!)–\(generated.map(\.values.count).max()!) days) to \(seriesPath)")
if generateOnly { exit(0) }

// MARK: - Backtest

let forecaster = Forecaster()
var ourMase: [[Double]] = [], naiveMase: [[Double]] = []
var inside80 = 0, inside95 = 0, points = 0
var timings: [Double] = []
var methods: [String: Int] = [:]
let clock = ContinuousClock()
for (start, values) in generated {
    var rowOurs: [Double] = [], rowNaive: [Double] = []
    for back in originsFromEnd {
        let origin = values.count - back
        let train = Array(values[0..<origin])
        let actual = Array(values[origin..<(origin + horizon)])
        let series = try DailySeries(start: start, values: train)
        let began = clock.now
        let forecast = try forecaster.forecast(series, options: ForecastOptions(horizon: horizon))
        let elapsed = clock.now - began
        timings.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        methods[forecast.method, default: 0] += 1
        let mean = forecast.points.map { Double($0.mean) }
        let scale = ForecastAccuracy.seasonalNaiveScale(train)
        rowOurs.append(ForecastAccuracy.mase(actual: actual, forecast: mean, scale: scale))
        let naive = (0..<horizon).map { train[train.count - 7 + $0 % 7] }
        rowNaive.append(ForecastAccuracy.mase(actual: actual, forecast: naive, scale: scale))
        for (point, a) in zip(forecast.points, actual) {
            let cents = Int64(a)
            if cents >= point.lower80 && cents <= point.upper80 { inside80 += 1 }
            if cents >= point.lower95 && cents <= point.upper95 { inside95 += 1 }
            points += 1
        }
    }
    ourMase.append(rowOurs)
    naiveMase.append(rowNaive)
}

func mean(_ rows: [[Double]]) -> Double { let all = rows.flatMap { $0 }; return all.reduce(0, +) / Double(all.count) }
func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
let sortedTimes = timings.sorted()
let oursMean = mean(ourMase), naiveMean = mean(naiveMase)
let perSeriesWins = zip(ourMase, naiveMase).filter { $0.0.reduce(0, +) < $0.1.reduce(0, +) }.count
print("series: \(count), origins per series: \(originsFromEnd.count) (days before end: \(originsFromEnd)), horizon: \(horizon)")
print("MASE ours:              \(f(oursMean))")
print("MASE seasonal naive:    \(f(naiveMean))")
print("ratio ours/naive:       \(f(oursMean / naiveMean))   (target < 0.9)")
print("series where ours beats seasonal naive: \(perSeriesWins)/\(count) = \(f(100 * Double(perSeriesWins) / Double(count), 1))%")
print("coverage 80%:           \(f(100 * Double(inside80) / Double(points), 1))%   (target 75–85%)")
print("coverage 95%:           \(f(100 * Double(inside95) / Double(points), 1))%")
print("fit+forecast ms/series: mean \(f(timings.reduce(0, +) / Double(timings.count), 2)), p95 \(f(sortedTimes[Int(0.95 * Double(sortedTimes.count - 1))], 2)), max \(f(sortedTimes.last!, 2))   (target < 50 ms)")
print("methods chosen: " + methods.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key)×\($0.value)" }.joined(separator: ", "))

if let referencePath, let data = FileManager.default.contents(atPath: referencePath) {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let reference = try decoder.decode(ReferenceResult.self, from: data)
    let refMean = mean(reference.mase)
    let pairWins = zip(ourMase.flatMap { $0 }, reference.mase.flatMap { $0 }).filter { $0.0 < $0.1 }.count
    print("--- against \(reference.model) (statsforecast, same series and origins) ---")
    print("MASE \(reference.model):         \(f(refMean))   (its seasonal naive: \(f(reference.seasonalNaiveMase)), ours: \(f(naiveMean)))")
    print("ratio ours/\(reference.model):   \(f(oursMean / refMean))   (target ≤ 1.0)")
    print("origins where ours is more accurate: \(pairWins)/\(ourMase.count * originsFromEnd.count)")
    if let c80 = reference.coverage80, let c95 = reference.coverage95 {
        print("\(reference.model) coverage 80%/95%: \(f(100 * c80, 1))% / \(f(100 * c95, 1))%")
    }
    let oursMs = timings.reduce(0, +) / Double(timings.count)
    print("time per fit: ours \(f(oursMs, 2)) ms, \(reference.model) \(f(reference.secondsPerFit * 1000, 2)) ms, ratio ours/\(reference.model) \(f(oursMs / (reference.secondsPerFit * 1000)))")
}
