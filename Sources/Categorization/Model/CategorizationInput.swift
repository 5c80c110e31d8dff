import MPesaCore

/// What the categorizer looks at in one transaction: the parser's reading of it (kind, direction, counterparty) and
/// the raw Details, amount and Nairobi wall time.
public struct CategorizationInput: Sendable, Hashable, Codable {
    /// The caller's identity of the transaction (the parser's `receipt:line` identity); echoed in results.
    public var id: String
    public var kind: TransactionKind
    public var direction: Direction
    /// A positive magnitude in cents.
    public var amountCents: Int64
    public var details: String
    public var counterpartyName: String?
    public var counterpartyPhone: String?
    public var shortcode: String?
    public var accountReference: String?
    public var localTime: LocalDateTime?

    public init(
        id: String, kind: TransactionKind, direction: Direction, amountCents: Int64, details: String, counterpartyName: String? = nil,
        counterpartyPhone: String? = nil, shortcode: String? = nil, accountReference: String? = nil, localTime: LocalDateTime? = nil
    ) {
        self.id = id
        self.kind = kind
        self.direction = direction
        self.amountCents = amountCents
        self.details = details
        self.counterpartyName = counterpartyName
        self.counterpartyPhone = counterpartyPhone
        self.shortcode = shortcode
        self.accountReference = accountReference
        self.localTime = localTime
    }

    /// The same transaction from a parser's counterparty.
    public init(id: String, kind: TransactionKind, direction: Direction, amountCents: Int64, details: String, counterparty: Counterparty?, localTime: LocalDateTime?) {
        self.init(
            id: id, kind: kind, direction: direction, amountCents: amountCents, details: details, counterpartyName: counterparty?.name,
            counterpartyPhone: counterparty?.phone, shortcode: counterparty?.shortcode, accountReference: counterparty?.accountReference, localTime: localTime
        )
    }

    /// Who the other side is, for learning and suggestions: the shortcode when there is one (a paybill or till is one
    /// merchant whatever name is printed), otherwise the normalised name, otherwise the masked phone.
    public var counterpartyKey: String? {
        if let shortcode, !shortcode.isEmpty { return "code:\(shortcode)" }
        if let name = counterpartyName.map(TextFolding.normalized), !name.isEmpty { return "name:\(name)" }
        if let phone = counterpartyPhone, !phone.isEmpty { return "phone:\(phone)" }
        return nil
    }

    /// 0 = Sunday … 6 = Saturday, from the Nairobi wall time.
    public var weekday: Int? {
        localTime.map { Int(((($0.ordinal / 86_400) + 4) % 7 + 7) % 7) }
    }
}
