import Categorization
import MPesaCore
import StatementGeneration
import Testing

@Suite("The categorisation cascade")
struct CategorizerCascadeTests {
    
    static func input(_ details: String, _ direction: Direction = .out, cents: Int64 = 100_000) -> CategorizationInput {
        CategorizationTraining.input(id: "t", details: details, direction: direction, amountCents: cents, localTime: nil)
    }

    @Test("each step decides in order and says so: rule, kind, directory, model, fallback", arguments: [
        ("OverDraft of Credit Party", Direction.in, "loans_in", CategorizationSource.directory),
        ("OD Loan Repayment to 232323 - M-PESA Overdraw", .out, "loan_repayment", .directory),
        ("Customer Transfer of Funds Charge", .out, "fees_charges", .directory),
        ("Customer Withdrawal At Agent Till 232218 - NAIVAS SUPERMARKET AGENT", .out, "cash_withdrawal", .directory),
        ("Pay Bill Online to 888880 - KPLC PREPAID Acc. 544012", .out, "utilities", .directory),
        ("Pay Bill to 572572 - KRA Acc. P051234567Z", .out, "tax", .directory),
        ("Pay Bill to 4455667 - UPENDO ACADEMY Acc. ADM 4471", .out, "education", .model),
        ("Merchant Payment to 5551234 - SHALOM CHEMIST", .out, "health", .model),
        ("Pay Bill to 4455668 - KIRIGITI HEIGHTS Acc. HSE 12", .out, "rent", .directory),
        ("Funds received from - 2547******123 JANE DOE", .in, "sales", .fallback),
        ("Customer Transfer to - 0712******456 JOHN KAMAU", .out, "personal_transfers", .fallback),
    ])
    func steps(_ details: String, _ direction: Direction, _ category: String, _ source: CategorizationSource) async {
        let result = Categorizer(model: (await CategorizationTraining.globalModel())).categorize(Self.input(details, direction))
        #expect(result.category == category, "\(details): \(result.reason)")
        #expect(result.source == source, "\(details): \(result.reason)")
    }

    @Test("a rule beats everything, and a tenant's correction beats the directory")
    func precedence() async throws {
        let rule = Rule(id: "r1", name: "KPLC is rent here", triggers: [RuleTrigger(field: .details, operator: .contains, value: "KPLC")], actions: [.setCategory("rent")])
        var categorizer = Categorizer(rules: try RulesEngine(rules: [rule]), model: (await CategorizationTraining.globalModel()))
        let kplc = Self.input("Pay Bill Online to 888880 - KPLC PREPAID Acc. 544012")
        #expect(categorizer.categorize(kplc).category == "rent")
        #expect(categorizer.categorize(kplc).source == .rule)
        categorizer.rules = .empty
        let naivas = Self.input("Merchant Payment Online to 573067 - NAIVAS LANG'ATA")
        #expect(categorizer.categorize(naivas).category == "food_groceries")
        categorizer.model.learn(naivas, category: "inventory")
        let again = categorizer.categorize(Self.input("Merchant Payment to 573067 - NAIVAS LANG'ATA", cents: 900_000))
        #expect(again.category == "inventory")
        #expect(again.source == .model)
    }

    @Test("with nothing confident the answer is uncategorized, with the model's suggestions")
    func uncategorized() async {
        var categorizer = Categorizer(model: (await CategorizationTraining.globalModel()))
        categorizer.threshold = 1.01  // nothing is that sure
        let result = categorizer.categorize(Self.input("Merchant Payment to 7000001 - JOHN DOE 1"))
        #expect(result.category == DefaultTaxonomy.uncategorized)
        #expect(result.source == .fallback)
        #expect(result.suggestions.count == 3)
        #expect(result.suggestions.map(\.confidence) == result.suggestions.map(\.confidence).sorted(by: >))
    }

    @Test("an archived or unknown category is never answered")
    func taxonomy() async {
        let withoutGroceries = Taxonomy(categories: DefaultTaxonomy.categories.filter { $0.slug != "food_groceries" })
        let categorizer = Categorizer(model: (await CategorizationTraining.globalModel()), taxonomy: withoutGroceries)
        let result = categorizer.categorize(Self.input("Merchant Payment Online to 573067 - NAIVAS LANG'ATA"))
        #expect(result.category != "food_groceries")
        #expect(!result.suggestions.contains { $0.category == "food_groceries" })
    }

