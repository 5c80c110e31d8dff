import MPesaCore

/// A transaction as a statement prints it, with the category a careful bookkeeper would give it: the training data
/// of the categorizer's global model.
public struct LabelledTransaction: Sendable, Hashable {
    public var details: String
    public var direction: Direction
    public var amountCents: Int64
    public var localTime: LocalDateTime
    public var category: String

    public init(details: String, direction: Direction, amountCents: Int64, localTime: LocalDateTime, category: String) {
        self.details = details
        self.direction = direction
        self.amountCents = amountCents
        self.localTime = localTime
        self.category = category
    }
}

/// Generates labelled transactions in every Details form of the formats reference, for every category of the
/// default taxonomy, from its own pools of Kenyan merchants, people and account references.
///
/// The evaluation set (Benchmarks/data/categorization-eval.jsonl) is written by a separate script with separate name
/// pools, so accuracy measured there is accuracy on merchants the model never saw.
public enum LabelledTransactionGenerator {
    public static func generate(seed: UInt64, count: Int) -> [LabelledTransaction] {
        var random = SeededRandom(seed: seed)
        var output: [LabelledTransaction] = []
        output.reserveCapacity(count)
        let templates = Templates.all
        while output.count < count {
            let template = random.weighted(templates.map { ($0, $0.weight) })
            output.append(template.make(&random))
        }
        return output
    }

    struct Template: Sendable {
        var weight: Double
        var make: @Sendable (inout SeededRandom) -> LabelledTransaction
    }

