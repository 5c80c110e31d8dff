import Categorization
import Foundation
import MPesaCore
import StatementParsing

/// A simulated tenant whose bookkeeping differs from the global defaults the way a real shop's does (staff paid by
/// Send Money, stock bought at a supermarket till, a supplier paid through Pochi, casual labourers who change from
/// week to week, and three of six habits of its own), mixed with ordinary traffic from
/// ``LabelledTransactionGenerator``: the input of the categorizer's learning curve, which asks how fast a tenant's
/// corrections teach the categorizer its habits without spoiling what the global model already knew.
///
/// Everything is drawn from `seed`, so a tenant is the same on every machine; different seeds give different
/// people, tills, amounts and a different choice among the optional habits.
public struct TenantHabitSimulator: Sendable {
    /// One recurring kind of transaction the tenant files its own way.
    public struct Habit: Sendable {
        public var name: String
        /// The category this tenant gives these transactions.
        public var category: String
        /// Relative frequency among the tenant's habits.
        public var weight: Double
        /// Every simulated tenant has this habit (with its own people and tills); false for the optional ones.
        public var isShared: Bool
        var make: @Sendable (inout SeededRandom) -> (details: String, direction: Direction, amountCents: Int64)
    }

    /// One transaction of the tenant, with the habit it comes from (nil for ordinary traffic).
    public struct Transaction: Sendable {
        public var labelled: LabelledTransaction
        public var habit: String?
    }

    public let seed: UInt64
    public let habits: [Habit]
    /// Share of the tenant's transactions that come from its habits; the rest is ordinary generated traffic.
    public let habitShare: Double

    public init(seed: UInt64, habitShare: Double = 0.35) {
        self.seed = seed
        self.habitShare = habitShare
        var random = SeededRandom(seed: seed ^ 0x7465_6E61_6E74_6861)
        self.habits = Self.habits(&random)
    }

    /// The tenant's first `count` transactions, in time order from a Monday morning, about a dozen a business day.
    public func transactions(count: Int) -> [Transaction] {
        var random = SeededRandom(seed: seed)
        let ordinary = LabelledTransactionGenerator.generate(seed: seed &+ 0x6F72_6469_6E61_7279, count: count)
        var time = LocalDateTime(year: 2025, month: 3, day: 3, hour: 7, minute: 30)!
        var output: [Transaction] = []
        output.reserveCapacity(count)
        for index in 0..<count {
            time = Self.advance(time, &random)
            if random.chance(habitShare) {
                let habit = random.weighted(habits.map { ($0, $0.weight) })
                let made = habit.make(&random)
                let labelled = LabelledTransaction(details: made.details, direction: made.direction, amountCents: made.amountCents, localTime: time, category: habit.category)
                output.append(Transaction(labelled: labelled, habit: habit.name))
            } else {
                var labelled = ordinary[index]
                labelled.localTime = time
                labelled.details = Self.withStranger(labelled, &random)
                output.append(Transaction(labelled: labelled, habit: nil))
            }
        }
        return output
    }

    /// The generator's people are the global model's training names; a tenant's customers and the people it sends
    /// money to are strangers to it, so ordinary traffic gets people from a pool of names the global model never saw
    /// (and that the tenant's habits do not use), lest the curve credit the model with knowing them.
    private static func withStranger(_ labelled: LabelledTransaction, _ random: inout SeededRandom) -> String {
        let details = labelled.details
        let classification = DetailsClassifier.classify(TextNormalization.collapse(details), direction: labelled.direction)
        guard classification.counterparty?.kind == .person, let name = classification.counterparty?.name,
            let range = details.range(of: name, options: .backwards)
        else { return details }
        return details.replacingCharacters(in: range, with: "\(random.pick(strangerGivenNames)) \(random.pick(strangerSurnames))")
    }

