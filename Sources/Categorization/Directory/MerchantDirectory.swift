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
    /// Hash of a keyword's words (upper case, single spaces) → merchant and the keyword itself (to rule out a
    /// hash collision).
    private let byKeyword: [UInt64: (merchant: Int, keyword: [UInt8])]
    private let longestKeyword: Int

    public init(sources: [Source], merchants: [Merchant]) {
        self.sources = sources
        self.merchants = merchants
        var codes: [String: Int] = [:]
        var keywords: [UInt64: (merchant: Int, keyword: [UInt8])] = [:]
        var longest = 1
        for (index, merchant) in merchants.enumerated() {
            for code in merchant.paybills + merchant.tills { codes[code] = codes[code] ?? index }
            for keyword in merchant.keywords {
                let words = Self.words(TextFolding.normalized(keyword))
                guard !words.isEmpty else { continue }
                let bytes = Array(words.joined(separator: " ").utf8)
                let hash = Self.hash(bytes[...])
                if keywords[hash] == nil { keywords[hash] = (index, bytes) }
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
        // The name's words as upper-case bytes separated by single spaces, then every run of up to
        // `longestKeyword` words looked up by hash, longest first: no String per n-gram.
        let folded: [UInt8] = name.utf8.allSatisfy { $0 < 128 } ? Self.foldASCII(name) : Array(Self.words(TextFolding.normalized(name)).joined(separator: " ").utf8)
        var starts: [Int] = []
        var ends: [Int] = []
        var index = 0
        while index < folded.count {
            while index < folded.count, folded[index] == 32 { index += 1 }
            guard index < folded.count else { break }
            starts.append(index)
            while index < folded.count, folded[index] != 32 { index += 1 }
            ends.append(index)
        }
        guard !starts.isEmpty else { return nil }
        for length in stride(from: min(longestKeyword, starts.count), through: 1, by: -1) {
            for first in 0...(starts.count - length) {
                let phrase = folded[starts[first]..<ends[first + length - 1]]
                guard let entry = byKeyword[Self.hash(phrase)], entry.keyword.elementsEqual(phrase), fits(merchants[entry.merchant], input.direction) else { continue }
                return Match(merchant: merchants[entry.merchant], evidence: .keyword(String(decoding: phrase, as: UTF8.self)))
            }
        }
        return nil
    }

    /// Upper-cases ASCII letters and turns every byte that cannot be in a word into one space (as `words` splits).
    private static func foldASCII(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            let isLower = byte >= 97 && byte <= 122
            let isWord = isLower || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 38 || byte == 39
            if !isWord {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(32)
                pendingSpace = false
            }
            output.append(isLower ? byte - 32 : byte)
        }
        return output
    }

    private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
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