    enum Templates {
        static var all: [Template] {
            [
                // Income
                t(9, "sales", .in, 50...30_000) { r in "Funds received from - \(phone(&r)) \(person(&r))" },
                t(2, "sales", .in, 50...20_000) { r in "Pay Bill from \(phone(&r)) - \(person(&r)) Acc. \(r.pick(invoiceRefs))\(r.next() % 900 + 100)" },
                t(1, "sales", .in, 50...20_000) { r in "Merchant Customer Payment from \(code(&r)) - \(person(&r))" },
                t(1, "sales", .in, 50...20_000) { r in "Small Business Payment to Customer via API from - \(phone(&r)) \(person(&r))" },
                t(1.5, "sales", .in, 200...80_000) { r in
                    let (c, n) = r.pick(aggregators)
                    return "Business Payment from \(c) - \(n) via API. Original conversation ID is \(conversation(&r))"
                },
                t(2, "transfers_in", .in, 1_000...300_000) { r in
                    let (c, n) = r.pick(banksB2C)
                    return "Business Payment from \(c) - \(n) via API. \(r.chance(0.1) ? "Orginal" : "Original") conversation ID is \(conversation(&r))"
                },
                t(0.6, "transfers_in", .in, 100...50_000) { r in "Offnet B2C Transfer by 966888AIRTEL MONEY via API to - \(phone(&r)) \(person(&r))" },
                t(0.8, "transfers_in", .in, 100...30_000) { r in r.pick(["M-Shwari Withdraw", "KCB M-PESA Withdraw", "M-Shwari Withdraw", "KCB M-PESA Target Withdraw"]) },
                t(0.5, "transfers_in", .in, 100...30_000) { r in "Send Money Reversal via API from - \(phone(&r)) \(person(&r))" },
                t(0.4, "transfers_in", .in, 500...80_000) { r in "Small Business Withdrawal from Business Account to MPESA Account by - \(phone(&r)) \(person(&r))" },
                t(3, "loans_in", .in, 50...5_000) { _ in "OverDraft of Credit Party" },
                t(0.8, "loans_in", .in, 500...30_000) { r in r.pick(["M-Shwari Loan", "KCB M-PESA Loan"]) },
                t(1.2, "loans_in", .in, 500...50_000) { r in
                    let (c, n) = r.pick(lendersB2C)
                    return "Business Payment from \(c) - \(n) via API. Original conversation ID is \(conversation(&r))"
                },
                t(2, "cash_deposit", .in, 100...70_000) { r in "Deposit of Funds at Agent Till \(code(&r)) - \(r.pick(agentNames))" },
                t(0.8, "other_income", .in, 20_000...200_000) { r in
                    let (c, n) = r.pick(employers)
                    return "Salary Payment from \(c) - \(n) via API. Original conversation ID is \(conversation(&r))"
                },
                t(0.4, "other_income", .in, 50...5_000) { r in "Promotion Payment from \(code(&r)) - \(r.pick(promotions))" },
                // Expenses by paybill and till, from pools of merchants named the way M-PESA prints them
                merchants("inventory", 5, 500...150_000, suppliers),
                merchants("rent", 1.5, 5_000...120_000, landlords, accounts: rentRefs),
                t(0.8, "salaries", .out, 5_000...400_000) { r in
                    let (c, n) = r.pick(payroll)
                    return "Pay Bill Online to \(c) - \(n) Acc. \(r.pick(payrollRefs))"
                },
                t(0.6, "salaries", .out, 1_000...40_000) { r in "Pay Bill to \(code(&r)) - \(r.pick(["STAFF WELFARE", "\(person(&r))", "PAYROLL ACCOUNT", "CASUALS"])) Acc. \(r.pick(payrollRefs))" },
                merchants("transport", 3, 100...12_000, transportMerchants),
                merchants("utilities", 3, 100...15_000, utilityMerchants),
                t(2, "airtime_data", .out, 10...3_000) { r in r.pick(["Airtime Purchase", "Airtime Purchase with Fuliza", "Airtime Purchase For Other", "Buy Bundles Online"]) },
                t(1.5, "airtime_data", .out, 20...5_000) { r in
                    "Customer Bundle Purchase\(r.chance(0.3) ? " with Fuliza" : "") to \(r.pick(["826915Safaricom Offers", "244441SAFARICOM POSTPAID BUNDLES", "826915SAFARICOM DATA BUNDLES"])) by - \(phone(&r)) \(person(&r))"
                },
                t(0.5, "airtime_data", .out, 20...2_000) { r in "Merchant Payment Online to \(code(&r)) - \(r.pick(["TINGG CELLULANT AIRTIME 1", "AIRTIME DEALER \(r.pick(lastNames))", "SAFARICOM AIRTIME"]))" },
                t(3, "loan_repayment", .out, 50...5_000) { _ in "OD Loan Repayment to 232323 - M-PESA Overdraw" },
                t(0.6, "loan_repayment", .out, 500...30_000) { r in r.pick(["M-Shwari Loan Repayment", "KCB M-PESA Loan Repayment"]) },
                merchants("loan_repayment", 1.5, 200...60_000, lenderPaybills),
                t(3, "fees_charges", .out, 5...120) { r in r.pick(["Customer Transfer of Funds Charge", "Pay Bill Charge", "Pay Merchant Charge", "Withdrawal Charge"]) },
                merchants("tax", 1, 200...200_000, governmentPaybills),
                t(1.5, "savings", .out, 100...50_000) { r in r.pick(["M-Shwari Deposit", "KCB M-PESA Deposit", "KCB M-PESA Target Deposit", "KCB M-PESA Target First Deposit"]) },
                merchants("savings", 1.2, 500...100_000, savingsPaybills),
                t(2.5, "cash_withdrawal", .out, 100...70_000) { r in
                    "Customer Withdrawal \(r.chance(0.5) ? "At" : "at") Agent Till \(r.chance(0.2) ? "with Fuliza to " : "")\(code(&r)) - \(r.pick(agentNames))"
                },
                merchants("food_groceries", 4, 50...15_000, foodMerchants),
                merchants("health", 1.2, 100...50_000, healthMerchants),
                merchants("education", 1.2, 1_000...120_000, schoolPaybills, accounts: studentRefs),
                merchants("betting", 1.5, 10...5_000, bettingPaybills),
                t(0.7, "subscriptions", .out, 300...3_000) { r in "Card Pay Bill Online to 903470 - M-PESA GlobalPay Acc. \(r.pick(subscriptionMerchants))" },
                merchants("subscriptions", 0.5, 300...3_000, subscriptionPaybills),
                t(6, "personal_transfers", .out, 50...30_000) { r in "Customer Transfer \(r.chance(0.3) ? "Fuliza MPesa " : "")to - \(phone(&r)) \(person(&r))" },
                t(0.8, "other", .out, 50...10_000) { r in
                    r.chance(0.7) ? "Customer Payment to Small Business to - \(phone(&r)) \(person(&r))"
                        : "Customer Send Money to Micro SME Business with Fuliza MPesa to - \(phone(&r)) \(person(&r))"
                },
                merchants("other", 1.5, 50...20_000, otherMerchants),
            ]
        }

