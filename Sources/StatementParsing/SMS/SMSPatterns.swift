import MPesaCore
/// The SMS confirmation templates of the formats reference §3, compiled once.
///
/// Patterns run on whitespace-collapsed text and are case-insensitive (Safaricom writes `Confirmed` and
/// `confirmed`, `M-PESA` and `M-Pesa`), except where a receipt's capitals matter. `SMSMessageReader` picks the
/// one template a body can be from its first words and anchors it at the start of the body (the text after
/// `<receipt> Confirmed.`).
enum SMSPatterns {
    /// An amount after `Ksh`: digits with optional thousands separators and up to two decimals.
    static let amount = #"([0-9][0-9,]*(?:\.[0-9]{1,2})?)"#
    /// `Ksh`, `Ksh ` (Fuliza messages) or `Ksh.` (`Transaction cost Ksh.0.00`).
    static let ksh = #"Ksh\.? ?"#
    /// `on d/M/yy at h:mm AM`: six groups (day, month, year, hour, minute, AM/PM).
    static let dateTime = #"on (\d{1,2})/(\d{1,2})/(\d{2,4}) at (\d{1,2}):(\d{2}) ?([AP]M)"#
    static let mpesa = "M-?PESA"
    /// A name, account or agent: at most 300 characters, so hostile megabyte-long "names" fail fast instead of
    /// feeding the counterparty patterns quadratic work. Real ones are under 100.
    static let party = "(.{1,300}?)"

    // MARK: - Notices (messages without a receipt header)

    static let declinedReversal = SMSPattern(
        #"Dear Customer,? the recipient has declined reversal (?:of )?transaction ([A-Z0-9]{8,12}) of \#(ksh)\#(amount) \#(dateTime)"#
    )
    static let failed = SMSPattern(#"Transaction failed\b"#)
    static let failedPayment = SMSPattern(#"cannot complete (?:payment|transaction) of \#(ksh)\#(amount) to \#(party)\.(?: |$)"#)
    static let serviceNotice = SMSPattern(#"\#(mpesa) is currently unable"#)

    // MARK: - Templates (anchored on the body)

    /// `Ksh50.00 sent to JOHN DOE 0712345678 on …` (send money, Pochi, paybill with `for account`).
    static let sent = SMSPattern(#"\#(ksh)\#(amount) sent to \#(party) \#(dateTime)"#)
    /// `Ksh70.00 paid to SHOP NAME. on …` (buy goods); the dot after the name belongs to the template.
    static let paid = SMSPattern(#"\#(ksh)\#(amount) paid to \#(party)\.? \#(dateTime)"#)
    /// `You have received Ksh300.00 from JOHN DOE 0712121212 on …` (people, banks, B2C, remittances, Pochi).
    static let received = SMSPattern(#"You have received \#(ksh)\#(amount) from \#(party) \#(dateTime)"#)
    /// `on 27/5/26 at 1:16 PMWithdraw Ksh100.00 from 164654 - NAME New M-PESA balance …` (agent withdrawal).
    static let withdraw = SMSPattern(
        #"\#(dateTime) ?,? ?Withdraw \#(ksh)\#(amount) from \#(party)(?= ?\.? ?New \#(mpesa) balance| ?\.? ?Transaction cost)"#
    )
    /// `On 28/3/26 at 8:31 AM Give Ksh2,000.00 cash to NAME New M-PESA balance …` (agent deposit).
    static let deposit = SMSPattern(#"\#(dateTime) ?,? ?Give \#(ksh)\#(amount) cash to \#(party)(?= ?\.? ?New \#(mpesa) balance|\.? *$)"#)
    /// `You bought Ksh25.00 of airtime for 0712345678 on …` (the `for` part only when bought for another number).
    static let airtime = SMSPattern(#"You bought \#(ksh)\#(amount) of airtime(?: for (\S+))? \#(dateTime)"#)
    /// `Ksh50.00 transferred to M-Shwari account on …`, `Ksh… transfered from KCB M-PESA account on …`.
    static let savingsTransfer = SMSPattern(
        #"\#(ksh)\#(amount) transfer{1,2}ed (to|from) (?:your )?(M-Shwari|KCB \#(mpesa))(?: Saving)? account \#(dateTime)"#
    )
    /// `You have transfered Ksh… from your KCB M-PESA account on …`.
    static let savingsWithdrawal = SMSPattern(
        #"You have transfer{1,2}ed \#(ksh)\#(amount) from (?:your )?(M-Shwari|KCB \#(mpesa))(?: Saving)? account \#(dateTime)"#
    )
    /// `Fuliza M-PESA amount is Ksh 20.00. Access Fee charged Ksh 0.20.` (older: `Interest charged`). The fee is
    /// matched to recognise the template but not kept: it goes onto the Fuliza debt, not out of the wallet.
    static let fulizaDraw = SMSPattern(
        #"Fuliza \#(mpesa) amount is \#(ksh)\#(amount) ?\.? ?(?:Access Fee|Interest) charged \#(ksh)\#(amount)"#
    )
    /// `Ksh 781.02 from your M-PESA has been used to fully pay your outstanding Fuliza M-PESA.`
    static let fulizaRepayment = SMSPattern(
        #"\#(ksh)\#(amount) from your \#(mpesa) has been used to (fully|partially) pay your outstanding Fuliza \#(mpesa)"#
    )
    /// `Reversal of transaction <receipt> has been successfully reversed on … and Ksh30.00 is credited …`.
    static let reversal = SMSPattern(
        #"Reversal of transaction ([A-Z0-9]{8,12}) has been successfully reversed \#(dateTime) and \#(ksh)\#(amount) is (credited|debited)"#
    )
    /// `Your account balance was: M-PESA Account : Ksh… Business Account : Ksh… on … at ….`
    static let balanceQuery = SMSPattern(#"Your account balance was:? ?\#(mpesa) Account ?: ?\#(ksh)\#(amount).*? \#(dateTime)"#)

    // MARK: - Counterparty pieces (whole-match on a name part)

    /// `JOHN DOE 0712345678`, `JOHN DOE 0799***123`, `JOHN DOE 2547******123`, `JOHN DOE 0711 111 111`.
    static let namedPhone = SMSPattern(
        #"(?:(.+?) )?((?:\+?254|0)[0-9]{1,4}\*{2,8}[0-9]{2,4}|(?:\+?254|0)[0-9]{9}|0[0-9]{3} [0-9]{3} [0-9]{3})"#, caseInsensitive: false
    )
    /// `JANE DOE in US via Sendwave` (international remittance).
    static let remittance = SMSPattern(#"(.+?) in ([A-Za-z][A-Za-z .'-]*?) via (.+)"#, caseInsensitive: false)
    /// `BANK OF BARODA KENYA LIMITED 123123` (a B2C shortcode after the name).
    static let namedShortcode = SMSPattern(#"(.+?) ([0-9]{5,7})"#, caseInsensitive: false)
    /// `164654 - Neovilla Management Ltd Jubilee Shop` (agent number before the name).
    static let shortcodeNamed = SMSPattern(#"([0-9]{4,8}) ?- ?(.+)"#, caseInsensitive: false)
    /// Paybill names that are really bundle purchases (`SAFARICOM DATA BUNDLES`, `Safaricom Offers`).
    static let bundleName = SMSPattern(#"BUNDLE|SAFARICOM OFFERS"#)
}
