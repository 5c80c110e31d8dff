/// One tenant's categories: the defaults (with the tenant's names) plus the tenant's own, without archived ones.
public struct Taxonomy: Sendable {
    public private(set) var categories: [CategoryDefinition]
    private var index: [String: Int]

    public init(categories: [CategoryDefinition]) {
        self.categories = categories
        self.index = Dictionary(categories.enumerated().map { ($0.element.slug, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    public static let standard = Taxonomy(categories: DefaultTaxonomy.categories)

    public func contains(_ slug: String) -> Bool { index[slug] != nil }

    public subscript(slug: String) -> CategoryDefinition? { index[slug].map { categories[$0] } }
}