    /// Between five minutes and two hours later, within business hours (07:00–21:00).
    private static func advance(_ time: LocalDateTime, _ random: inout SeededRandom) -> LocalDateTime {
        let next = time.adding(seconds: 300 + Int(random.next() % 6_900))
        if next.hour >= 21 || next.day != time.day {
            return LocalDateTime(year: time.year, month: time.month, day: time.day, hour: 7)!.adding(seconds: 86_400 + Int(random.next() % 3_600))
        }
        return next
    }

    // MARK: - Habits

    private static func habits(_ random: inout SeededRandom) -> [Habit] {
        var people = Self.people(&random, count: 164)
        let staff = (0..<4).map { _ in people.removeLast() }
        let landlord = people.removeLast()
        let supplier = people.removeLast()
        let riders = (0..<5).map { _ in people.removeLast() }
        let relative = people.removeLast()
        let treasurer = people.removeLast()
        let casuals = (0..<30).map { _ in people.removeLast() }
        let farmers = (0..<120).map { _ in people.removeLast() }
        let supermarket = random.pick(supermarkets)
        let tills = (0..<2).map { _ in code(&random) }
        let vendors = (0..<4).map { _ in (code(&random), "\(random.pick(surnames)) \(random.pick(vendorSuffixes))") }
        let garage = (code(&random), "\(random.pick(surnames)) MOTORS GARAGE")
        func jitter(_ weight: Double, _ random: inout SeededRandom) -> Double { weight * (0.6 + 0.8 * random.unit()) }

        // The habits the issue names: every tenant has them.
        var habits = [
            Habit(name: "staff paid by Send Money", category: "salaries", weight: jitter(4, &random), isShared: true) { r in
                (sendMoney(r.pick(staff), &r), .out, r.shillings(median: 1_200, spread: 0.5, range: 300...6_000))
            },
            Habit(name: "landlord paid by Send Money", category: "rent", weight: jitter(0.6, &random), isShared: true) { r in
                (sendMoney(landlord, &r), .out, r.shillings(median: 25_000, spread: 0.3, range: 8_000...80_000))
            },
            Habit(name: "stock bought at a supermarket till", category: "inventory", weight: jitter(2.5, &random), isShared: true) { r in
                ("Merchant Payment\(r.chance(0.3) ? " Online" : "") to \(r.pick(tills)) - \(supermarket)", .out, r.shillings(median: 6_000, spread: 0.6, range: 500...60_000))
            },
            Habit(name: "supplier paid through Pochi", category: "inventory", weight: jitter(1.5, &random), isShared: true) { r in
                ("Customer Payment to Small Business to - \(supplier.phone) \(supplier.name)", .out, r.shillings(median: 4_000, spread: 0.6, range: 300...40_000))
            },
        ]
        // Every shop of this kind has them too.
        habits.append(
            Habit(name: "casual labourers paid by Send Money, new faces most weeks", category: "salaries", weight: jitter(2, &random), isShared: true) { r in
                (sendMoney(r.pick(casuals), &r), .out, Int64(r.pick([300, 500, 600, 700, 800, 1_000])) * 100)
            }
        )
        // Habits of this tenant's own: three of six.
        var optional = [
            Habit(name: "delivery riders paid by Send Money", category: "transport", weight: jitter(1.5, &random), isShared: false) { r in
                (sendMoney(r.pick(riders), &r), .out, r.shillings(median: 250, spread: 0.4, range: 100...1_000))
            },
            Habit(name: "a relative's loans received", category: "loans_in", weight: jitter(0.4, &random), isShared: false) { r in
                ("Funds received from - \(relative.phone) \(relative.name)", .in, r.shillings(median: 10_000, spread: 0.5, range: 2_000...60_000))
            },
            Habit(name: "chama contributions by Send Money", category: "savings", weight: jitter(0.5, &random), isShared: false) { r in
                (sendMoney(treasurer, &r), .out, r.shillings(median: 3_000, spread: 0.2, range: 1_000...10_000))
            },
            Habit(name: "local vendors' paybills against an LPO", category: "inventory", weight: jitter(1.2, &random), isShared: false) { r in
                let (shortcode, vendor) = r.pick(vendors)
                return ("Pay Bill\(r.chance(0.4) ? " Online" : "") to \(shortcode) - \(vendor) Acc. LPO \(r.next() % 900 + 100)", .out, r.shillings(median: 8_000, spread: 0.6, range: 500...90_000))
            },
            Habit(name: "produce bought from farmers by Send Money, rarely the same farmer twice", category: "inventory", weight: jitter(2, &random), isShared: false) { r in
                (sendMoney(r.pick(farmers), &r), .out, r.shillings(median: 2_500, spread: 0.6, range: 400...20_000))
            },
            Habit(name: "the delivery van's garage", category: "transport", weight: jitter(0.6, &random), isShared: false) { r in
                ("Merchant Payment to \(garage.0) - \(garage.1)", .out, r.shillings(median: 3_500, spread: 0.7, range: 300...50_000))
            },
        ]
        for _ in 0..<3 { habits.append(optional.remove(at: Int(random.next() % UInt64(optional.count)))) }
        return habits
    }