        static func t(_ weight: Double, _ category: String, _ direction: Direction, _ shillings: ClosedRange<Int64>, _ details: @escaping @Sendable (inout SeededRandom) -> String) -> Template {
            Template(weight: weight) { random in
                let text = details(&random)
                let amount = random.shillings(median: Double(shillings.lowerBound) * 4, spread: 0.9, range: shillings)
                return LabelledTransaction(details: text, direction: direction, amountCents: amount, localTime: time(&random), category: category)
            }
        }

        /// Paybill and till payments to one of `names`, in every printed variant (Online, Fuliza, Card, till).
        static func merchants(_ category: String, _ weight: Double, _ shillings: ClosedRange<Int64>, _ names: [String], accounts: [String]? = nil) -> Template {
            t(weight, category, .out, shillings) { r in
                let name = r.pick(names)
                let shortcode = code(&r)
                if r.chance(0.55) {
                    let modifier = (r.chance(0.4) ? " Online" : "") + (r.chance(0.2) ? " Fuliza M-Pesa" : "")
                    let account = accounts.map { r.pick($0) } ?? r.pick(genericAccounts)
                    return "Pay Bill\(modifier) to \(shortcode) - \(name) Acc. \(account)"
                }
                let modifier = (r.chance(0.25) ? " Fuliza M-Pesa" : "") + (r.chance(0.4) ? " Online" : "")
                return "Merchant Payment\(modifier) to \(shortcode) - \(name)"
            }
        }

        static func time(_ random: inout SeededRandom) -> LocalDateTime {
            LocalDateTime(year: 2025, month: Int(random.next() % 12) + 1, day: Int(random.next() % 28) + 1, hour: 6 + Int(random.next() % 16), minute: Int(random.next() % 60), second: Int(random.next() % 60))!
        }

        static func phone(_ random: inout SeededRandom) -> String {
            let tail = String(format3(Int(random.next() % 1000)))
            return random.pick(["2547******\(tail)", "07******\(tail)", "01******\(tail)", "2541******\(tail)"])
        }

        static func format3(_ value: Int) -> String { value < 10 ? "00\(value)" : (value < 100 ? "0\(value)" : "\(value)") }

        static func code(_ random: inout SeededRandom) -> String { String(100_000 + random.next() % 8_900_000) }

        static func conversation(_ random: inout SeededRandom) -> String { "\(random.pick(["EQ", "FTC", "AG_", "NCBA"]))\(random.next() % 1_000_000_000)" }

        static func person(_ random: inout SeededRandom) -> String {
            random.chance(0.85) ? "\(random.pick(firstNames)) \(random.pick(lastNames))" : random.pick(firstNames)
        }

