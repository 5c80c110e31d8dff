import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

/// One real SMS template from §3 of the formats reference, anonymised as the reference does (names, numbers
/// and accounts replaced), with a fabricated receipt whose first three characters encode the message date.
struct SMSSample: Sendable, CustomTestStringConvertible {
    /// What the parser must make of it.
    enum Expected: Sendable {
        /// One transaction with these facts.
        case transaction(SMSTransaction)
        /// No transaction, one finding with this code.
        case finding(String)
    }

    /// The §3 table row the sample comes from.
    var template: String
    var text: String
    var expected: Expected

    var testDescription: String { template }

    var facts: SMSTransaction? {
        if case .transaction(let facts) = expected { return facts }
        return nil
    }
}

/// The §3 samples, every row of the table, with the variants its notes mention.
enum SMSSamples {
    static func t(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) -> LocalDateTime { SMSFixtures.time(y, mo, d, h, mi) }

    static func tx(
        _ receipt: String, _ time: LocalDateTime, _ kind: TransactionKind, _ direction: Direction, _ amount: Int64, fee: Int64 = 0,
        balance: Int64?, _ counterparty: Counterparty?, reversed: String? = nil
    ) -> SMSSample.Expected {
        .transaction(
            SMSTransaction(
                receipt: receipt, localTime: time, kind: kind, direction: direction, amountCents: amount, feeCents: fee,
                balanceCents: balance, counterparty: counterparty, reversedReceipt: reversed
            )
        )
    }

    static let fuliza = Counterparty(kind: .telco, name: "Fuliza M-PESA")