    private static func sendMoney(_ person: (phone: String, name: String), _ random: inout SeededRandom) -> String {
        "Customer Transfer \(random.chance(0.2) ? "Fuliza MPesa " : "")to - \(person.phone) \(person.name)"
    }

    /// Distinct people with masked phones, from pools the generator's ordinary traffic does not use.
    private static func people(_ random: inout SeededRandom, count: Int) -> [(phone: String, name: String)] {
        var seen = Set<String>()
        var output: [(phone: String, name: String)] = []
        while output.count < count {
            let name = "\(random.pick(givenNames)) \(random.pick(surnames))"
            guard seen.insert(name).inserted else { continue }
            let tail = random.next() % 1_000
            let phone = "07******\(tail < 10 ? "00" : tail < 100 ? "0" : "")\(tail)"
            output.append((phone, name))
        }
        return output
    }

    private static func code(_ random: inout SeededRandom) -> String { String(100_000 + random.next() % 8_900_000) }

    private static let givenNames = [
        "AMOS", "BEATRICE", "CYRUS", "DAMARIS", "ELIJAH", "FAITH", "GIDEON", "HELLEN", "IBRAHIM", "JANET", "KEVIN", "LYDIA", "MOSES", "NAOMI",
        "OSCAR", "PURITY", "QUINTER", "REUBEN", "SHARON", "TITUS",
    ]
    private static let surnames = [
        "MUTUA", "KIPRONO", "WANJIKU", "OMONDI", "NJERI", "KIBET", "AWINO", "MAINA", "ROTICH", "WEKESA", "MOKAYA", "CHEGE", "MWANIKI", "OUMA",
        "KARANJA", "NYAMBURA", "JUMA", "KOECH", "ODHIAMBO", "MWENDWA",
    ]
    private static let strangerGivenNames = [
        "ALICE", "BONIFACE", "CAROLINE", "DENNIS", "EUNICE", "FREDRICK", "GRACE", "HENRY", "IRENE", "JAMES", "KEZIAH", "LUCY", "MARTIN",
        "NANCY", "PETER", "ROSE", "SAMUEL", "TERESA", "VINCENT", "WILFRED",
    ]
    private static let strangerSurnames = [
        "OTIENO", "NJOGU", "WASIKE", "MUTISO", "ACHIENG", "KIPLAGAT", "WAIRIMU", "MUSYOKA", "ODERA", "KENDI", "KAHIGA", "NDUNGU", "KITHINJI",
        "SANG", "NGUGI", "AKINYI",
    ]
    private static let supermarkets = [
        "NAIVAS SUPERMARKET KITENGELA", "QUICKMART THIKA ROAD", "CARREFOUR JUNCTION MALL", "CHANDARANA FOODPLUS YAYA", "MAGUNAS SUPERMARKET NAKURU",
    ]
    private static let vendorSuffixes = ["GENERAL STORES", "ENTERPRISES", "TRADERS", "HARDWARE AND SUPPLIES"]
}

