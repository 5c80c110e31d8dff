import Foundation
import MPesaCore

/// Well-known Kenyan paybills and tills (utilities, banks, lenders, betting, schools, supermarkets, telcos,
/// government), matched by shortcode and by keywords in the counterparty's name. The data and its sources are in
/// `merchant-directory.json` beside this file, compiled into the binary.
public struct MerchantDirectory: Sendable {
    public struct Source: Sendable, Codable, Hashable {
        public var id: String
        public var title: String
        public var url: String?
        public var note: String?
    }

    public struct Merchant: Sendable, Codable, Hashable {
        public var name: String
        public var category: String
        public var paybills: [String]
        public var tills: [String]
        public var keywords: [String]
        public var source: String
    }

    /// How a transaction was matched to a merchant.
    public struct Match: Sendable, Equatable {
        public enum Evidence: Sendable, Equatable {
            case shortcode(String)
            case keyword(String)
        }

        public var merchant: Merchant
        public var evidence: Evidence

        public var explanation: String {
            switch evidence {
            case .shortcode(let code): "\(code) is \(merchant.name) in the merchant directory"
            case .keyword(let keyword): "the name contains “\(keyword)”, which the merchant directory knows as \(merchant.name)"
            }
        }
    }

    struct File: Codable {
        var version: Int
        var note: String?
        var sources: [Source]
        var merchants: [Merchant]
    }

    public let sources: [Source]
    public let merchants: [Merchant]
    private let byShortcode: [String: Int]
    private let byKeyword: [String: Int]
    private let longestKeyword: Int

    public init(sources: [Source], merchants: [Merchant]) {
        self.sources = sources
        self.merchants = merchants
        var codes: [String: Int] = [:]
        var keywords: [String: Int] = [:]
        var longest = 1
        for (index, merchant) in merchants.enumerated() {
            for code in merchant.paybills + merchant.tills { codes[code] = codes[code] ?? index }
            for keyword in merchant.keywords {
                let words = Self.words(TextFolding.normalized(keyword))
                guard !words.isEmpty else { continue }
                keywords[words.joined(separator: " ")] = keywords[words.joined(separator: " ")] ?? index
                longest = max(longest, words.count)
            }
        }
        byShortcode = codes
        byKeyword = keywords
        longestKeyword = longest
    }

    /// The directory shipped with the product.
    public static let standard: MerchantDirectory = {
        do {
            let file = try JSONDecoder().decode(File.self, from: Data(PackageResources.merchant_directory_json))
            return MerchantDirectory(sources: file.sources, merchants: file.merchants)
        } catch {
            preconditionFailure("merchant-directory.json does not decode: \(error)")
        }
    }()

    /// The merchant behind `input`: by its shortcode first, then by keywords in the counterparty's name. A merchant
    /// whose category is an expense is not matched on money coming in (a refund from a supermarket is not groceries).
    public func match(_ input: CategorizationInput) -> Match? {
        if let code = input.shortcode, let index = byShortcode[code], fits(merchants[index], input.direction) {
            return Match(merchant: merchants[index], evidence: .shortcode(code))
        }
        guard let name = input.counterpartyName, !name.isEmpty else { return nil }
        let words = Self.words(TextFolding.normalized(name))
        guard !words.isEmpty else { return nil }
        for length in stride(from: min(longestKeyword, words.count), through: 1, by: -1) {
            for start in 0...(words.count - length) {
                let phrase = words[start..<(start + length)].joined(separator: " ")
                if let index = byKeyword[phrase], fits(merchants[index], input.direction) {
                    return Match(merchant: merchants[index], evidence: .keyword(phrase))
                }
            }
        }
        return nil
    }

    private func fits(_ merchant: Merchant, _ direction: Direction) -> Bool {
        let group = DefaultTaxonomy.bySlug[merchant.category]?.group
        return direction == .out ? group == .expense : group == .income
    }

    /// Words of a folded name: letters, digits, `&` and `'` kept; everything else separates.
    static func words(_ folded: String) -> [String] {
        folded.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "&" || $0 == "'") }).map(String.init)
    }
}
