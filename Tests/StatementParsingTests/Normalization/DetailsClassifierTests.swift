import MPesaCore
import StatementParsing
import Testing

/// The Details catalogue of the formats reference (§1.10, §2.1), anonymised as there.
@Suite("Details classifier")
struct DetailsClassifierTests {
    struct Case: Sendable, CustomStringConvertible {
        var details: String
        var direction: Direction
        var kind: TransactionKind
        var name: String?
        var phone: String?
        var shortcode: String?
        var account: String?
        var description: String { details }
    }

    static let catalogue: [Case] = [
        Case(details: "Customer Transfer to - 2547******123 JOHN DOE", direction: .out, kind: .sendMoney, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Customer Transfer to 2547******123 JOHN DOE", direction: .out, kind: .sendMoney, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Customer Transfer Fuliza MPesa to - 07******456 JOHN DOE", direction: .out, kind: .sendMoney, name: "JOHN DOE", phone: "07******456"),
        Case(details: "Funds received from - 2547******789 JANE DOE", direction: .in, kind: .receiveMoney, name: "JANE DOE", phone: "2547******789"),
        Case(details: "Funds Received from 7000002 - JOHN DOE", direction: .in, kind: .receiveMoney, name: "JOHN DOE", shortcode: "7000002"),
        Case(details: "Send Money Reversal via API to - 2547******123 JOHN DOE", direction: .out, kind: .reversal, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Send Money Reversal via API from - 2547******123 JOHN DOE", direction: .in, kind: .reversal, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Loan Payments to - 2547******123 JOHN DOE", direction: .in, kind: .receiveMoney, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Customer Payment to Small Business to - 2547******123 JOHN DOE", direction: .out, kind: .pochi, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Customer Send Money to Micro SME Business with Fuliza MPesa to - 2547******123 JOHN DOE", direction: .out, kind: .pochi, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Small Business Payment to Customer via API from - 2547******123 JOHN DOE", direction: .in, kind: .pochi, name: "JOHN DOE", phone: "2547******123"),
        Case(details: "Pay Bill to 888880 - KPLC PREPAID Acc. 54401234567", direction: .out, kind: .paybill, name: "KPLC PREPAID", shortcode: "888880", account: "54401234567"),
        Case(details: "Pay Bill Online to 522522 - KCB Paybill AC Acc. 1107654321", direction: .out, kind: .paybill, name: "KCB Paybill AC", shortcode: "522522", account: "1107654321"),
        Case(details: "Pay Bill Online to 4034615 GLADYS TECHNOLOGIES LIMITED Acc. STREAMS OF", direction: .out, kind: .paybill, name: "GLADYS TECHNOLOGIES LIMITED", shortcode: "4034615", account: "STREAMS OF"),
        Case(details: "Pay Bill Fuliza M-Pesa to 4109505 - BYTECH CREDIT LIMITED C2B Acc. ACC123", direction: .out, kind: .paybill, name: "BYTECH CREDIT LIMITED C2B", shortcode: "4109505", account: "ACC123"),
        Case(details: "Pay Bill Online Fuliza M-Pesa to 333713 - FACOM VENTURES 1 Acc. X1", direction: .out, kind: .paybill, name: "FACOM VENTURES 1", shortcode: "333713", account: "X1"),
        Case(details: "Card Pay Bill Online to 903470 - M-PESA GlobalPay Acc. SPOTIFY AB      STOCKHOLM SE", direction: .out, kind: .paybill, name: "M-PESA GlobalPay", shortcode: "903470", account: "SPOTIFY AB STOCKHOLM SE"),
        Case(details: "Pay Bill to 888880 - KPLC PREPAID Acc.", direction: .out, kind: .paybill, name: "KPLC PREPAID", shortcode: "888880"),
        Case(details: "Pay Utility Reversal by Lipa na KCB\\KCBAPIINITIATOR1", direction: .in, kind: .reversal),
        Case(details: "Merchant Payment to 7000001 - JOHN DOE 1", direction: .out, kind: .buyGoods, name: "JOHN DOE 1", shortcode: "7000001"),
        Case(details: "Merchant Payment Online to 573067 - NAIVAS LANG'ATA", direction: .out, kind: .buyGoods, name: "NAIVAS LANG'ATA", shortcode: "573067"),
        Case(details: "Merchant Payment Fuliza M-Pesa to 568190 - KOKO NETWORKS LTD.", direction: .out, kind: .buyGoods, name: "KOKO NETWORKS LTD.", shortcode: "568190"),
        Case(details: "Merchant Payment Fuliza M-Pesa Online to 609641 - TINGG CELLULANT AIRTIME 1", direction: .out, kind: .buyGoods, name: "TINGG CELLULANT AIRTIME 1", shortcode: "609641"),
        Case(details: "Merchant Customer Payment from 6000001 - JOHN DOE", direction: .in, kind: .receiveMoney, name: "JOHN DOE", shortcode: "6000001"),
        Case(details: "Customer Withdrawal At Agent Till 232218 - Neypart Gituamba Shopping center STEVE SHOP Agg", direction: .out, kind: .agentWithdrawal, name: "Neypart Gituamba Shopping center STEVE SHOP Agg", shortcode: "232218"),
        Case(details: "Customer Withdrawal at Agent Till with Fuliza to 2067829 - Casha Marketeers LTD Demtilas Shop", direction: .out, kind: .agentWithdrawal, name: "Casha Marketeers LTD Demtilas Shop", shortcode: "2067829"),
        Case(details: "Deposit of Funds at Agent Till 2067829 - Casha Marketeers LTD Demtilas Shop", direction: .in, kind: .agentDeposit, name: "Casha Marketeers LTD Demtilas Shop", shortcode: "2067829"),
        Case(details: "Airtime Purchase", direction: .out, kind: .airtimeBundles),
        Case(details: "Airtime Purchase For Other with Fuliza", direction: .out, kind: .airtimeBundles),
        Case(details: "Customer Bundle Purchase to 826915Safaricom Offers by - 2547******123 JOHN DOE", direction: .out, kind: .airtimeBundles, name: "Safaricom Offers", shortcode: "826915"),
        Case(details: "Customer Bundle Purchase with Fuliza to 244441SAFARICOM POSTPAID BUNDLES by - 2547******123 JOHN DOE", direction: .out, kind: .airtimeBundles, name: "SAFARICOM POSTPAID BUNDLES", shortcode: "244441"),
        Case(details: "Recharge for Customer to 150501SAFARICOMHOME by 2547******123 JOHN DOE", direction: .out, kind: .airtimeBundles, name: "SAFARICOMHOME", shortcode: "150501"),
        Case(details: "Buy Bundles Online", direction: .out, kind: .airtimeBundles),
        Case(details: "OD Loan Repayment to 232323 - M-PESA Overdraw", direction: .out, kind: .fulizaRepayment, name: "M-PESA Overdraw", shortcode: "232323"),
        Case(details: "M-Shwari Deposit", direction: .out, kind: .savingsDeposit, name: "M-Shwari"),
        Case(details: "M-Shwari Withdraw", direction: .in, kind: .savingsWithdrawal, name: "M-Shwari"),
        Case(details: "M-Shwari Loan", direction: .in, kind: .loanDisbursement, name: "M-Shwari"),
        Case(details: "M-Shwari Loan Repayment", direction: .out, kind: .loanRepayment, name: "M-Shwari"),
        Case(details: "KCB M-PESA Deposit", direction: .out, kind: .savingsDeposit, name: "KCB M-PESA"),
        Case(details: "KCB M-PESA Target First Deposit", direction: .out, kind: .savingsDeposit, name: "KCB M-PESA"),
        Case(details: "KCB M-PESA Withdraw", direction: .in, kind: .savingsWithdrawal, name: "KCB M-PESA"),
        Case(details: "Business Payment from 300600 - Equity Bulk Account via API. Original conversation ID is EQ123", direction: .in, kind: .businessPayment, name: "Equity Bulk Account", shortcode: "300600"),
        Case(details: "Business Payment from 4009051 - CELLIPAY LIMITED", direction: .in, kind: .businessPayment, name: "CELLIPAY LIMITED", shortcode: "4009051"),
        Case(details: "Salary Payment from 504900 NCBA BANK via API. Original conversation ID is FTC9", direction: .in, kind: .salaryPayment, name: "NCBA BANK", shortcode: "504900"),
        Case(details: "Promotion Payment from 7680394 - COCA-COLA PROMO", direction: .in, kind: .promotionPayment, name: "COCA-COLA PROMO", shortcode: "7680394"),
        Case(details: "Offnet B2C Transfer by 966888AIRTEL MONEY via API to - 2547******123 JOHN DOE", direction: .in, kind: .receiveMoney, name: "AIRTEL MONEY", shortcode: "966888"),
        Case(details: "Pay Bill from 2547****111 - ALICE WANJIRU EXAMPLE Acc. alice", direction: .in, kind: .paybill, name: "ALICE WANJIRU EXAMPLE", phone: "2547****111", account: "alice"),
        Case(details: "Pay Bill Online from 07****222 - Bob Sample Acc. bob shop", direction: .in, kind: .paybill, name: "Bob Sample", phone: "07****222", account: "bob shop"),
        Case(details: "Merchant Pay Utility Received from 1234567 - FAKE AUTO TECH Acc. dave", direction: .in, kind: .paybill, name: "FAKE AUTO TECH", shortcode: "1234567", account: "dave"),
        Case(details: "FSI to Pay Bill by 999002 - MOCK BANK LTD - BANK TO TILL Acc. Frank via WEB by MOCK BANK LTD - BANK TO TILL\\B2BUser1", direction: .in, kind: .paybill, name: "MOCK BANK LTD - BANK TO TILL", shortcode: "999002", account: "Frank"),
        Case(details: "Utility Account to Organization Settlement Account", direction: .out, kind: .settlement),
        Case(details: "Agency Withdrawal of funds to Bank", direction: .out, kind: .settlement),
        Case(details: "", direction: .out, kind: .other),
        Case(details: "Something Safaricom invents next year", direction: .out, kind: .other),
    ]

    @Test("every Details string of the catalogue gets its kind and counterparty", arguments: catalogue)
    func catalogueEntry(_ entry: Case) {
        let result = DetailsClassifier.classify(TextNormalization.collapse(entry.details), direction: entry.direction)
        #expect(result.kind == entry.kind)
        #expect(result.role == .primary)
        if let name = entry.name { #expect(result.counterparty?.name == name) }
        if let phone = entry.phone { #expect(result.counterparty?.phone == phone) }
        if let shortcode = entry.shortcode { #expect(result.counterparty?.shortcode == shortcode) }
        #expect(result.counterparty?.accountReference == entry.account)
    }

    @Test("charges and overdraft credits are recognised as legs, not payments", arguments: [
        ("Customer Transfer of Funds Charge", DetailsClassifier.Role.charge(.transfer)),
        ("Pay Bill Charge", .charge(.paybill)),
        ("Pay Merchant Charge", .charge(.merchant)),
        ("Withdrawal Charge", .charge(.withdrawal)),
        ("OverDraft of Credit Party", .overdraft),
        ("Overdraft of Credit Party", .overdraft),
    ])
    func legs(details: String, role: DetailsClassifier.Role) {
        #expect(DetailsClassifier.classify(details, direction: .out).role == role)
    }

    @Test("case and asterisk glyphs do not matter")
    func normalisation() {
        let collapsed = TextNormalization.collapse("customer   transfer TO - 2547\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}123\nJOHN  DOE")
        let result = DetailsClassifier.classify(collapsed, direction: .out)
        #expect(result.kind == .sendMoney)
        #expect(result.counterparty?.phone == "2547******123")
        #expect(result.counterparty?.name == "JOHN DOE")
    }

    @Test("wrapped lines join with a space, except a word broken after a letter and a hyphen")
    func wrapping() {
        #expect(TextNormalization.joinWrapped(["Pay Bill to 000 - Co-", "operative Bank Acc. 1"]) == "Pay Bill to 000 - Co-operative Bank Acc. 1")
        #expect(TextNormalization.joinWrapped(["OD Loan Repayment to 232323 -", "M-PESA Overdraw"]) == "OD Loan Repayment to 232323 - M-PESA Overdraw")
        #expect(TextNormalization.joinWrapped(["Airtime Purchase For Other with", "Fuliza"]) == "Airtime Purchase For Other with Fuliza")
    }
}
