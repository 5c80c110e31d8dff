import Testing
@testable import Forecasting

@Suite("Anomaly detection")
struct AnomalyDetectorTests {
    @Test("planted spikes are found with their direction, and nothing else")
    func plantedSpikes() {
        var y = SyntheticSeries.seasonalNoise(days: 180, seed: 41, noise: 10_000)
        y[50] += 400_000
        y[120] -= 500_000
        let anomalies = AnomalyDetector().detect(SyntheticSeries.series(y))
        let days = anomalies.map { SyntheticSeries.start.distance(to: $0.day) }
        #expect(days.contains(50) && days.contains(120))
        #expect(anomalies.count <= 3, "\(anomalies.map { ($0.day, $0.score) })")
        #expect(anomalies.first { SyntheticSeries.start.distance(to: $0.day) == 50 }?.direction == .high)
        #expect(anomalies.first { SyntheticSeries.start.distance(to: $0.day) == 120 }?.direction == .low)
    }

    @Test("clean weekly data yields no anomalies")
    func clean() {
        #expect(AnomalyDetector().detect(SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: 200, seed: 42, noise: 10_000))).count <= 1)
        #expect(AnomalyDetector().detect(SyntheticSeries.series(SyntheticSeries.weekly(days: 100))).isEmpty)
    }

    @Test("robust z-scores survive a zero MAD and identical values")
    func zeroMAD() {
        let mostlyZero = AnomalyDetector.robustZScores([0, 0, 0, 0, 0, 0, 100])
        #expect(mostlyZero.allSatisfy { $0.isFinite })
        #expect(mostlyZero[6] > 3.5 && mostlyZero[0] == 0)
        #expect(AnomalyDetector.robustZScores([5, 5, 5]) == [0, 0, 0])
        #expect(AnomalyDetector.robustZScores([]).isEmpty)
        let z = AnomalyDetector.robustZScores([1, 2, 3, 4, 100])
        #expect(abs(z[2]) < 1e-12 && z[4] > 3.5)
    }
}
