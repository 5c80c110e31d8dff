/// Realistic (and fictional) Kenyan people, merchants, paybills, agents and employers for generated statements.
enum NamePools {
    static let firstNames = [
        "JOHN", "MARY", "PETER", "GRACE", "JAMES", "FAITH", "DAVID", "MERCY", "JOSEPH", "ANN", "SAMUEL", "JANE", "DANIEL",
        "ESTHER", "PAUL", "LUCY", "KEVIN", "BRIAN", "CAROLINE", "DENNIS", "EUNICE", "FELIX", "IRENE", "MOSES", "NANCY",
        "OSCAR", "PURITY", "STEPHEN", "VIOLET", "WILSON", "ZIPPORAH", "ABDI", "FATUMA", "HASSAN", "AMINA",
    ]
    static let lastNames = [
        "KAMAU", "WANJIKU", "OTIENO", "ACHIENG", "MUTUA", "NJERI", "KIPROTICH", "CHEPKOECH", "OMONDI", "WAMBUI", "MWANGI",
        "ODHIAMBO", "KIBET", "MUTHONI", "NDUNGU", "AKINYI", "KARANJA", "NYAMBURA", "WERE", "JUMA", "HUSSEIN", "MOHAMED",
        "NG'ANG'A", "O'NEILL", "KORIR", "MAINA",
    ]
    static let tills: [(String, String)] = [
        ("573067", "NAIVAS LANG'ATA"), ("568190", "KOKO NETWORKS LTD."), ("609641", "TINGG CELLULANT AIRTIME 1"),
        ("5008141", "QUICKMART KILIMANI"), ("881924", "CARREFOUR JUNCTION"), ("7000001", "MAMA PIMA GROCERS"),
        ("512409", "TOTALENERGIES RIARA"), ("650190", "JAVA HOUSE ABC PLACE"), ("4040112", "CHANDARANA FOODPLUS"),
        ("763456", "SHELL WESTLANDS"), ("920311", "KAMAU HARDWARE AND GENERAL STORES"), ("2131010", "GOODLIFE PHARMACY"),
    ]
    static let paybills: [(code: String, name: String, account: String, chargeCents: Int64)] = [
        ("888880", "KPLC PREPAID", "54401234567", 0), ("888888", "KPLC POSTPAID", "2345678-01", 0),
        ("522522", "KCB Paybill AC", "1107654321", 0), ("247247", "Equity Paybill Account", "0180291234567", 0),
        ("4109505", "BYTECH CREDIT LIMITED C2B", "0712NNN345", 1500), ("333713", "FACOM VENTURES 1", "INV2291", 1500),
        ("290290", "Betika", "BK778812", 0), ("444900", "DSTV KENYA", "7022991100", 0), ("572572", "KRA", "KRA2026A91234", 0),
        ("444400", "NAIROBI WATER", "ACC-119283", 0), ("150501", "SAFARICOMHOME", "HOME-559201", 0), ("320320", "ZUKU", "Z-882211", 0),
        ("4016891", "WHOLESALE DISTRIBUTORS LTD", "SUP-4421", 0), ("7171717", "BIDCO AFRICA LTD", "DLR-10293", 0),
    ]
    static let agents: [(String, String)] = [
        ("232218", "Neypart Gituamba Shopping center STEVE SHOP Agg"), ("2067829", "Casha Marketeers LTD Demtilas Shop"),
        ("164654", "Neovilla Management Ltd Jubilee Shop Kithimani mkt"), ("518202", "TUKO NET LIMITED Ernest enterprises shop"),
        ("330011", "Mtaani Agencies Kawangware Stage"),
    ]
    static let employers: [(String, String, String)] = [
        ("Salary", "334700", "PREMIER KENYA LIMITED"), ("Business", "300600", "Equity Bulk Account"), ("Business", "501901", "KCB 1"),
        ("Business", "4009051", "CELLIPAY LIMITED"), ("Promotion", "7680394", "COCA-COLA PROMO"),
    ]
    static let businessNames = [
        "MAMA MBOGA SUPPLIES", "JIJENGE HARDWARE", "UPENDO SALON AND SPA", "BARAKA ELECTRONICS", "NEEMA BOUTIQUE",
        "TUMAINI AGROVET", "FAITH MINIMART", "SHUJAA AUTO SPARES",
    ]
}