    @Test("three identical corrections of a counterparty make a rule that matches it and sets the category")
    func suggestion() throws {
        let staff = Self.input("Customer Transfer to - 2547******555 WANJIRU KAMAU")
        #expect(RuleSuggester.proposal(for: staff, category: "salaries", categoryName: "Salaries", identicalCorrections: 2) == nil)
        let rule = try #require(RuleSuggester.proposal(for: staff, category: "salaries", categoryName: "Salaries", identicalCorrections: 3))
        #expect(rule.categorySet == "salaries")
        #expect(RuleValidator.validate(rule, taxonomy: .standard).isEmpty)
        #expect(try RulesEngine(rules: [rule]).evaluate(staff).category == "salaries")
        #expect(try RulesEngine(rules: [rule]).evaluate(Self.input("Customer Transfer to - 2547******556 OTHER PERSON")).category == nil)
    }
}

@Suite("Naive Bayes model")
struct NaiveBayesModelTests {
    @Test("online updates move the posterior towards the corrected class, and a new class can be added")
    func online() {
        var model = NaiveBayesModel(classes: ["a", "b"])
        model.train([(features: [1, 2], label: 0), (features: [3, 4], label: 1), (features: [1, 5], label: 0)])
        let before = model.probabilities([5, 3])
        model.learn([5, 3], label: 0, weight: 8)
        let after = model.probabilities([5, 3])
        #expect(after[0] > before[0])
        let grown = model.adding(class: "c")
        #expect(grown.classes == ["a", "b", "c"])
        #expect(abs(grown.probabilities([1, 2]).reduce(0, +) - 1) < 1e-9)
        #expect(grown.probabilities([1, 2])[0] > 0.5)
    }

    @Test("a higher temperature makes the same evidence less certain")
    func temperature() {
        var model = NaiveBayesModel(classes: ["a", "b"])
        model.train([(features: [1], label: 0), (features: [2], label: 1)])
        let sharp = model.probabilities([1, 1, 1])[0]
        model.temperature = 4
        #expect(model.probabilities([1, 1, 1])[0] < sharp)
        #expect(model.probabilities([1, 1, 1])[0] > 0.5)
    }

    @Test("the fitted temperature makes the global model's confidence match its accuracy on unseen counterparties")
    func calibration() async {
        let model = await CategorizationTraining.globalModel()
        #expect(model.classifier.temperature > 0.05)
        #expect(model.classifier.vocabularySize > 500)
    }
}

@Suite("Merchant directory")
struct MerchantDirectoryTests {
    @Test("the shipped directory decodes, names real categories and cites a known source for every merchant")
    func shipped() {
        let directory = MerchantDirectory.standard
        #expect(directory.merchants.count >= 100)
        let sources = Set(directory.sources.map(\.id))
        for merchant in directory.merchants {
            #expect(DefaultTaxonomy.bySlug[merchant.category] != nil, "\(merchant.name)")
            #expect(sources.contains(merchant.source), "\(merchant.name)")
        }
    }

    @Test("a merchant is found by shortcode or by a whole-word keyword, and never for money coming in when it is an expense")
    func matching() {
        let directory = MerchantDirectory.standard
        let kplc = CategorizationInput(id: "1", kind: .paybill, direction: .out, amountCents: 1, details: "", counterpartyName: "WHATEVER", shortcode: "888880")
        #expect(directory.match(kplc)?.merchant.category == "utilities")
        let naivas = CategorizationInput(id: "2", kind: .buyGoods, direction: .out, amountCents: 1, details: "", counterpartyName: "Naivas Supermarket-Kikuyu", shortcode: "999")
        #expect(directory.match(naivas)?.merchant.category == "food_groceries")
        var refund = naivas
        refund.direction = .in
        #expect(directory.match(refund) == nil)
        let person = CategorizationInput(id: "3", kind: .sendMoney, direction: .out, amountCents: 1, details: "", counterpartyName: "JOHN KRAUSE")
        #expect(directory.match(person) == nil)
    }
}
