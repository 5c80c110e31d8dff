import MPesaCore

/// Turns a transaction into the hashed features the classifier counts: the words of Details (and of the
/// counterparty's name and account reference, which Details contains), the shortcode, the M-PESA kind with its
/// direction, and an amount bucket.
///
/// Works on UTF-8 bytes with no allocation per word: at 200,000 transactions a second per core there are about
/// five microseconds for everything, and building Strings per token would spend them all.
public enum FeatureExtractor {
    /// The features every transaction has (kind with direction, amount bucket), first in every feature list.
    public static let structuralFeatures = 2

    /// Feature keys of one transaction, appended to `features` (which is cleared first).
    public static func extract(_ input: CategorizationInput, into features: inout [UInt64]) {
        features.removeAll(keepingCapacity: true)
        features.append(hash(tag: 1, UInt64(kindIndex[input.kind] ?? 0) << 1 | (input.direction == .in ? 1 : 0)))
        features.append(hash(tag: 2, UInt64(amountBucket(input.amountCents)) << 1 | (input.direction == .in ? 1 : 0)))
        if let shortcode = input.shortcode, !shortcode.isEmpty {
            features.append(hashBytes(tag: 3, shortcode.utf8))
        }
        if !personKinds.contains(input.kind) { words(of: input.details, tag: 4, into: &features) }
    }

    /// Kinds whose other side is a person (or an agent): the name says nothing about the category to a model that
    /// does not know this tenant (that a tenant pays WANJIRU a salary is learnt per counterparty, not from words),
    /// and a first name that happens to appear in a shop's name must not pull a transfer into that shop's category.
    private static let personKinds: Set<TransactionKind> = [.sendMoney, .receiveMoney, .pochi, .reversal, .agentWithdrawal, .agentDeposit]

    /// The features of one transaction as a new array (tests, training).
    public static func features(of input: CategorizationInput) -> [UInt64] {
        var features: [UInt64] = []
        extract(input, into: &features)
        return features
    }

    /// log2 of the amount in shillings, so 10, 100, 1,000 and 10,000 shillings fall in different buckets.
    static func amountBucket(_ cents: Int64) -> Int {
        let shillings = max(cents / 100, 1)
        return 63 - shillings.leadingZeroBitCount
    }

    private static let kindIndex: [TransactionKind: Int] = Dictionary(uniqueKeysWithValues: TransactionKind.allCases.enumerated().map { ($0.element, $0.offset) })

    /// Words that every transaction of a kind carries and that say nothing the kind does not already say.
    private static let stopWords: Set<UInt64> = Set(
        ["TO", "FROM", "OF", "THE", "AND", "BY", "VIA", "API", "ACC", "PAY", "BILL", "ONLINE", "FULIZA", "MPESA", "M-PESA", "PESA", "CUSTOMER",
         "TRANSFER", "PAYMENT", "MERCHANT", "FUNDS", "RECEIVED", "ORIGINAL", "ORGINAL", "CONVERSATION", "ID", "IS", "WITH", "AT", "FOR", "LTD",
         "LIMITED", "CO", "KE"]
            .map { hashBytes(tag: 4, $0.utf8) }
    )

    /// Splits on anything that is not a letter, a digit, `'`, `&` or a non-ASCII byte; upper-cases ASCII letters;
    /// drops words with three or more digits (phone numbers, receipts, meter and account numbers), one-letter words
    /// and stop words.
    private static func words(of text: String, tag: UInt8, into features: inout [UInt64]) {
        var hash: UInt64 = 0
        var length = 0
        var digits = 0
        func flush() {
            if length >= 2 && digits < 3 && !stopWords.contains(hash) { features.append(hash) }
            length = 0
            digits = 0
        }
        for byte in text.utf8 {
            var value = byte
            let isLower = value >= 97 && value <= 122
            let isUpper = value >= 65 && value <= 90
            let isDigit = value >= 48 && value <= 57
            let isWordByte = isLower || isUpper || isDigit || value >= 128 || value == 39 || value == 38
            guard isWordByte else {
                if length > 0 { flush() }
                continue
            }
            if isLower { value -= 32 }
            if isDigit { digits += 1 }
            if length == 0 { hash = offsetBasis ^ UInt64(tag) &* prime }
            hash = (hash ^ UInt64(value)) &* prime
            length += 1
        }
        if length > 0 { flush() }
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a of a tag byte and the upper-cased bytes: the same key `words` computes for that word.
    static func hashBytes(tag: UInt8, _ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = offsetBasis ^ UInt64(tag) &* prime
        for byte in bytes {
            let value = byte >= 97 && byte <= 122 ? byte - 32 : byte
            hash = (hash ^ UInt64(value)) &* prime
        }
        return hash
    }

    private static func hash(tag: UInt8, _ value: UInt64) -> UInt64 {
        var hash = offsetBasis ^ UInt64(tag) &* prime
        hash = (hash ^ value) &* prime
        return hash ^ (value >> 7)
    }
}
