import Testing
@testable import Forecasting

@Suite("Trend analysis")
struct TrendAnalyzerTests {
    @Test("rising, falling and flat series get the right direction", arguments: [
        (2_000.0, TrendAnalysis.Direction.rising), (-2_000.0, .falling), (0.0, .flat),
    ])
    func direction(slope: Double, expected: TrendAnalysis.Direction) {
        let noise = SyntheticSeries.seasonalNoise(days: 240, seed: 31, noise: 40_000)
        let y = (0..<240).map { noise[$0] + slope * Double($0) }
        let analysis = TrendAnalyzer.analyze(SyntheticSeries.series(y))
        #expect(analysis.direction == expected)
        #expect((0...1).contains(analysis.strength))
        if slope != 0 {
            #expect(abs(Double(analysis.slopePerDay) - slope) < slope.magnitude * 0.25)
            #expect(analysis.strength > 0.5)
        }
    }

    @Test("a planted level shift is located within three days")
    func changePoint() throws {
        let noise = SyntheticSeries.seasonalNoise(days: 200, seed: 32, noise: 30_000)
        let y = (0..<200).map { noise[$0] + ($0 >= 123 ? 90_000 : 0) }
        let analysis = TrendAnalyzer.analyze(SyntheticSeries.series(y))
        let shift = try #require(analysis.changePoints.min { abs(SyntheticSeries.start.distance(to: $0.day) - 123) < abs(SyntheticSeries.start.distance(to: $1.day) - 123) })
        #expect(abs(SyntheticSeries.start.distance(to: shift.day) - 123) <= 3)
        #expect(shift.meanAfter - shift.meanBefore > 60_000)
        #expect(analysis.changePoints.count <= 2)
    }

    @Test("a stationary series has no change points and too-short input is flat")
    func noChange() {
        let clean = TrendAnalyzer.analyze(SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: 300, seed: 33)))
        #expect(clean.changePoints.isEmpty)
        let short = TrendAnalyzer.analyze(SyntheticSeries.series([1, 2, 3]))
        #expect(short.direction == .flat && short.changePoints.isEmpty)
    }
}