extension TenantHabitSimulator {
    /// How a tenant's accuracy grows with its corrections: accuracy on a fixed slice of its later transactions,
    /// measured after given numbers of corrections.
    public struct LearningCurve: Sendable {
        public struct Point: Sendable {
            public var corrections: Int
            /// False when the stream ended before this many corrections were needed; the figures are then those
            /// of the model the tenant had at the end, which is what it keeps until its next correction.
            public var reached: Bool
            /// Stream transactions categorised when the point was measured.
            public var transactionsSeen: Int
            public var accuracy: Double
            /// Accuracy on the held-out transactions that come from the tenant's habits.
            public var habitAccuracy: Double
            /// Accuracy on the held-out ordinary transactions.
            public var ordinaryAccuracy: Double
        }

        public var points: [Point]
        /// Corrections made over the whole stream.
        public var corrections: Int
        /// Share of stream transactions the categorizer got right the first time it saw them.
        public var streamAccuracy: Double
    }

    /// Streams the tenant's first `streamCount` transactions in time order through a categorizer that starts from
    /// `model`, correcting (``LearnedModel/learn(_:category:)``) every wrong answer as a bookkeeper would, and
    /// measures the full cascade's accuracy on the `heldOutCount` transactions that follow the stream after each
    /// number of corrections in `checkpoints`.
    public func learningCurve(
        startingFrom model: LearnedModel, streamCount: Int = 600, heldOutCount: Int = 300, checkpoints: [Int] = [0, 5, 10, 25, 50, 100, 200]
    ) -> LearningCurve {
        let all = transactions(count: streamCount + heldOutCount)
        let inputs = all.enumerated().map { CategorizationTraining.input($0.element.labelled, id: "tenant-\(seed)-\($0.offset)") }
        let stream = Array(zip(inputs, all).prefix(streamCount))
        let heldOut = Array(zip(inputs, all).dropFirst(streamCount))
        var categorizer = Categorizer(model: model)
        var features: [UInt64] = []
        var scores: [Float] = []

        func measure(corrections: Int, reached: Bool, seen: Int) -> LearningCurve.Point {
            var right = (all: 0, habit: 0, ordinary: 0)
            var total = (habit: 0, ordinary: 0)
            for (input, transaction) in heldOut {
                let correct = categorizer.categorize(input, features: &features, scores: &scores).category == transaction.labelled.category
                if transaction.habit == nil {
                    total.ordinary += 1
                    if correct { right.ordinary += 1 }
                } else {
                    total.habit += 1
                    if correct { right.habit += 1 }
                }
                if correct { right.all += 1 }
            }
            func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
            return LearningCurve.Point(
                corrections: corrections, reached: reached, transactionsSeen: seen, accuracy: share(right.all, heldOut.count),
                habitAccuracy: share(right.habit, total.habit), ordinaryAccuracy: share(right.ordinary, total.ordinary)
            )
        }

        let wanted = checkpoints.sorted()
        var points: [LearningCurve.Point] = []
        var next = wanted.startIndex
        var corrections = 0
        var firstTimeRight = 0
        while next < wanted.endIndex, wanted[next] <= 0 {
            points.append(measure(corrections: 0, reached: true, seen: 0))
            next += 1
        }
        for (offset, (input, transaction)) in stream.enumerated() {
            let truth = transaction.labelled.category
            if categorizer.categorize(input, features: &features, scores: &scores).category == truth {
                firstTimeRight += 1
                continue
            }
            categorizer.model.learn(input, category: truth)
            corrections += 1
            while next < wanted.endIndex, wanted[next] == corrections {
                points.append(measure(corrections: corrections, reached: true, seen: offset + 1))
                next += 1
            }
        }
        if next < wanted.endIndex {
            let final = measure(corrections: corrections, reached: false, seen: stream.count)
            for checkpoint in wanted[next...] {
                var point = final
                point.corrections = checkpoint
                points.append(point)
            }
        }
        return LearningCurve(points: points, corrections: corrections, streamAccuracy: stream.isEmpty ? 0 : Double(firstTimeRight) / Double(stream.count))
    }
}
