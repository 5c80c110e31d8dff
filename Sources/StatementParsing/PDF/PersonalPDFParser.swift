import Foundation

/// A personal statement PDF, end to end: poppler extraction out of process, layout, normalisation and
/// reconciliation.
public struct PersonalPDFParser: Sendable {
    public var extractor: PDFTextExtractor

    public init(extractor: PDFTextExtractor = PDFTextExtractor()) {
        self.extractor = extractor
    }

    public func parse(_ pdf: Data, password: String?) async throws(StatementParseError) -> ParsedStatement {
        StatementAssembler.assemble(try await read(pdf, password: password))
    }

    /// The rows as printed, before normalisation and reconciliation.
    public func read(_ pdf: Data, password: String?) async throws(StatementParseError) -> RawStatement {
        let document = try await extractor.extract(pdf, password: password)
        let raw = try PersonalStatementLayout.read(document)
        guard !raw.rows.isEmpty || raw.summary != nil else {
            throw .notAStatement("the statement table has no rows")
        }
        return raw
    }
}