        static let firstNames = [
            "WAMBUI", "KIPCHOGE", "ATIENO", "MWENDE", "NJOROGE", "AKOTH", "BARASA", "CHEBET", "DAUDI", "ESTHER", "FRANCIS", "GLADYS", "HALIMA",
            "ISAAC", "JOYCE", "KHADIJA", "LEONARD", "MAUREEN", "NELSON", "OLIVIA", "PATRICK", "RUTH", "SIMON", "TABITHA", "VICTOR", "WINNIE",
            "YUSUF", "ZAWADI", "Brenda", "Collins", "Dorcas", "Edwin",
        ]
        static let lastNames = [
            "KARIUKI", "ONYANGO", "WAFULA", "CHERUIYOT", "MUGO", "ADHIAMBO", "KILONZO", "NDERITU", "OCHIENG", "WANYAMA", "KEMUNTO", "LANGAT",
            "MURIUKI", "NYAGA", "OTIENDE", "SITATI", "GITAU", "ABDULLAHI", "Mwangi", "Kosgei",
        ]
        static let invoiceRefs = ["INV", "ORDER", "CUST", "SALE", "TABLE", "ROOM", "DELIVERY", "BAL"]
        static let aggregators = [
            ("4009051", "CELLIPAY LIMITED"), ("898989", "PESAPAL LIMITED"), ("511777", "JUMIA KENYA PAYOUTS"), ("7676767", "GLOVO KENYA PAYOUT"),
            ("4105411", "BOLT DRIVER PAYOUTS"), ("529901", "IPAY LIMITED"), ("3004101", "DPO PAYMENTS KENYA"), ("4082181", "KOPOKOPO SETTLEMENT"),
        ]
        static let banksB2C = [
            ("300600", "Equity Bulk Account"), ("501901", "KCB 1"), ("504900", "NCBA BANK"), ("540404", "CO-OPERATIVE BANK OF KENYA"),
            ("303030", "ABSA BANK KENYA PLC"), ("600222", "STANBIC BANK"), ("542542", "I&M BANK LIMITED- APP"), ("222111", "FAMILY BANK LIMITED"),
            ("516600", "DIAMOND TRUST BANK"), ("880100", "NCBA LOOP"),
        ]
        static let lendersB2C = [
            ("6060047", "TALA KENYA"), ("4146021", "BRANCH MICROFINANCE"), ("1000107", "ZENKA DIGITAL LTD"), ("4130011", "HUSTLER FUND"),
            ("3027511", "OKASH LOANS"), ("7070702", "ZASH LENDING LIMITED"), ("902200", "TIMIZA LOAN"), ("505100", "MOGO AUTO LOANS"),
        ]
        static let employers = [
            ("334700", "PREMIER KENYA LIMITED"), ("504900", "NCBA BANK"), ("717100", "TWIGA FOODS LIMITED"), ("600700", "COUNTY GOVERNMENT PAYROLL"),
        ]
        static let promotions = ["COCA-COLA PROMO", "SAFARICOM BONGA PROMO", "KENYA BREWERIES PROMO", "EABL REWARDS"]
        static let agentNames = [
            "Neypart Gituamba Shopping center STEVE SHOP Agg", "Mwalimu Agencies Githurai 45", "JOSKA AGENCIES Kitengela Main Stage",
            "Blessed Comm. Kisumu Kondele", "UZURI ENTERPRISES Mombasa Mwembe Tayari agg", "Wamama Shop Nyeri Town", "Mlolongo Mpesa Point",
        ]
        static let suppliers = [
            "BIDCO AFRICA LTD", "UNGA LIMITED", "BROOKSIDE DAIRY LTD", "KAPA OIL REFINERIES", "PWANI OIL PRODUCTS", "MENENGAI OIL REFINERIES",
            "KEROCHE DISTRIBUTORS", "JAMII WHOLESALERS", "ELGON WHOLESALE DEPOT", "MAJID AL FUTTAIM SUPPLIERS", "SAMEER AGRICULTURE SUPPLIES",
            "TUSKYS WHOLESALE", "MUTHAIGA DISTRIBUTORS LTD", "NAKURU GENERAL SUPPLIES", "KIBUYE MARKET TRADERS", "OMEGA HARDWARE LTD",
            "HARDWARE CENTRE THIKA", "JUMBO CASH AND CARRY", "RIVERSIDE PACKAGING SUPPLIES", "PROCTER AND ALLAN DISTRIBUTORS",
            "KENAFRIC INDUSTRIES", "MAFUTA WHOLESALERS", "AGROVET SUPPLIES", "GIKOMBA TEXTILES", "CHANDARANA WHOLESALE",
        ]
        static let landlords = [
            "KILELESHWA HEIGHTS APARTMENTS", "LLOYD MASIKA PROPERTIES", "VILLA CARE PROPERTY MANAGEMENT", "ZAMANI ESTATE AGENTS", "RONGAI COURT APARTMENTS",
            "SAKA PROPERTIES LTD", "DIAMOND PROPERTY MERCHANTS", "BAMBURI RENTALS", "MWANGAZA PLAZA MANAGEMENT", "HEKIMA REAL ESTATE",
        ]
        static let rentRefs = ["RENT NOV", "HSE B4", "RENT", "APT 12 RENT", "SHOP 7 RENT", "HOUSE 21", "RENT DEPOSIT", "STALL 3 RENT"]
        static let payroll = [("4045555", "WORKPAY AFRICA"), ("889900", "PAYROLL KENYA LTD"), ("500300", "SEAMLESS HR PAYROLL"), ("770077", "BULK PAY SOLUTIONS")]
        static let payrollRefs = ["SALARY NOV", "WAGES", "PAYROLL", "STAFF SALARY", "CASUALS WAGES", "SALARIES OCT"]
        static let transportMerchants = [
            "RUBIS ENERGY KAREN", "SHELL SERVICE STATION THIKA RD", "OLA ENERGY MOMBASA RD", "TOTALENERGIES KITENGELA", "HASS PETROLEUM",
            "GULF ENERGY STATION", "ASTROL PETROL STATION", "SUPER METRO SACCO", "EMBASSAVA SACCO", "2NK SACCO", "MOLOLINE SERVICES",
            "EASY COACH", "MASH POA COACH", "BOLT KENYA", "UBER KENYA", "LITTLE CAB", "G4S COURIER", "WELLS FARGO COURIER", "KENYA RAILWAYS SGR",
            "FUEL STATION NAIVASHA", "PETROL STATION KIAMBU",
        ]
        static let utilityMerchants = [
            "KPLC PREPAID", "KPLC POSTPAID", "NAIROBI CITY WATER", "MOMBASA WATER SUPPLY", "NAKURU WATER", "SAFARICOMHOME", "ZUKU", "DSTV KENYA",
            "GOTV KENYA", "STARTIMES", "K-GAS REFILL", "PROGAS KENYA", "JAMII TELECOM FAIBA", "KIWASCO", "NYEWASCO", "POA INTERNET",
        ]
        static let lenderPaybills = [
            "TALA", "BRANCH INTERNATIONAL", "ZENKA LOANS", "OKASH", "HUSTLER FUND REPAYMENT", "KCB M-PESA LOAN REPAY", "FAULU MICROFINANCE LOAN",
            "KWFT LOAN REPAYMENT", "PLATINUM CREDIT", "MOGO KENYA", "WATU CREDIT", "BYTECH CREDIT LIMITED C2B",
        ]
        static let governmentPaybills = [
            "KRA", "KENYA REVENUE AUTHORITY", "ECITIZEN", "NAIROBI CITY COUNTY", "KIAMBU COUNTY REVENUE", "NTSA", "BUSINESS PERMIT COUNTY",
            "MOMBASA COUNTY GOVERNMENT", "NSSF", "HOUSING LEVY KRA",
        ]
        static let savingsPaybills = [
            "STIMA SACCO", "MWALIMU NATIONAL SACCO", "KENYA POLICE SACCO", "CIC MONEY MARKET FUND", "SANLAM UNIT TRUST", "BRITAM MONEY MARKET",
            "ETICA CAPITAL MMF", "ZIIDI MMF", "UNAITAS SACCO SAVINGS", "HAZINA SACCO", "CHAMA SAVINGS ACCOUNT", "NABO CAPITAL FUND",
        ]
        static let foodMerchants = [
            "NAIVAS SUPERMARKET", "QUICKMART LTD", "CARREFOUR TWO RIVERS", "CHANDARANA FOODPLUS", "MAGUNAS SUPERMARKET", "CLEANSHELF SUPERMARKET",
            "EASTMATT SUPERMARKET", "MATHAI SUPERMARKET", "MAMA OKETCH GROCERY", "KAMAU BUTCHERY", "FRESH MILK BAR", "KENCHIC INN", "JAVA HOUSE",
            "ARTCAFFE", "CHICKEN INN", "GALITOS", "PIZZA INN", "KFC KENYA", "MBOGA FRESH MARKET", "WAKULIMA VEGETABLES", "MUTURA JOINT",
            "HOTEL BARAKA RESTAURANT", "BAKERY DELIGHTS",
        ]
        static let healthMerchants = [
            "GOODLIFE PHARMACY", "HAVEN PHARMACY", "PORTAL PHARMACY", "NAIROBI HOSPITAL", "AGA KHAN HOSPITAL", "MP SHAH HOSPITAL", "KENYATTA NATIONAL HOSPITAL",
            "MATER HOSPITAL", "AAR HEALTHCARE", "AFYA CLINIC", "MEDICROSS CLINIC", "SOCIAL HEALTH AUTHORITY SHA", "NHIF", "DENTAL CARE CENTRE",
            "LANCET LABORATORIES", "PATHCARE KENYA", "CHEMIST RONGAI", "KAREN HOSPITAL",
        ]
        static let schoolPaybills = [
            "STRATHMORE UNIVERSITY", "UNIVERSITY OF NAIROBI", "KENYATTA UNIVERSITY", "MOI UNIVERSITY", "HELB", "ALLIANCE HIGH SCHOOL",
            "BROOKHOUSE SCHOOL", "ST AUSTINS ACADEMY", "RIARA SCHOOLS", "KAREN C SCHOOL", "MANGU HIGH SCHOOL", "MOUNT KENYA ACADEMY",
            "KCA UNIVERSITY", "ZETECH UNIVERSITY", "KENYA SCHOOL OF GOVERNMENT", "PCEA PRIMARY SCHOOL", "TECHNICAL TRAINING INSTITUTE",
        ]
        static let studentRefs = ["ADM 4521", "FEES TERM 1", "SCHOOL FEES", "REG 2291", "STUDENT 88123", "TUITION", "FEES", "BUS FEES"]
        static let bettingPaybills = [
            "SportPesa", "BETIKA", "ODIBETS", "MOZZART BET", "BETWAY KENYA", "SHABIKI", "1XBET KENYA", "BETIN KENYA", "KWIKBET", "BANGBET",
            "SPORTYBET", "HELABET", "BETLION", "CHEZACASH", "LOTTO KENYA",
        ]
        static let subscriptionMerchants = [
            "SPOTIFY AB STOCKHOLM SE", "NETFLIX.COM LOS GATOS NL", "GOOGLE YOUTUBE PREMIUM", "APPLE.COM/BILL CORK IE", "MICROSOFT 365 DUBLIN",
            "CANVA PTY SYDNEY", "AMAZON PRIME", "OPENAI CHATGPT SAN FRANCISCO",
        ]
        static let subscriptionPaybills = ["SHOWMAX", "NETFLIX", "SPOTIFY", "BOOMPLAY MUSIC", "YOUTUBE PREMIUM", "VIUSASA"]
        static let genericAccounts = ["ACC1", "MAIN", "PAYMENT", "\(100_000 + 123)", "NOV", "BAL", "A12", "ORDER 55", ""]
        static let otherMerchants = [
            "KAMAU SALON AND BARBER", "SMART DRY CLEANERS", "MAKUTI BAR AND LOUNGE", "CHURCH TITHE PCEA", "JAMBO PHOTO STUDIO", "FURNITURE PALACE",
            "TIMBER YARD KITUI", "GARAGE AUTO REPAIRS", "SHOE PALACE", "PHONE REPAIR SHOP", "JOHN DOE 1", "MAMA PIMA", "WAMBUGU MOTORS",
            "BEAUTY PARLOUR", "GIFT SHOP", "TAILORS AND DESIGNERS",
        ]
    }
}
