/// What reconciliation concluded about one uploaded statement, and the days it covers.
struct StatementVerdict: Sendable, Hashable, Codable {
    var statementId: String
    /// `consistent`, `inconsistent` or `unverifiable`.
    var verdict: String
    /// `YYYY-MM-DD`.
    var periodStart: String
    /// `YYYY-MM-DD`.
    var periodEnd: String
}