    static let all: [SMSSample] = [
        SMSSample(
            template: "Send money",
            text: "SJK6H7T3GA Confirmed. Ksh50.00 sent to JOHN DOE 0712345678 on 20/10/24 at 6:27 PM. New M-PESA balance is Ksh123.12. Transaction cost, Ksh0.00.  Amount you can transact within the day is 499,745.00. Earn interest daily on Ziidi MMF,Dial *334#",
            expected: tx("SJK6H7T3GA", t(2024, 10, 20, 18, 27), .sendMoney, .out, 5_000, balance: 12_312, Counterparty(kind: .person, name: "JOHN DOE", phone: "0712345678"))
        ),
        SMSSample(
            template: "Send money (spaced number)",
            text: "SJK7Q2W3ER Confirmed. Ksh150.00 sent to JOHN DOE 0711 111 111 on 20/10/24 at 7:02 AM. New M-PESA balance is Ksh1,120.00. Transaction cost, Ksh7.00.",
            expected: tx("SJK7Q2W3ER", t(2024, 10, 20, 7, 2), .sendMoney, .out, 15_000, fee: 700, balance: 112_000, Counterparty(kind: .person, name: "JOHN DOE", phone: "0711 111 111"))
        ),
        SMSSample(
            template: "Send to Pochi (no phone)",
            text: "UHF4K2L9QZ Confirmed. Ksh30.00 sent to JANE DOE on 15/8/26 at 7:19 PM. New M-PESA balance is Ksh661.03. Transaction cost, Ksh0.00.",
            expected: tx("UHF4K2L9QZ", t(2026, 8, 15, 19, 19), .pochi, .out, 3_000, balance: 66_103, Counterparty(kind: .person, name: "JANE DOE"))
        ),
        SMSSample(
            template: "Pay Bill",
            text: "TJK6H7T3GA Confirmed. Ksh1000.00 sent to Equity Paybill Account for account 123123 on 20/10/25 at 4:26 PM New M-PESA balance is Ksh123.12. Transaction cost, Ksh23.00.Amount you can transact within the day is 499,795.00. Save frequent paybills for quick payment on M-PESA app https://bit.ly/mpesalnk",
            expected: tx("TJK6H7T3GA", t(2025, 10, 20, 16, 26), .paybill, .out, 100_000, fee: 2_300, balance: 12_312, Counterparty(kind: .paybill, name: "Equity Paybill Account", accountReference: "123123"))
        ),
        SMSSample(
            template: "Pay Bill (utility)",
            text: "UE4M8N2B7V Confirmed. Ksh50.00 sent to KPLC PREPAID for account 37194628501 on 4/5/26 at 8:23 PM New M-PESA balance is Ksh3,170.78. Transaction cost, Ksh0.00.",
            expected: tx("UE4M8N2B7V", t(2026, 5, 4, 20, 23), .paybill, .out, 5_000, balance: 317_078, Counterparty(kind: .paybill, name: "KPLC PREPAID", accountReference: "37194628501"))
        ),
        SMSSample(
            template: "Bundles via paybill",
            text: "UGIK3J9D2S Confirmed. Ksh15.00 sent to SAFARICOM DATA BUNDLES for account SAFARICOM DATA BUNDLES on 18/7/26 at 11:03 PM. New M-PESA balance is Ksh88.00. Transaction cost, Ksh0.00.",
            expected: tx("UGIK3J9D2S", t(2026, 7, 18, 23, 3), .airtimeBundles, .out, 1_500, balance: 8_800, Counterparty(kind: .telco, name: "SAFARICOM DATA BUNDLES", accountReference: "SAFARICOM DATA BUNDLES"))
        ),
        SMSSample(
            template: "M-PESA GlobalPay card",
            text: "UILM5T1R8P Confirmed. Ksh22,801.78 sent to M-PESA CARD for account AMAZON RETAIL            +1401XXXXXXX US on 21/9/26 at 2:22 AM New M-PESA balance is Ksh1,951.72. Transaction cost, Ksh0.00.",
            expected: tx("UILM5T1R8P", t(2026, 9, 21, 2, 22), .paybill, .out, 2_280_178, balance: 195_172, Counterparty(kind: .paybill, name: "M-PESA CARD", accountReference: "AMAZON RETAIL +1401XXXXXXX US"))
        ),
        SMSSample(
            template: "Buy goods",
            text: "SJK6H7T3GB Confirmed. Ksh70.00 paid to SHOP NAME. on 20/10/24 at 4:21 PM.New M-PESA balance is Ksh123.12. Transaction cost, Ksh0.00. Amount you can transact within the day is 499,895.00. Save frequent Tills for quick payment on M-PESA app https://bit.ly/mpesalnk",
            expected: tx("SJK6H7T3GB", t(2024, 10, 20, 16, 21), .buyGoods, .out, 7_000, balance: 12_312, Counterparty(kind: .till, name: "SHOP NAME"))
        ),
        SMSSample(
            template: "Buy goods (name ending in 1.)",
            text: "SJK8D4F6GH Confirmed. Ksh1,250.00 paid to JOHN DOE 1. on 20/10/24 at 9:45 AM.New M-PESA balance is Ksh4,871.12. Transaction cost, Ksh0.00.",
            expected: tx("SJK8D4F6GH", t(2024, 10, 20, 9, 45), .buyGoods, .out, 125_000, balance: 487_112, Counterparty(kind: .till, name: "JOHN DOE 1"))
        ),
        SMSSample(
            template: "Received (person)",
            text: "SJF9K2M4NP Confirmed.You have received Ksh300.00 from JOHN DOE 0712121212 on 15/10/24 at 12:16 PM  New M-PESA balance is Ksh123.12. Earn interest daily on Ziidi MMF,Dial *334#",
            expected: tx("SJF9K2M4NP", t(2024, 10, 15, 12, 16), .receiveMoney, .in, 30_000, balance: 12_312, Counterparty(kind: .person, name: "JOHN DOE", phone: "0712121212"))
        ),
        SMSSample(
            template: "Received (person, masked number)",
            text: "UF5C7V1B3N Confirmed.You have received Ksh1,500.00 from JOHN DOE 0799***123 on 5/6/26 at 12:04 AM New M-PESA balance is Ksh2,000.00.",
            expected: tx("UF5C7V1B3N", t(2026, 6, 5, 0, 4), .receiveMoney, .in, 150_000, balance: 200_000, Counterparty(kind: .person, name: "JOHN DOE", phone: "0799***123"))
        ),
        SMSSample(
            template: "Received (bank/B2C)",
            text: "SJE6L8K2J4 Confirmed.You have received Ksh3,000.00 from BANK OF BARODA KENYA LIMITED 123123 on 14/10/24 at 7:16 PM New M-PESA balance is Ksh123.12.  Separate personal and business funds through Pochi la Biashara on *334#.",
            expected: tx("SJE6L8K2J4", t(2024, 10, 14, 19, 16), .businessPayment, .in, 300_000, balance: 12_312, Counterparty(kind: .business, name: "BANK OF BARODA KENYA LIMITED", shortcode: "123123"))
        ),
        SMSSample(
            template: "Received (bank/B2C, no shortcode)",
            text: "UCQ2Z8X6C4 Confirmed.You have received Ksh5,000.00 from NCBA BANK on 26/3/26 at 5:21 PM. New M-PESA balance is Ksh5,100.00.",
            expected: tx("UCQ2Z8X6C4", t(2026, 3, 26, 17, 21), .businessPayment, .in, 500_000, balance: 510_000, Counterparty(kind: .business, name: "NCBA BANK"))
        ),
        SMSSample(
            template: "Received (bank/B2C, name ending in a digit)",
            text: "UCR5H3G1F9 Confirmed.You have received Ksh2,500.00 from KCB 1 501901 on 27/3/26 at 10:00 AM New M-PESA balance is Ksh7,600.00.",
            expected: tx("UCR5H3G1F9", t(2026, 3, 27, 10, 0), .businessPayment, .in, 250_000, balance: 760_000, Counterparty(kind: .business, name: "KCB 1", shortcode: "501901"))
        ),
        SMSSample(
            template: "Received (remittance)",
            text: "UEUL4P7O2I confirmed. You have received Ksh12,852.00 from JANE DOE in US via Sendwave on 30/5/26 at 8:06 PM. New M-PESA balance is Ksh12,852.00.",
            expected: tx("UEUL4P7O2I", t(2026, 5, 30, 20, 6), .receiveMoney, .in, 1_285_200, balance: 1_285_200, Counterparty(kind: .person, name: "JANE DOE"))
        ),
        SMSSample(
            template: "Pochi received (owner)",
            text: "UHGM6Y3T8R Confirmed.You have received Ksh100.00 from JOHN DOE on 16/8/26 at 10:37 PM New Pochi balance is Ksh1,660.00. To access your funds, Dial *334#,select Pochi la Biashara & Withdraw funds.",
            expected: tx("UHGM6Y3T8R", t(2026, 8, 16, 22, 37), .pochi, .in, 10_000, balance: nil, Counterparty(kind: .person, name: "JOHN DOE"))
        ),
        SMSSample(
            template: "Withdraw (agent)",
            text: "UERM2E5W8Q Confirmed.on 27/5/26 at 1:16 PMWithdraw Ksh100.00 from 164654 - Neovilla Management Ltd Jubilee Shop Kithimani mkt New M-PESA balance is Ksh153.06. Transaction cost, Ksh11.00.",
            expected: tx("UERM2E5W8Q", t(2026, 5, 27, 13, 16), .agentWithdrawal, .out, 10_000, fee: 1_100, balance: 15_306, Counterparty(kind: .agent, name: "Neovilla Management Ltd Jubilee Shop Kithimani mkt", shortcode: "164654"))
        ),
        SMSSample(
            template: "Deposit (agent)",
            text: "UCSM9A1S4D Confirmed. On 28/3/26 at 8:31 AM Give Ksh2,000.00 cash to TUKO NET LIMITED Ernest enterprises shop elgons building New M-PESA balance is Ksh2,419.87.",
            expected: tx("UCSM9A1S4D", t(2026, 3, 28, 8, 31), .agentDeposit, .in, 200_000, balance: 241_987, Counterparty(kind: .agent, name: "TUKO NET LIMITED Ernest enterprises shop elgons building"))
        ),
        SMSSample(
            template: "Deposit (agent, 2013 form)",
            text: "HG3KD82JS1 Confirmed. on 3/7/13 at 9:07 AM Give Ksh1,000.89 cash to JOHN DOE SHOP Kasarani New M-PESA balance is Ksh1,500.00.",
            expected: tx("HG3KD82JS1", t(2013, 7, 3, 9, 7), .agentDeposit, .in, 100_089, balance: 150_000, Counterparty(kind: .agent, name: "JOHN DOE SHOP Kasarani"))
        ),
        SMSSample(
            template: "Airtime (self)",
            text: "UF4K7J2H5G confirmed.You bought Ksh5.00 of airtime on 4/6/26 at 10:57 PM.New M-PESA balance is Ksh5.00. Transaction cost, Ksh0.00.",
            expected: tx("UF4K7J2H5G", t(2026, 6, 4, 22, 57), .airtimeBundles, .out, 500, balance: 500, Counterparty(kind: .telco, name: "Safaricom"))
        ),
        SMSSample(
            template: "Airtime (other)",
            text: "UHMM3L6K9J confirmed.You bought Ksh25.00 of airtime for 0722000111 on 22/8/26 at 2:59 PM.New balance is Ksh60.03. Transaction cost, Ksh0.00.",
            expected: tx("UHMM3L6K9J", t(2026, 8, 22, 14, 59), .airtimeBundles, .out, 2_500, balance: 6_003, Counterparty(kind: .telco, name: "Safaricom", phone: "0722000111"))
        ),
        SMSSample(
            template: "M-Shwari in",
            text: "UHEM5B8N1M Confirmed.Ksh50.00 transferred to M-Shwari account on 14/8/26 at 10:02 PM. M-PESA balance is Ksh811.03 .New M-Shwari saving account balance is Ksh2,619.07. Transaction cost Ksh.0.00",
            expected: tx("UHEM5B8N1M", t(2026, 8, 14, 22, 2), .savingsDeposit, .out, 5_000, balance: 81_103, Counterparty(kind: .bank, name: "M-Shwari"))
        ),
        SMSSample(
            template: "M-Shwari out",
            text: "UHDM2V4C6X Confirmed.Ksh1,000.00 transferred from M-Shwari account on 13/8/26 at 1:09 PM. M-Shwari balance is Ksh2,569.07 .M-PESA balance is Ksh1,031.03 .Transaction cost Ksh.0.00",
            expected: tx("UHDM2V4C6X", t(2026, 8, 13, 13, 9), .savingsWithdrawal, .in, 100_000, balance: 103_103, Counterparty(kind: .bank, name: "M-Shwari"))
        ),
        SMSSample(
            template: "KCB M-PESA in (transfered)",
            text: "UF9Z1X3C5V Confirmed. Ksh500.00 transfered to KCB M-PESA account on 9/6/26 at 8:15 AM. New M-PESA balance is Ksh1,200.00. New KCB M-PESA balance is Ksh3,500.00. Transaction cost, Ksh0.00.",
            expected: tx("UF9Z1X3C5V", t(2026, 6, 9, 8, 15), .savingsDeposit, .out, 50_000, balance: 120_000, Counterparty(kind: .bank, name: "KCB M-PESA"))
        ),
        SMSSample(
            template: "KCB M-PESA out (transferred)",
            text: "UFAB7N9M2Q Confirmed. You have transferred Ksh2,000.00 from your KCB M-PESA account on 10/6/26 at 6:40 PM. new KCB M-PESA Saving account balance is Ksh1,500.00. New M-PESA balance is Ksh3,200.00.",
            expected: tx("UFAB7N9M2Q", t(2026, 6, 10, 18, 40), .savingsWithdrawal, .in, 200_000, balance: 320_000, Counterparty(kind: .bank, name: "KCB M-PESA"))
        ),
        SMSSample(
            template: "Balance query",
            text: "UFB4R6T8Y1 Confirmed. Your account balance was: M-PESA Account : Ksh1,234.00 Business Account : Ksh0.00 on 11/6/26 at 9:00 AM. Transaction cost, Ksh0.00.",
            expected: .finding("balance_query")
        ),
        SMSSample(
            template: "Reversal (credit)",
            text: "UF7M3K5J7H confirmed. Reversal of transaction UF7M1A2S3D has been successfully reversed on 7/6/26 at 5:56 PM and Ksh30.00 is credited to your M-PESA account. New M-PESA account balance is Ksh1,956.99.",
            expected: tx("UF7M3K5J7H", t(2026, 6, 7, 17, 56), .reversal, .in, 3_000, balance: 195_699, nil, reversed: "UF7M1A2S3D")
        ),
        SMSSample(
            template: "Reversal (debit)",
            text: "UF8P2L4K6J confirmed. Reversal of transaction UF7Q9W8E7R has been successfully reversed on 8/6/26 at 9:10 AM and Ksh450.00 is debited from your M-PESA account. New M-PESA account balance is Ksh1,506.99.",
            expected: tx("UF8P2L4K6J", t(2026, 6, 8, 9, 10), .reversal, .out, 45_000, balance: 150_699, nil, reversed: "UF7Q9W8E7R")
        ),
        SMSSample(
            template: "Reversal declined",
            text: "Dear Customer, the recipient has declined reversal transaction TIG5H7J9K1 of Ksh1,150.00 on 16/9/25 at 9:41 PM. Your M-PESA balance is Ksh1,575.10.",
            expected: .finding("reversal_declined")
        ),
        SMSSample(
            template: "Fuliza draw",
            text: "UG7P4D6F8G Confirmed. Fuliza M-PESA amount is Ksh 20.00. Access Fee charged Ksh 0.20. Total Fuliza M-PESA outstanding amount is Ksh90.88 due on 01/08/26. To check daily charges, Dial *334#OK Select Query Charges",
            expected: tx("UG7P4D6F8G", t(2026, 7, 7, 0, 0), .fulizaDraw, .in, 2_000, balance: nil, fuliza)
        ),
        SMSSample(
            template: "Fuliza draw (older: interest, balance)",
            text: "SB5K8L2M4N Confirmed. Fuliza M-Pesa amount is Ksh 500.00. Interest charged Ksh 0.59. Total Fuliza M-Pesa outstanding amount is Ksh 500.59 due on 04/03/24. New M-PESA balance is Ksh970.00. To check daily charges, Dial *234*0#OK Select Query Charges",
            expected: tx("SB5K8L2M4N", t(2024, 2, 5, 0, 0), .fulizaDraw, .in, 50_000, balance: 97_000, fuliza)
        ),
        SMSSample(
            template: "Fuliza repay (fully)",
            text: "UGAQ5W7E9R Confirmed. Ksh 781.02 from your M-PESA has been used to fully pay your outstanding Fuliza M-PESA. Available Fuliza M-PESA limit is Ksh 800.00. Your M-PESA balance is 1218.98.",
            expected: tx("UGAQ5W7E9R", t(2026, 7, 10, 0, 0), .fulizaRepayment, .out, 78_102, balance: 121_898, fuliza)
        ),
        SMSSample(
            template: "Fuliza repay (partially, 2020 line break after the code)",
            text: "OK12AB34CD\nConfirmed. Ksh 100.00 from your M-PESA has been used to partially pay your outstanding Fuliza M-PESA. Available Fuliza M-PESA limit is Ksh 500.00. M-PESA balance is Ksh539.57.",
            expected: tx("OK12AB34CD", t(2020, 11, 1, 0, 0), .fulizaRepayment, .out, 10_000, balance: 53_957, fuliza)
        ),
        SMSSample(
            template: "Failed",
            text: "Transaction failed, M-PESA cannot complete payment of Ksh20.00 to Equity Paybill Account. Please try again shortly.",
            expected: .finding("transaction_failed")
        ),
        SMSSample(
            template: "Service notice",
            text: "M-PESA is currently unable to process your request. Please try again later.",
            expected: .finding("mpesa_notice")
        ),
    ]

    static var transactions: [SMSSample] { all.filter { $0.facts != nil } }
    static var notices: [SMSSample] { all.filter { $0.facts == nil } }
    /// Samples whose message prints its own time (everything but the Fuliza notices).
    static var timed: [SMSSample] { transactions.filter { ![.fulizaDraw, .fulizaRepayment].contains($0.facts?.kind) } }
}
