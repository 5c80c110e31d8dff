/// The outcome of a verified copy: both censuses (equal by construction) and how many rows were written.
public struct RelocationReport: Sendable, Codable, Equatable {
    public var source: TenantCensus
    public var target: TenantCensus
    /// Rows written into the target; 0 when source and target are one home.
    public var copiedRows: Int

    public init(source: TenantCensus, target: TenantCensus, copiedRows: Int) {
        self.source = source
        self.target = target
        self.copiedRows = copiedRows
    }
}
