import Testing
@testable import Forecasting

@Suite("Recurring flows")
struct RecurringFlowDetectorTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { try! CalendarDay(year: y, month: m, day: d) }

    @Test("monthly rent on the 1st is found, with the next due date")
    func rentOnFirst() throws {
        let payments = (1...6).map { DatedAmount(day: day(2024, $0, $0 == 3 ? 2 : 1), amount: -3_500_000) }
        let flow = try #require(RecurringFlowDetector().detect(payments))
        #expect(flow.cadence == .monthly)
        #expect(flow.typicalAmount == -3_500_000)
        #expect(flow.steadiness == 1)
        #expect(flow.nextExpectedDay == day(2024, 7, 1))
        #expect(flow.projectedFlows(through: day(2024, 9, 30), label: "rent").map(\.day) == [day(2024, 7, 1), day(2024, 8, 1), day(2024, 9, 1)])
    }

    @Test("a payment on the last day of each month is monthly across February")
    func monthEnd() throws {
        let days = [day(2024, 1, 31), day(2024, 2, 29), day(2024, 3, 31), day(2024, 4, 30)]
        let flow = try #require(RecurringFlowDetector().detect(days.map { DatedAmount(day: $0, amount: -9_000_000) }))
        #expect(flow.cadence == .monthly)
        #expect(flow.nextExpectedDay == day(2024, 5, 31))
        let lateAndEarly = [day(2023, 11, 30), day(2024, 1, 1), day(2024, 1, 31), day(2024, 2, 28), day(2024, 3, 31)]
        #expect(RecurringFlowDetector().detect(lateAndEarly.map { DatedAmount(day: $0, amount: -100) })?.cadence == .monthly)
    }

    @Test("a weekly salary with small variations is weekly")
    func weeklySalary() throws {
        let start = day(2024, 1, 5)
        let payments = (0..<10).map { DatedAmount(day: start.advanced(by: 7 * $0 + ($0 == 4 ? 1 : 0)), amount: -250_000 - Int64($0 % 3) * 1_000) }
        let flow = try #require(RecurringFlowDetector().detect(payments))
        #expect(flow.cadence == .weekly)
        #expect(flow.nextExpectedDay == payments.last!.day.advanced(by: 7))
        #expect(flow.confidence > 0.8)
    }

    @Test("random payments and too few payments are rejected")
    func rejectsIrregular() {
        var rng = SplitMix64(seed: 51)
        for _ in 0..<20 {
            var d = day(2024, 1, 1)
            let payments = (0..<8).map { _ -> DatedAmount in
                d = d.advanced(by: 1 + Int(rng.nextUnit() * 40))
                return DatedAmount(day: d, amount: -Int64(1_000 + rng.nextUnit() * 100_000))
            }
            #expect(RecurringFlowDetector().detect(payments) == nil)
        }
        #expect(RecurringFlowDetector().detect([DatedAmount(day: day(2024, 1, 1), amount: -5), DatedAmount(day: day(2024, 2, 1), amount: -5)]) == nil)
    }
}
