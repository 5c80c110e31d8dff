import Categorization
import MPesaCore
import StatementParsing

/// Builds the categorizer's global model from generated labelled transactions, read the way production reads a
/// statement (the parser's Details classifier gives the kind and the counterparty), with the temperature fitted
/// on a held-out fifth.
public enum CategorizationTraining {
    /// Bump when the generator, the features or the training change, so stored tenant models know their base.
    public static let version = "global-nb-1"
    public static let seed: UInt64 = 0x6D70_6573_615F_6361
    public static let examples = 24_000

    /// Trains the model every tenant starts from, once per process, off the cooperative pool.
    public static let loader = GlobalModelLoader { train(seed: seed, count: examples) }

    /// The model every tenant starts from.
    public static func globalModel() async -> LearnedModel {
        await loader.model()
    }

    public static func train(seed: UInt64, count: Int) -> LearnedModel {
        let labelled = LabelledTransactionGenerator.generate(seed: seed, count: count)
        let classes = DefaultTaxonomy.categories.map(\.slug)
        var model = NaiveBayesModel(classes: classes)
        let inputs = labelled.enumerated().map { input($0.element, id: "train-\($0.offset)") }
        let examples = zip(inputs, labelled).map { input, item in
            (features: FeatureExtractor.features(of: input), label: classes.firstIndex(of: item.category)!)
        }
        // Calibrate on counterparties the training part never saw (a fifth of them, by name), which is what a
        // tenant's own merchants are to the global model; holding out random rows would calibrate on names it knows.
        let heldOut = inputs.map { ($0.counterpartyName ?? $0.details).utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 } % 5 == 0 }
        model.train(zip(examples, heldOut).filter { !$0.1 }.map(\.0))
        model.temperature = model.fittedTemperature(on: zip(examples, heldOut).filter { $0.1 }.map(\.0))
        // Refit on everything with the fitted temperature: more data, same calibration.
        var full = NaiveBayesModel(classes: classes, temperature: model.temperature)
        full.train(examples)
        return LearnedModel(classifier: full, version: version)
    }

    /// A statement's Details as the categorizer sees it once the parser has read it.
    public static func input(_ item: LabelledTransaction, id: String) -> CategorizationInput {
        input(id: id, details: item.details, direction: item.direction, amountCents: item.amountCents, localTime: item.localTime)
    }

    /// What the parser would make of `details`: kind and counterparty from the Details classifier.
    public static func input(id: String, details: String, direction: Direction, amountCents: Int64, localTime: LocalDateTime?) -> CategorizationInput {
        let collapsed = TextNormalization.collapse(details)
        let classification = DetailsClassifier.classify(collapsed, direction: direction)
        return CategorizationInput(
            id: id, kind: classification.kind, direction: direction, amountCents: amountCents, details: collapsed, counterparty: classification.counterparty,
            localTime: localTime
        )
    }
}
