#!/usr/bin/env python3
"""Writes Benchmarks/data/categorization-eval.jsonl, the categorizer's labelled evaluation set.

Every row is one M-PESA statement row as the Details column prints it (the formats of
shared/reference/mpesa-statement-formats.md §1.10), the column its amount sits in, the amount, the completion time and
the category a careful Kenyan bookkeeper would give it from those alone. Rows whose category would be a judgement call
are not generated.

The set is independent of the training data: the model is trained on the Swift LabelledTransactionGenerator, and this
script has its own people, agents, small merchants, account references and wording. Well-known merchants appear here
too, as they do on real statements, either under their real published shortcodes or under their name alone with a
branch till or a shortcode the merchant directory does not know.

Deterministic: random.Random(20261129). Usage: python3 scripts/generate-categorization-eval.py [output path]
"""
import json
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
import random

SEED = 20261129
OUTPUT = Path(__file__).resolve().parent.parent / "Benchmarks/data/categorization-eval.jsonl"

rng = random.Random(SEED)

INCOME = ["sales", "transfers_in", "loans_in", "cash_deposit", "other_income"]
EXPENSES = [
    "inventory", "rent", "salaries", "transport", "utilities", "airtime_data", "loan_repayment", "fees_charges", "tax",
    "savings", "cash_withdrawal", "food_groceries", "health", "education", "betting", "subscriptions",
    "personal_transfers", "other",
]

# Rows per category (about 4,000 in all; every category well above 60).
TARGETS = {
    "sales": 470, "transfers_in": 200, "loans_in": 180, "cash_deposit": 110, "other_income": 100,
    "inventory": 250, "rent": 100, "salaries": 90, "transport": 220, "utilities": 210, "airtime_data": 200,
    "loan_repayment": 200, "fees_charges": 240, "tax": 90, "savings": 150, "cash_withdrawal": 170,
    "food_groceries": 230, "health": 110, "education": 110, "betting": 100, "subscriptions": 90,
    "personal_transfers": 300, "other": 110,
}

# Shortcodes that belong to known merchants: a random "unknown" shortcode never takes one of these.
RESERVED = {
    "888880", "888888", "888899", "444400", "150501", "320320", "444900", "423655", "585858", "568190", "222222",
    "572572", "200222", "200800", "232323", "851900", "998608", "955100", "955700", "290290", "997270", "247247",
    "522522", "400200", "880100", "303030", "329329", "600100", "222111", "547700", "542542", "516600", "111999",
    "985050", "100400", "972900", "333300", "300600", "501901", "504900", "966888", "826915", "244441", "609641",
    "903470", "573067", "334700", "4109505", "333713", "4009051", "7680394",
}

# ----------------------------------------------------------------------------------------------------------------
# People, written the way M-PESA prints registered names (mostly upper case; some apps print title case).

FIRST = [
    "WANJIRU", "NJAMBI", "KERUBO", "MORAA", "NYAWIRA", "WAITHERA", "AWUOR", "ANYANGO", "JEPKOSGEI", "JERONO", "NAFULA",
    "NEKESA", "MUTHEU", "KALEKYE", "SAIDA", "MWANAISHA", "ROSELYN", "BEATRICE", "CYNTHIA", "EVERLYNE", "FLORENCE",
    "GEOFFREY", "HILLARY", "IBRAHIM", "JACKSON", "KENNEDY", "LAWRENCE", "MICHAEL", "NICHOLAS", "PHILIP", "ROBERT",
    "SYLVIA", "TERESIA", "VERONICA", "WYCLIFFE", "ALFRED", "BONIFACE", "CHARLES", "DOMINIC", "ERICK", "FREDRICK",
    "GIDEON", "HUMPHREY", "LILIAN", "SHARON", "CYRUS", "RAHMA", "SALIM", "TIMOTHY", "PENINAH",
]
LAST = [
    "KIMANI", "WAWERU", "GACHERU", "MUCHIRI", "NJOGU", "GATHONI", "WANG'ONDU", "NG'ENO", "KIPLAGAT", "ROTICH", "TANUI",
    "KEMBOI", "OWINO", "OUMA", "OKOTH", "ODERO", "NYARANGI", "MOSE", "ONDIEKI", "MUSYOKA", "MWIKALI", "KYALO", "WEKESA",
    "SIMIYU", "WANJALA", "MUTAI", "ALI", "SHARIFF", "BAKARI", "MWAKIO", "KAZUNGU", "CHARO", "KARISA", "ODUOR", "OMOLLO",
    "MBUGUA", "THUO", "GICHURU", "NYAKUNDI", "OGUTU",
]


def person():
    roll = rng.random()
    if roll < 0.78:
        name = f"{pick(FIRST)} {pick(LAST)}"
    elif roll < 0.92:
        name = f"{pick(FIRST)} {pick(FIRST)} {pick(LAST)}"
    else:
        name = pick(FIRST)
    return casing(name, title=0.12, lower=0.02)


def phone():
    tail = f"{rng.randrange(1000):03d}"
    roll = rng.random()
    if roll < 0.55:
        return f"2547******{tail}"
    if roll < 0.68:
        return f"2541******{tail}"
    if roll < 0.86:
        return f"07******{tail}"
    if roll < 0.95:
        return f"01******{tail}"
    return pick([f"254{rng.randrange(700, 800)}***{tail}", f"0{rng.randrange(110, 116)}***{tail}", f"254{rng.randrange(710, 800)}***{tail}"])


def org_phone():
    """The org portal masks the middle of the payer's number: 2547****111, 25472****108, 07****222."""
    tail = f"{rng.randrange(1000):03d}"
    return pick([f"2547****{tail}", f"2547{rng.randrange(10)}****{tail}", f"07****{tail}", f"01****{tail}"])


# ----------------------------------------------------------------------------------------------------------------
# Helpers

def pick(seq):
    return seq[rng.randrange(len(seq))]


def chance(p):
    return rng.random() < p


def code(digits=None):
    """A shortcode the merchant directory does not know: 5-7 digits."""
    while True:
        n = digits or pick([6, 6, 6, 7, 7, 5])
        value = str(rng.randrange(10 ** (n - 1), 10 ** n))
        if value not in RESERVED:
            return value


def casing(text, title=0.15, lower=0.03):
    roll = rng.random()
    if roll < title:
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))
    if roll < title + lower:
        return text.lower()
    return text


def suffix(name, p=0.15):
    """Organisation names often carry a trailing number on statements: KCB 1, NAIVAS KIKUYU 2."""
    return f"{name} {pick(['1', '1', '2', '3'])}" if chance(p) else name


def paybill(shortcode, name, account, fuliza=0.15, online=0.45, dash=0.97):
    prefix = "Pay Bill" + (" Online" if chance(online) else "") + (" Fuliza M-Pesa" if chance(fuliza) else "")
    separator = " - " if chance(dash) else " "
    tail = f"Acc. {account}" if account else "Acc."
    return f"{prefix} to {shortcode}{separator}{name} {tail}"


def buy_goods(till, name, fuliza=0.2, online=0.35):
    prefix = "Merchant Payment" + (" Fuliza M-Pesa" if chance(fuliza) else "") + (" Online" if chance(online) else "")
    return f"{prefix} to {till} - {name}"


def pay(name, account, p_paybill=0.55, **kwargs):
    """A payment to a merchant known by name only: a paybill with an account, or a till."""
    if chance(p_paybill):
        return paybill(code(), name, account, **kwargs)
    return buy_goods(code(), name)


def conversation_id():
    alphabet = "0123456789abcdef"
    day = (datetime(2025, 1, 1) + timedelta(days=rng.randrange(540))).strftime("%Y%m%d")
    return pick([
        f"AG_{day}_{''.join(pick(alphabet) for _ in range(20))}",
        f"EQ{rng.randrange(10**11, 10**12)}",
        f"FTC{rng.randrange(10**9, 10**10)}",
        f"{''.join(pick('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789') for _ in range(12))}",
    ])


def b2c(kind, shortcode, name, api=0.85):
    dash = " - " if chance(0.95) else " "
    text = f"{kind} Payment from {shortcode}{dash}{name}"
    if chance(api):
        original = "Orginal" if chance(0.12) else "Original"
        text += f" via API. {original} conversation ID is {conversation_id()}"
    return text


def amount(low, high, step=1, cents=False):
    """A positive amount in cents, log-uniform between low and high shillings, rounded to `step` shillings."""
    import math
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    if cents:
        return max(1, int(round(value * 100)))
    shillings = max(step, int(round(value / step)) * step)
    return min(shillings, int(high)) * 100 if shillings > high else shillings * 100


def tariff(value_cents, table):
    shillings = value_cents // 100
    for upper, charge in table:
        if shillings <= upper:
            return charge
    return table[-1][1]


SEND_TARIFF = [(100, 0), (500, 7), (1000, 13), (1500, 23), (2500, 33), (3500, 53), (5000, 57), (7500, 78),
               (10000, 90), (15000, 100), (20000, 105), (250000, 108)]
WITHDRAW_TARIFF = [(100, 11), (2500, 29), (3500, 52), (5000, 69), (7500, 87), (10000, 115), (15000, 167),
                   (20000, 185), (35000, 197), (50000, 278), (250000, 309)]


def local_time():
    start = datetime(2025, 1, 1)
    day = start + timedelta(days=rng.randrange(546))
    hour = pick([6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19,
                 20, 20, 21, 22, 23, 0, 5])
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60)).strftime("%Y-%m-%d %H:%M:%S")


def mess(details):
    """Statement noise: a doubled space now and then (wrapped cells re-joined)."""
    if chance(0.06):
        spaces = [i for i, c in enumerate(details) if c == " "]
        if spaces:
            i = pick(spaces)
            details = details[:i] + "  " + details[i + 1:]
    return details


def account_number(digits):
    return "".join(str(rng.randrange(10)) for _ in range(digits))


def plate():
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    if chance(0.25):
        return f"KM{pick(letters)}{pick(letters)} {rng.randrange(100, 999)}{pick(letters)}"
    return f"K{pick('BCD')}{pick(letters)} {rng.randrange(100, 999)}{pick(letters)}"


MONTHS = ["JAN", "FEB", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUG", "SEPT", "OCT", "NOV", "DEC"]
PLACES = ["RUAKA", "KITENGELA", "RONGAI", "SYOKIMAU", "KAHAWA WENDANI", "UTAWALA", "KASARANI", "EMBAKASI", "THIKA",
          "JUJA", "KIKUYU", "LIMURU", "NGONG", "KISUMU", "ELDORET", "NAKURU", "NYERI", "MERU", "MACHAKOS", "KAKAMEGA",
          "MALINDI", "NAIVASHA", "KERICHO", "EMBU", "KISII", "BUNGOMA", "NANYUKI", "MTWAPA", "DONHOLM", "KAYOLE"]

# ----------------------------------------------------------------------------------------------------------------
# Pools of merchants, this script's own. Each tuple is (name as printed, account references or None for a till).

AGENTS = [
    "Kilimo Bora Agencies Kitengela Agg", "JUHUDI COMM. KAWANGWARE 46", "Mpesa Point Ruiru Bypass",
    "Bidii Ventures Kahawa Sukari Agg", "Rehema Shop Ongata Rongai", "NEW HOPE AGENCIES Kisii Town",
    "Tumaini Electronics Kakamega agg", "Amani Mobile Money Eldoret Main Stage", "SHUJAA COMM. Thika Makongeni",
    "Baraka Enterprises Machakos Town agg", "Wema Agencies Nakuru Free Area", "Kwa Mama Kevo Shop Kayole Junction",
    "Jitegemee Agencies Malindi Mjini", "MWENDE STORES Kitui Kalundu", "Sky Comm. Githunguri Market Agg",
    "Lucky Agencies Embu Majengo", "Faraja Mobile Services Meru Gakoromone", "SAFI AGENCIES Kisumu Nyalenda",
    "Nuru Shop Bungoma Kanduyi agg", "Tegemeo Ventures Nanyuki Likii", "Mtaani Cyber Utawala Benedicta",
    "Glory Comm. Mlolongo Phase 2", "BLESSINGS AGENCIES Kericho Town Agg", "Imani Mini Mart Juja Gachororo",
]

FOOD_TILLS = [
    "MAMA NJERI GROCERS", "WANGARI BUTCHERY", "KWA MUSYOKA BUTCHERY", "ODERO FISH POINT", "KARISA FRESH FISH AND MBOGA",
    "BAKARI SAMAKI STALL", "MWIKALI GREENGROCERS", "JIRANI MINI SUPERMARKET", "KIMANI BUTCHERY AND HOTEL",
    "MAMA OTIS CHAKULA KIBANDA", "SILVERSPOON RESTAURANT", "TAMU TAMU CAFE", "CAFÉ RAHA", "BAHATI HOTEL AND RESTAURANT",
    "MAISHA FRUITS AND VEGETABLES", "NYAWIRA FRESH PRODUCE", "KIPLAGAT MILK BAR", "GACHERU SUPERMARKET",
    "PEMBENI SUPERMARKET-RUAKA", "RUAKA FRESH BUTCHERY", "MAMA'S KITCHEN", "CHAPATI HOUSE NGARA",
    "PILAU CORNER RESTAURANT", "SWAHILI DISHES CAFE MOMBASA", "CRÈME DE LA CRÈME BAKERY", "NYAMA CHOMA JOINT KASARANI",
    "OGUTU MEAT AND POULTRY BUTCHERY", "KAZUNGU MINIMART", "SHALOM MINI SUPERMARKET-KIKUYU", "UJI NA MANDAZI CORNER",
]
FOOD_BRANDS = [  # well-known chains at branch tills the directory does not list
    "NAIVAS KIKUYU", "NAIVAS MOI AVENUE", "NAIVAS SUPERMARKET THIKA", "QUICK MART RUAKA", "QUICKMART EMBAKASI",
    "CARREFOUR THE HUB", "CARREFOUR SARIT", "CHANDARANA YAYA", "CLEANSHELF RUIRU", "MAGUNAS RONGAI",
    "EASTMATT DONHOLM", "FAIRMART SUPERMARKET-KIKUYU", "JAVA HOUSE TRM", "ARTCAFFE WESTGATE", "KFC THIKA ROAD",
    "GALITOS KENYATTA AVE", "CHICKEN INN MOI AVENUE", "PIZZA INN NAKURU", "GILANIS NAKURU", "EASTMATT KITENGELA",
]
FOOD_ACCOUNTS = ["Mama's 🍅 stall", "CHAKULA", "LUNCH", "SUPPER", "ORDER {n}", "{n}", ""]

INVENTORY_BRANDS = [
    "BIDCO AFRICA LIMITED", "BROOKSIDE DAIRY LIMITED", "KAPA OIL REFINERIES LTD", "PWANI OIL PRODUCTS LTD",
    "KEVIAN KENYA LTD", "KENAFRIC INDUSTRIES LIMITED", "UNGA LTD NAKURU DEPOT", "HACO INDUSTRIES KENYA",
    "TWIGA FOODS LTD", "WASOKO KENYA", "CROWN PAINTS KENYA PLC", "BAMBURI CEMENT PLC", "DEVKI STEEL MILLS",
    "MABATI ROLLING MILLS LTD", "KETEPA LTD", "NEW KCC LTD", "GITHUNGURI DAIRY FARMERS", "ALMASI BEVERAGES LTD",
    "KWAL DEPOT MOMBASA RD", "EAST AFRICAN BREWERIES LTD", "UNILEVER KENYA LTD", "MENENGAI OIL REFINERIES LTD",
]
INVENTORY_SMALL = [
    "JUMBO WHOLESALERS", "KARIBU DISTRIBUTORS LTD", "MUTHURWA WHOLESALERS", "ONGATA STOCKISTS",
    "SIMIYU GENERAL WHOLESALE", "KAZUNGU SODA DISTRIBUTORS", "NYANZA FLOUR DISTRIBUTORS", "RIFT VALLEY MILLERS LTD",
    "MWAKIO HARDWARE AND TIMBER", "TANUI HARDWARE", "EMBAKASI HARDWARE SUPPLIES", "SIMBA PACKAGING MANUFACTURERS",
    "BAHARI FISH WHOLESALERS", "LAKE BASIN DISTRIBUTORS", "KIAMBU EGG DISTRIBUTORS", "KERUBO MITUMBA WHOLESALE",
    "SMART CHOICE DISTRIBUTORS", "ELDO BEVERAGES DISTRIBUTORS", "ROTICH STATIONERY WHOLESALERS",
    "TOP STYLE COSMETICS DISTRIBUTORS", "GREENLINE PLASTICS MANUFACTURERS", "KAKAMEGA SUGAR STOCKISTS",
    "MWEA RICE MILLERS", "NJOGU CEREALS WHOLESALE", "PWANI SPICES IMPORTERS", "UMOJA CASH AND CARRY",
]
INVENTORY_ACCOUNTS = ["INV-{n}", "INV {n}", "ORDER {n}", "LPO {n}", "STOCK", "DELIVERY NOTE {n}", "MZIGO", "BIDHAA",
                      "A/C {n}", "SUPPLY {n}", "", "BAL INV {n}", "CRATES {n}"]

# (name, what the payer types as the account): fuel by vehicle, fares by ticket, flights by booking reference.
FUEL_REFS = ["FUEL", "MAFUTA", "{plate}", "{plate}", "DIESEL {plate}", ""]
FARE_REFS = ["FARE", "NAULI", "TICKET {n}", "SEAT {n2}", "{plate}", ""]
TRANSPORT_BRANDS = [(name, FUEL_REFS) for name in [
    "TOTALENERGIES NGONG RD", "TOTALENERGIES KIAMBU RD", "RUBIS THIKA SUPERHIGHWAY", "RUBIS SYOKIMAU", "SHELL KAREN",
    "VIVO ENERGY SHELL LAVINGTON", "OLA ENERGY ATHI RIVER", "KENOL KOBIL KAHAWA", "GALANA OIL MACHAKOS",
    "ASTROL KITENGELA", "GULF ENERGY JUJA", "LAKE OIL KISUMU", "HASS PETROLEUM ELDORET", "HASHI ENERGY GARISSA RD",
]] + [(name, FARE_REFS) for name in [
    "SUPER METRO LTD", "EMBASSAVA SACCO", "CITI HOPPA LTD", "EASY COACH LTD", "ENA COACH", "MODERN COAST EXPRESS",
    "TAHMEED COACH", "NORTH RIFT SHUTTLE", "DREAMLINE EXPRESS", "LITTLE CAB LTD",
]] + [
    ("MADARAKA EXPRESS", ["SGR {n}", "TICKET {n}", "SGR ECONOMY"]), ("KENYA RAILWAYS CORPORATION", ["SGR {n}", "COMMUTER TICKET"]),
    ("JAMBOJET LTD", ["PNR {pnr}", "{pnr}"]), ("KENYA AIRWAYS PLC", ["PNR {pnr}", "{pnr}"]),
    ("MOJA EXPRESSWAY", ["{plate}", "TOLL {plate}"]), ("UBER BV", ["TRIP", "RIDE {n}"]),
]
TRANSPORT_SMALL = [(name, FUEL_REFS) for name in [
    "BARAKA PETROL STATION", "KIMBO SERVICE STATION", "MAGADI ROAD FUEL POINT", "NJOGU FILLING STATION",
    "MWEA PETROL STATION", "RONGAI SERVICE STATION", "GATHONI FUEL CENTRE",
]] + [(name, FARE_REFS) for name in [
    "KIKUYU TRAVELLERS SACCO", "NGONG ROAD SHUTTLE SACCO", "RUIRU EXPRESS TRAVELLERS SACCO", "MWIKI MATATU SACCO",
    "ZURI SHUTTLE SERVICES", "KITENGELA BODABODA SACCO", "ROTICH BODA BODA SACCO", "KISUMU TUKTUK OPERATORS SACCO",
    "NAKURU MOLO TRAVELLERS",
]]

UTILITY_NAMED = [  # name only (no known shortcode)
    ("KIWASCO", "ACC {n}"), ("NAKURU WATER AND SANITATION", "{n}"), ("ELDOWAS", "{n}"), ("MOWASSCO", "MW{n}"),
    ("THIKA WATER AND SEWERAGE", "{n}"), ("NYEWASCO", "{n}"), ("JAMII TELECOMMUNICATIONS LTD", "FAIBA {n}"),
    ("POA INTERNET KENYA", "{n}"), ("KIMATHI GAS REFILL", None), ("MWANAISHA GAS POINT", None),
    ("K-GAS DEPOT RUAKA", None), ("PROGAS DEALER KAYOLE", None), ("AFRIGAS CENTRE MTWAPA", None),
    ("MAJI SAFI WATER KIOSK", None), ("RUIRU JUJA WATER AND SEWERAGE", "{n}"), ("STARLINK KENYA", "{n}"),
]

TAX_NAMED = [
    ("NAIROBI CITY COUNTY", ["SBP-2026-{n}", "PARKING {plate}", "LAND RATES {n}", "SBP {n}"]),
    ("COUNTY GOVERNMENT OF KIAMBU", ["PARKING {plate}", "SINGLE BUSINESS PERMIT", "CESS", "MARKET FEES"]),
    ("MACHAKOS COUNTY REVENUE", ["CESS", "SBP {n}", "MARKET FEES"]),
    ("MOMBASA COUNTY GOVERNMENT", ["SINGLE BUSINESS PERMIT", "PARKING {plate}", "LAND RATES"]),
    ("NAKURU COUNTY REVENUE", ["SBP {n}", "CESS", "PARKING"]),
    ("COUNTY GOVT OF KAJIADO", ["LAND RATES {n}", "BUSINESS PERMIT"]),
    ("KISUMU COUNTY REVENUE", ["MARKET FEES", "SBP {n}"]),
]

HEALTH_BRANDS = [
    "AGA KHAN UNIVERSITY HOSPITAL", "THE NAIROBI HOSPITAL", "M.P. SHAH HOSPITAL", "GERTRUDES CHILDRENS HOSPITAL",
    "MATER MISERICORDIAE HOSPITAL", "KENYATTA NATIONAL HOSPITAL", "AVENUE HEALTHCARE LTD", "PENDA HEALTH KITENGELA",
    "GOODLIFE PHARMACY TRM", "PHARMAPLUS YAYA", "KAREN HOSPITAL", "NAIROBI WEST HOSPITAL", "MEDIHEAL HOSPITAL ELDORET",
    "LANCET LABORATORIES", "AAR HEALTHCARE KENYA",
]
HEALTH_SMALL = [
    "SHALOM PHARMACY", "AFYA BORA CHEMIST", "ST. JUDE MEDICAL CLINIC", "MAISHA DENTAL CLINIC", "TUMAINI NURSING HOME",
    "NEEMA MATERNITY AND NURSING HOME", "KIMANI CHEMIST-GITHURAI", "RUAKA MEDICAL CENTRE", "JERONO EYE CLINIC",
    "UZIMA DIAGNOSTICS LABORATORY", "BORESHA AFYA CLINIC", "SIMIYU DENTAL SURGERY", "MWANGAZA PHARMACY 2",
    "KAYOLE HOSPITAL", "ODUOR CHEMIST", "GRACE HEALTH CENTRE NGONG", "MTWAPA MEDICAL CLINIC", "NURU OPTICIANS",
]
HEALTH_ACCOUNTS = ["PATIENT {n}", "OP NO {n}", "DAWA", "CONSULTATION", "LAB TESTS", "MATERNITY", "IP {n}", "BILL {n}",
                   "DENTAL", "Mtoto clinic", "{n}", ""]

SCHOOLS_BRANDS = [
    "UNIVERSITY OF NAIROBI", "KENYATTA UNIVERSITY", "JKUAT", "STRATHMORE UNIVERSITY", "MOUNT KENYA UNIVERSITY",
    "KCA UNIVERSITY", "KMTC", "MASENO UNIVERSITY", "EGERTON UNIVERSITY", "KABARAK UNIVERSITY", "USIU AFRICA",
    "DAYSTAR UNIVERSITY", "KASNEB", "KNEC",
]
SCHOOLS_SMALL = [
    "ST. MARYS ACADEMY", "BRIGHT STARS JUNIOR SCHOOL", "KAREN HILLS PREPARATORY SCHOOL", "NYAWIRA PRE-SCHOOL",
    "MOI GIRLS HIGH SCHOOL ELDORET", "ALLIANCE GIRLS HIGH SCHOOL", "BABA DOGO PRIMARY SCHOOL", "MWIKI SECONDARY SCHOOL",
    "BRAINY KIDS TUITION CENTRE", "GATHONI GIRLS HIGH SCHOOL", "UTAWALA ACADEMY", "MALINDI HIGH SCHOOL",
    "KAKAMEGA SCHOOL", "JUJA PREPARATORY SCHOOL",
]
COLLEGES_SMALL = [
    "RUIRU TECHNICAL TRAINING INSTITUTE", "KISUMU NATIONAL POLYTECHNIC", "THIKA SCHOOL OF MEDICAL AND HEALTH SCIENCES",
    "EXCEL COLLEGE OF ACCOUNTANCY", "MERU COLLEGE OF TECHNOLOGY",
]
SCHOOL_ACCOUNTS = ["ADM {n}", "FEES TERM 2", "KARO", "FEES", "GRADE {grade} FEES", "Form {form} fees", "ADM NO {n} TERM 1",
                   "Fees 📚 Term 3", "SCHOOL FEES {n}", "KARO TERM {term}", "{n}"]
COLLEGE_ACCOUNTS = ["FEES", "TUITION", "REG {reg}", "{reg}", "EXAM FEES", "SEMESTER FEES", "FEES {reg}", "KARO"]

RENT_AGENTS = [
    "KILIMANI ESTATE AGENCIES", "BAHATI PROPERTY MANAGERS", "GREENPARK APARTMENTS", "RUAKA HEIGHTS RESIDENCES",
    "MWANIKI PLAZA MANAGEMENT", "LLOYD MASIKA LTD", "VILLA CARE LTD", "SUNRISE COURT LETTINGS", "TANUI REAL ESTATE",
    "KAHAWA WENDANI RENTALS", "JIRANI HOMES PROPERTY MANAGEMENT", "ODERO FLATS LANDLORD",
]
RENT_ACCOUNTS = ["HSE B{n2}", "RENT {month}", "KODI {month}", "SHOP {n2} RENT", "APT C{n2}", "UNIT {n2}", "ROOM {n2}",
                 "rent ✅ {month}", "HSE NO {n2} RENT", "STALL {n2} RENT", "KODI"]

BANK_PAYBILLS = [("247247", "Equity Paybill Account"), ("522522", "KCB Paybill AC"), ("400200", "CO-OPERATIVE BANK"),
                 ("880100", "NCBA BANK"), ("303030", "ABSA BANK"), ("222111", "FAMILY BANK")]

PAYROLL_PAYBILLS = ["WORKPAY LTD", "BIDII PAYROLL SERVICES", "PAYDAY HR PAYROLL", "MISHAHARA PAYROLL SOLUTIONS"]
SALARY_ACCOUNTS = ["SALARY {month}", "WAGES WEEK {week}", "MSHAHARA {month}", "STAFF SALARY", "CASUAL WAGES",
                   "SALARIES {month}", "PAYROLL {month}", "SALARY {first}"]

LENDER_PAYBILLS = [  # name only: repayments
    "ZENKA FINANCE LIMITED", "OKASH REPAYMENT", "WATU CREDIT LTD", "M-KOPA KENYA LTD", "PLATINUM CREDIT LIMITED",
    "MOGO AUTO KENYA", "HUSTLER FUND", "LIPA LATER LTD", "MWANANCHI CREDIT LTD",
]
LENDER_B2C = [
    "TALA KENYA LTD", "Branch Microfinance Bank Ltd", "ZENKA FINANCE LTD", "FINANCIAL INCLUSION FUND", "HUSTLER FUND",
    "OKASH KENYA", "M-KOPA CASH LOAN", "ZASH LOANS",
]

SACCOS = [
    "STIMA SACCO", "MWALIMU NATIONAL SACCO", "UNAITAS SACCO", "KENYA POLICE SACCO", "HAZINA SACCO", "TOWER SACCO",
    "BORESHA SAVINGS SACCO", "NYERI TEACHERS SAVINGS SACCO", "KIAMBU DT SACCO", "UMOJA WOMEN SAVINGS SACCO",
]
SACCO_ACCOUNTS = ["BOSA {n}", "FOSA {n}", "SHARES", "DEPOSITS", "SAVINGS", "AKIBA", "{n} DEPOSIT", "MONTHLY CONTRIBUTION"]
FUNDS = [
    "CIC MONEY MARKET FUND", "SANLAM MONEY MARKET FUND", "ETICA MMF", "CYTONN MONEY MARKET FUND", "LOFTY-CORBAN MMF",
    "OLD MUTUAL MONEY MARKET FUND", "ICEA LION MONEY MARKET FUND", "GENGHIS CAPITAL UNIT TRUST",
    "NABO CAPITAL MONEY MARKET", "BRITAM UNIT TRUST",
]

BETTING_NAMED = [
    "ODIBETS KENYA", "MOZZARTBET KENYA LTD", "BETWAY KENYA", "SPORTYBET KE", "1XBET KENYA", "22BET KENYA",
    "BANGBET KE", "KWIKBET", "BETSAFE KENYA", "HELABET KENYA", "CHEZACASH", "BETPAWA KENYA", "GAL SPORT BETTING",
    "PESA BET KENYA",
]

GLOBALPAY_ACCOUNTS = [
    "SPOTIFY AB{pad}STOCKHOLM SE", "SPOTIFY P{n}{pad}STOCKHOLM SE", "NETFLIX.COM{pad}LOS GATOS US",
    "GOOGLE *YouTubePremium{pad}g.co/helppay# GB", "APPLE.COM/BILL{pad}CORK IE", "SHOWMAX{pad}RANDBURG ZA",
    "CANVA* I0{n}{pad}SYDNEY AU", "OPENAI *CHATGPT SUBSCR{pad}SAN FRANCISCO US", "DISNEY PLUS{pad}AMSTERDAM NL",
    "PRIMEVIDEO.COM{pad}LUXEMBOURG LU", "AUDIBLE{pad}NEWARK US", "Microsoft*Microsoft 365 P{pad}Dublin IE",
    "GOOGLE *Google One{pad}g.co/helppay# GB", "DEEZER{pad}PARIS FR",
]
SUBSCRIPTION_PAYBILLS = ["SHOWMAX KENYA", "BOOMPLAY MUSIC KENYA", "VIUSASA LTD"]

OTHER_MERCHANTS = [
    ("UPENDO SALON AND BARBERSHOP", None), ("KINYOZI SMART CUTS", None), ("PCEA KAHAWA CHURCH", "SADAKA"),
    ("ACK ST. PAULS CHURCH", "TITHE"), ("JAMIA MOSQUE COMMITTEE", "ZAKA"), ("SPARKLE DRY CLEANERS", None),
    ("SPLASH CAR WASH", None), ("MWAKIO TAILORING", None), ("OMBATI TECHNOLOGIES LIMITED", "PROJECT {n2}"),
    ("KARISA VENTURES", "{n}"), ("NYAKUNDI ENTERPRISES", ""), ("GLAMOUR BEAUTY PARLOUR", None),
    ("WAWERU PHOTO STUDIO", None), ("TANUI GIFT SHOP", None), ("FAITH HARVEST CHURCH", "OFFERING"),
    ("MOSE BARBER SHOP", None), ("BELLA NAILS AND SPA", None), ("KAZI SAFI LAUNDRY", None),
]

AGGREGATORS = ["KOPO KOPO LIMITED", "PESAPAL KENYA", "FLUTTERWAVE PAYMENTS", "INTASEND SOLUTIONS LTD",
               "PAYSTACK PAYMENTS KENYA", "CELLULANT KENYA LTD SETTLEMENT"]
BANKS_B2C = ["Co-operative Bank Money Transfer", "STANDARD CHARTERED BANK KENYA LTD", "FAMILY BANK LTD B2C",
             "NCBA BANK KENYA PLC", "DTB KENYA", "SIDIAN BANK LTD", "STANBIC BANK KENYA LTD", "GULF AFRICAN BANK LTD",
             "IM BANK LIMITED- APP", "ABSA BANK KENYA"]
EMPLOYERS = ["SAVANNAH AGRO PROCESSORS LTD", "RIFT VALLEY HAULIERS LTD", "MWANGAZA SECURITY SERVICES",
             "KISII COUNTY ASSEMBLY", "LAKE REGION FISH EXPORTERS", "TUMAINI SCHOOLS TRUST", "JUBA ROAD MOTORS LTD",
             "NYANZA COTTON GINNERS"]
PROMOTIONS = ["SHANGWE TUNUKIWA PROMO", "OMO PROMOTION", "TUSKER OKTOBAFEST PROMO", "MENENGAI CREAM PROMO",
              "MSHINDI WA WIKI PROMOTION"]

# ----------------------------------------------------------------------------------------------------------------
# Filling placeholders in account references


def fill(template):
    if template is None:
        return None
    out = template
    while "{n}" in out:
        out = out.replace("{n}", str(rng.randrange(100, 99999)), 1)
    while "{n2}" in out:
        out = out.replace("{n2}", pick([str(rng.randrange(1, 60)), f"{rng.randrange(1, 30)}{pick('ABCD')}"]), 1)
    out = out.replace("{month}", pick(MONTHS))
    out = out.replace("{week}", str(rng.randrange(1, 53)))
    out = out.replace("{grade}", str(rng.randrange(1, 10)))
    out = out.replace("{form}", str(rng.randrange(1, 5)))
    out = out.replace("{term}", str(rng.randrange(1, 4)))
    out = out.replace("{plate}", plate())
    out = out.replace("{pnr}", "".join(pick("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)))
    out = out.replace("{reg}", f"{pick(['BCOM', 'BBIT', 'DICT', 'A56', 'HDB', 'SCT'])}/{rng.randrange(100, 9999)}/{rng.randrange(19, 26)}")
    out = out.replace("{first}", pick(FIRST))
    out = out.replace("{pad}", " " * rng.randrange(3, 12))
    return out


def acc(templates):
    value = fill(pick(templates))
    return casing(value, title=0.05, lower=0.12) if value else value


# ----------------------------------------------------------------------------------------------------------------
# Row makers: each returns (details, direction, amount_cents, kind). `kind` only feeds the coverage report.

def r(details, direction, cents, kind):
    return details, direction, cents, kind


def sales():
    w = rng.random()
    if w < 0.55:
        return r(f"Funds received from - {phone()} {person()}", "in", amount(50, 25000, 10), "Funds received from -")
    if w < 0.67:
        ref = pick(["INV-{n}", "INV {n}", "ORDER {n}", "{first}", "TABLE {n2}", "DELIVERY", "BAL", "CUST {n}", "Asante 🙏", ""])
        verb = pick(["Pay Bill from", "Pay Bill from", "Pay Bill Online from", "Small Business Pay Bill from"])
        tail = f"Acc. {fill(ref)}" if ref else "Acc."
        return r(f"{verb} {org_phone()} - {person()} {tail}", "in", amount(100, 40000, 10), "Pay Bill from (org portal)")
    if w < 0.77:
        return r(f"Merchant Customer Payment from {code(7)} - {person()}", "in", amount(100, 20000, 10), "Merchant Customer Payment from")
    if w < 0.87:
        return r(f"Small Business Payment to Customer via API from - {phone()} {person()}", "in", amount(100, 20000, 10),
                 "Small Business Payment to Customer via API from -")
    return r(b2c("Business", code(), pick(AGGREGATORS)), "in", amount(1000, 150000), "Business Payment from (aggregator)")


def transfers_in():
    w = rng.random()
    if w < 0.2:
        return r(b2c("Business", "300600", "Equity Bulk Account"), "in", amount(1000, 100000, 100), "Business Payment from 300600")
    if w < 0.32:
        return r(b2c("Business", "501901", suffix("KCB", 1.0)), "in", amount(1000, 100000, 100), "Business Payment from 501901")
    if w < 0.47:
        return r(b2c("Business", code(6), pick(BANKS_B2C)), "in", amount(1000, 150000, 100), "Business Payment from (bank)")
    if w < 0.6:
        return r(pick(["M-Shwari Withdraw", "KCB M-PESA Withdraw"]), "in", amount(100, 30000, 10), "M-Shwari/KCB M-PESA Withdraw")
    if w < 0.72:
        return r(f"Send Money Reversal via API from - {phone()} {person()}", "in", amount(50, 15000, 10), "Send Money Reversal via API from -")
    if w < 0.76:
        return r("Pay Utility Reversal by Lipa na KCB\\KCBAPIINITIATOR1", "in", amount(100, 20000, 10), "Pay Utility Reversal")
    if w < 0.9:
        return r(f"Offnet B2C Transfer by 966888AIRTEL MONEY via API to - {phone()} {person()}", "in", amount(100, 30000, 10),
                 "Offnet B2C Transfer by 966888AIRTEL MONEY")
    return r(f"Small Business Withdrawal from Business Account to MPESA Account by - {phone()} {person()}", "in",
             amount(200, 60000, 10), "Small Business Withdrawal")


def loans_in():
    w = rng.random()
    if w < 0.55:
        return r(pick(["OverDraft of Credit Party"] * 9 + ["Overdraft of Credit Party"]), "in", amount(3, 3000, cents=True),
                 "OverDraft of Credit Party")
    if w < 0.7:
        return r("M-Shwari Loan", "in", amount(500, 20000, 100), "M-Shwari Loan")
    return r(b2c("Business", code(), pick(LENDER_B2C)), "in", amount(500, 40000, 100), "Business Payment from (lender)")


def cash_deposit():
    return r(f"Deposit of Funds at Agent Till {code(6)} - {pick(AGENTS)}", "in", amount(100, 70000, 50), "Deposit of Funds at Agent Till")


def other_income():
    if chance(0.75):
        if chance(0.15):
            details = f"Salary Payment from 504900 NCBA BANK via API. {pick(['Original', 'Orginal'])} conversation ID is {conversation_id()}"
        else:
            details = b2c("Salary", code(6), pick(EMPLOYERS), api=0.9)
        return r(details, "in", amount(8000, 150000, 50), "Salary Payment from")
    return r(f"Promotion Payment from {code(7)} - {suffix(pick(PROMOTIONS), 0.3)}", "in", amount(50, 5000, 10), "Promotion Payment from")


def inventory():
    w = rng.random()
    account = acc(INVENTORY_ACCOUNTS)
    if w < 0.4:
        name = casing(suffix(pick(INVENTORY_BRANDS), 0.1), title=0.1, lower=0.0)
        return r(pay(name, account, p_paybill=0.75), "out", amount(1000, 200000, 50), "Pay Bill/Merchant (known supplier by name)")
    name = casing(suffix(pick(INVENTORY_SMALL), 0.12), title=0.12, lower=0.02)
    return r(pay(name, account, p_paybill=0.5), "out", amount(300, 120000, 10), "Pay Bill/Merchant (small supplier)")


def rent():
    w = rng.random()
    account = acc(RENT_ACCOUNTS)
    if w < 0.3:
        shortcode, bank = pick(BANK_PAYBILLS)
        rent_ref = pick([f"{account_number(10)} RENT {pick(MONTHS)}", f"RENT {pick(MONTHS)}", f"KODI {pick(MONTHS)}",
                         f"{account_number(12)} RENT"])
        return r(paybill(shortcode, bank, rent_ref, fuliza=0.05), "out", amount(3000, 80000, 500), "Pay Bill (bank, Acc. RENT)")
    name = casing(pick(RENT_AGENTS), title=0.1)
    return r(paybill(code(), name, account, fuliza=0.05), "out", amount(3000, 90000, 500), "Pay Bill (property manager)")


def salaries():
    account = fill(pick(SALARY_ACCOUNTS))
    if chance(0.45):
        shortcode, bank = pick(BANK_PAYBILLS)
        return r(paybill(shortcode, bank, f"{account_number(10)} {account}" if chance(0.5) else account, fuliza=0.03),
                 "out", amount(3000, 60000, 100), "Pay Bill (bank, Acc. SALARY)")
    return r(paybill(code(), pick(PAYROLL_PAYBILLS), account, fuliza=0.0), "out", amount(5000, 300000, 100), "Pay Bill (payroll)")


def transport():
    if chance(0.5):
        name, refs = pick(TRANSPORT_BRANDS)
        name = casing(suffix(name, 0.12), title=0.12)
        return r(pay(name, acc(refs), p_paybill=0.4), "out", amount(100, 12000, 10), "Pay Bill/Merchant (known transport by name)")
    name, refs = pick(TRANSPORT_SMALL)
    name = casing(suffix(name, 0.12), title=0.12)
    return r(pay(name, acc(refs), p_paybill=0.4), "out", amount(50, 8000, 10), "Pay Bill/Merchant (small transport)")


def utilities():
    w = rng.random()
    if w < 0.28:
        meter = pick([account_number(11), account_number(11), "0" + account_number(10), "", "STIMA " + account_number(11)])
        return r(paybill("888880", pick(["KPLC PREPAID", "KPLC PREPAID", "Kplc Prepaid"]), meter), "out", amount(50, 5000, 10), "Pay Bill 888880")
    if w < 0.36:
        return r(paybill("888888", "KPLC POSTPAID", f"{account_number(7)}-0{rng.randrange(1, 4)}"), "out", amount(300, 15000, 1), "Pay Bill 888888")
    if w < 0.44:
        return r(paybill("444400", pick(["NAIROBI WATER", "NAIROBI CITY WATER AND SEWERAGE CO"]), pick([account_number(7), f"MAJI {account_number(7)}"])),
                 "out", amount(200, 8000, 1), "Pay Bill 444400")
    if w < 0.52:
        return r(paybill("444900", pick(["DSTV", "MULTICHOICE KENYA DSTV"]), account_number(10)), "out", amount(1000, 11000, 50), "Pay Bill 444900")
    if w < 0.59:
        return r(paybill("423655", pick(["GOTV", "MULTICHOICE KENYA GOTV"]), account_number(10)), "out", amount(300, 2500, 50), "Pay Bill 423655")
    if w < 0.64:
        return r(paybill("320320", "ZUKU", account_number(6)), "out", amount(1500, 7000, 50), "Pay Bill 320320")
    if w < 0.68:
        return r(paybill("585858", "STARTIMES", account_number(11)), "out", amount(300, 2500, 50), "Pay Bill 585858")
    if w < 0.77:
        fuliza = " With Fuliza" if chance(0.15) else ""
        return r(f"Recharge for Customer{fuliza} to 150501SAFARICOMHOME by {phone()} {person()}", "out",
                 amount(1500, 12000, 100), "Recharge for Customer to 150501SAFARICOMHOME")
    if w < 0.82:
        return r(buy_goods("568190", suffix("KOKO NETWORKS LTD.", 0.3)), "out", amount(50, 1500, 10), "Merchant Payment 568190")
    name, ref = pick(UTILITY_NAMED)
    name = casing(name, title=0.1)
    if ref is None:
        return r(buy_goods(code(), name), "out", amount(200, 3800, 10), "Merchant Payment (gas/water by name)")
    return r(paybill(code(), name, fill(ref)), "out", amount(200, 9000, 10), "Pay Bill (utility by name)")


def airtime_data():
    w = rng.random()
    if w < 0.35:
        return r(pick(["Airtime Purchase", "Airtime Purchase", "Airtime Purchase with Fuliza", "Airtime Purchase For Other with Fuliza"]),
                 "out", amount(5, 1000, 5), "Airtime Purchase")
    if w < 0.75:
        fuliza = " with Fuliza" if chance(0.35) else ""
        target = pick(["826915Safaricom Offers", "826915Safaricom Offers", "244441SAFARICOM POSTPAID BUNDLES"])
        return r(f"Customer Bundle Purchase{fuliza} to {target} by - {phone()} {person()}", "out", amount(10, 3000, 1),
                 "Customer Bundle Purchase")
    if w < 0.85:
        return r("Buy Bundles Online", "out", amount(20, 2000, 1), "Buy Bundles Online")
    return r(buy_goods("609641", suffix("TINGG CELLULANT AIRTIME", 0.6), fuliza=0.5, online=0.6), "out", amount(10, 1000, 5),
             "Merchant Payment 609641")


def loan_repayment():
    w = rng.random()
    if w < 0.45:
        return r("OD Loan Repayment to 232323 - M-PESA Overdraw", "out", amount(3, 3500, cents=True), "OD Loan Repayment")
    if w < 0.55:
        return r("M-Shwari Loan Repayment", "out", amount(100, 20000, 10), "M-Shwari Loan Repayment")
    if w < 0.65:
        return r(paybill("851900", pick(["Tala Mobile", "TALA MOBILE", "TALA"]), pick(["07" + account_number(8), "01" + account_number(8), "TALA", ""])),
                 "out", amount(300, 30000, 10), "Pay Bill 851900")
    if w < 0.72:
        return r(paybill("998608", pick(["Branch Microfinance Bank", "BRANCH INTERNATIONAL"]), pick(["07" + account_number(8), "BRANCH", ""])),
                 "out", amount(300, 40000, 10), "Pay Bill 998608")
    if w < 0.87:
        ref = pick(["{n}", "LOAN {n}", "{plate}", "07" + account_number(8), "REPAYMENT", ""])
        return r(paybill(code(), casing(pick(LENDER_PAYBILLS), title=0.1), fill(ref)), "out", amount(300, 30000, 10), "Pay Bill (lender by name)")
    if w < 0.94:
        shortcode, bank = pick(BANK_PAYBILLS)
        return r(paybill(shortcode, bank, pick([f"LOAN {account_number(10)}", f"{account_number(10)} LOAN REPAYMENT", f"MKOPO {pick(MONTHS)}"])),
                 "out", amount(1000, 60000, 100), "Pay Bill (bank, Acc. LOAN)")
    return r(paybill(code(), pick(SACCOS), pick([f"LOAN {rng.randrange(100, 9999)}", "LOAN REPAYMENT", "MKOPO"])), "out",
             amount(1000, 50000, 100), "Pay Bill (SACCO, Acc. LOAN)")


def fees_charges():
    w = rng.random()
    base = amount(50, 40000)
    if w < 0.4:
        charge = tariff(base, SEND_TARIFF) or 7
        return r("Customer Transfer of Funds Charge", "out", charge * 100, "Customer Transfer of Funds Charge")
    if w < 0.65:
        return r("Pay Bill Charge", "out", pick([5, 10, 15, 15, 20, 22, 25, 30, 34, 42, 48, 53]) * 100, "Pay Bill Charge")
    if w < 0.75:
        return r("Pay Merchant Charge", "out", pick([7, 13, 23, 33, 53]) * 100, "Pay Merchant Charge")
    return r("Withdrawal Charge", "out", tariff(base, WITHDRAW_TARIFF) * 100, "Withdrawal Charge")


def tax():
    w = rng.random()
    if w < 0.4:
        name = pick(["eCitizen", "ECITIZEN", "GOVERNMENT OF KENYA", "eCitizen Payments"])
        ref = pick(["KRA{n}", "{ecitizen}", "{ecitizen}", "NTSA DL RENEWAL", "PRN {prn}", "{prn}", "BRS {ecitizen}"])
        ref = ref.replace("{ecitizen}", "".join(pick("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6)))
        ref = ref.replace("{prn}", "2025" + account_number(9))
        return r(paybill("222222", name, fill(ref)), "out", amount(100, 60000, 1), "Pay Bill 222222")
    if w < 0.6:
        return r(paybill("572572", pick(["KRA", "KENYA REVENUE AUTHORITY"]), pick(["2024" + account_number(9), "ESLIP " + account_number(10)])),
                 "out", amount(500, 80000, 1), "Pay Bill 572572")
    name, refs = pick(TAX_NAMED)
    return r(paybill(code(), casing(name, title=0.1), fill(pick(refs))), "out", amount(100, 40000, 10), "Pay Bill (county by name)")


def savings():
    w = rng.random()
    if w < 0.45:
        return r(pick(["M-Shwari Deposit", "M-Shwari Deposit", "KCB M-PESA Deposit", "KCB M-PESA Target Deposit", "KCB M-PESA Target First Deposit"]),
                 "out", amount(50, 30000, 10), "M-Shwari/KCB M-PESA Deposit")
    if w < 0.75:
        return r(paybill(code(), casing(pick(SACCOS), title=0.1), fill(pick(SACCO_ACCOUNTS)), fuliza=0.02), "out",
                 amount(500, 50000, 100), "Pay Bill (SACCO)")
    return r(paybill(code(), pick(FUNDS), pick([account_number(8), "INVEST", "TOP UP " + account_number(6), "AKIBA"]), fuliza=0.0),
             "out", amount(100, 100000, 100), "Pay Bill (money-market fund)")


def cash_withdrawal():
    at = "At" if chance(0.5) else "at"
    if chance(0.2):
        return r(f"Customer Withdrawal {at} Agent Till with Fuliza to {code(6)} - {pick(AGENTS)}", "out", amount(100, 10000, 50),
                 "Customer Withdrawal at Agent Till with Fuliza")
    return r(f"Customer Withdrawal {at} Agent Till {code(6)} - {pick(AGENTS)}", "out", amount(50, 70000, 50), "Customer Withdrawal At Agent Till")


def food_groceries():
    w = rng.random()
    if w < 0.06:
        return r(buy_goods("573067", suffix("NAIVAS LANG'ATA", 0.2)), "out", amount(100, 15000, 1), "Merchant Payment 573067")
    if w < 0.4:
        return r(buy_goods(code(), casing(suffix(pick(FOOD_BRANDS), 0.25), title=0.1)), "out", amount(50, 15000, 1),
                 "Merchant Payment (known chain by name)")
    name = casing(suffix(pick(FOOD_TILLS), 0.12), title=0.12, lower=0.02)
    if chance(0.2):
        return r(paybill(code(), name, acc(FOOD_ACCOUNTS)), "out", amount(50, 5000, 10), "Pay Bill (small food)")
    return r(buy_goods(code(), name), "out", amount(30, 6000, 10), "Merchant Payment (small food)")


def health():
    w = rng.random()
    if w < 0.2:
        return r(paybill("200222", pick(["SOCIAL HEALTH AUTHORITY", "SHA", "NHIF"]), pick([account_number(8), account_number(8), "ID " + account_number(8)]), fuliza=0.05),
                 "out", pick([300, 500, 500, 750, 1000, 1500, 2000]) * 100, "Pay Bill 200222")
    account = acc(HEALTH_ACCOUNTS)
    if w < 0.55:
        return r(pay(casing(pick(HEALTH_BRANDS), title=0.08), account, p_paybill=0.6), "out", amount(300, 60000, 10),
                 "Pay Bill/Merchant (known hospital by name)")
    return r(pay(casing(suffix(pick(HEALTH_SMALL), 0.1), title=0.12), account, p_paybill=0.4), "out", amount(100, 20000, 10),
             "Pay Bill/Merchant (small clinic or chemist)")


def education():
    w = rng.random()
    if w < 0.15:
        return r(paybill("200800", "HELB", account_number(8), fuliza=0.02), "out", amount(1000, 10000, 50), "Pay Bill 200800")
    account = acc(SCHOOL_ACCOUNTS)
    if w < 0.5:
        return r(paybill(code(), pick(SCHOOLS_BRANDS), acc(COLLEGE_ACCOUNTS), fuliza=0.03), "out", amount(1000, 120000, 50),
                 "Pay Bill (university by name)")
    if chance(0.25):
        return r(paybill(code(), casing(pick(COLLEGES_SMALL), title=0.1), acc(COLLEGE_ACCOUNTS), fuliza=0.05), "out",
                 amount(1000, 60000, 50), "Pay Bill (college)")
    return r(paybill(code(), casing(pick(SCHOOLS_SMALL), title=0.1), account, fuliza=0.05), "out", amount(500, 80000, 50), "Pay Bill (school)")


def betting():
    w = rng.random()
    bet_ref = pick(["07" + account_number(8), "BET", "DEPOSIT", "", "01" + account_number(8)])
    if w < 0.35:
        return r(paybill("955100", pick(["SportPesa", "SPORTPESA", "SportPesa Ltd"]), pick(["SPORTPESA", bet_ref]), fuliza=0.3),
                 "out", amount(10, 5000, 1), "Pay Bill 955100")
    if w < 0.65:
        return r(paybill("290290", pick(["BETIKA", "Betika Ltd", "BETIKA LIMITED"]), pick(["BETIKA", bet_ref]), fuliza=0.3),
                 "out", amount(10, 5000, 1), "Pay Bill 290290")
    return r(paybill(code(), pick(BETTING_NAMED), bet_ref, fuliza=0.3), "out", amount(10, 3000, 1), "Pay Bill (betting by name)")


def subscriptions():
    if chance(0.8):
        return r(f"Card Pay Bill Online to 903470 - M-PESA GlobalPay Acc. {fill(pick(GLOBALPAY_ACCOUNTS))}", "out",
                 amount(150, 3500, 1), "Card Pay Bill Online to 903470")
    return r(paybill(code(), pick(SUBSCRIPTION_PAYBILLS), "07" + account_number(8)), "out", amount(100, 1500, 1), "Pay Bill (subscription by name)")


def personal_transfers():
    w = rng.random()
    if w < 0.6:
        return r(f"Customer Transfer to - {phone()} {person()}", "out", amount(20, 20000, 10), "Customer Transfer to -")
    if w < 0.92:
        return r(f"Customer Transfer Fuliza MPesa to - {phone()} {person()}", "out", amount(20, 8000, 10), "Customer Transfer Fuliza MPesa to -")
    return r(f"Customer Transfer to {phone()} {person()}", "out", amount(20, 15000, 10), "Customer Transfer to (no dash)")


def other():
    w = rng.random()
    if w < 0.2:
        return r(f"Customer Payment to Small Business to - {phone()} {person()}", "out", amount(20, 5000, 10),
                 "Customer Payment to Small Business to -")
    if w < 0.3:
        return r(f"Customer Send Money to Micro SME Business with Fuliza MPesa to - {phone()} {person()}", "out", amount(20, 3000, 10),
                 "Customer Send Money to Micro SME Business with Fuliza MPesa to -")
    if w < 0.45:
        return r(buy_goods(code(7), f"{pick(FIRST)} {pick(LAST)} {pick(['1', '1', '2'])}"), "out", amount(20, 6000, 10),
                 "Merchant Payment (individual's till)")
    name, ref = pick(OTHER_MERCHANTS)
    name = casing(name, title=0.1)
    if ref is None:
        return r(buy_goods(code(), name), "out", amount(100, 6000, 10), "Merchant Payment (services)")
    return r(paybill(code(), name, fill(ref), dash=0.8), "out", amount(100, 20000, 10), "Pay Bill (services)")


MAKERS = {
    "sales": sales, "transfers_in": transfers_in, "loans_in": loans_in, "cash_deposit": cash_deposit,
    "other_income": other_income, "inventory": inventory, "rent": rent, "salaries": salaries, "transport": transport,
    "utilities": utilities, "airtime_data": airtime_data, "loan_repayment": loan_repayment, "fees_charges": fees_charges,
    "tax": tax, "savings": savings, "cash_withdrawal": cash_withdrawal, "food_groceries": food_groceries,
    "health": health, "education": education, "betting": betting, "subscriptions": subscriptions,
    "personal_transfers": personal_transfers, "other": other,
}


def generate():
    rows, kinds = [], Counter()
    for category in INCOME + EXPENSES:
        for _ in range(TARGETS[category]):
            details, direction, cents, kind = MAKERS[category]()
            assert cents > 0, (category, details)
            assert direction == ("in" if category in INCOME else "out"), (category, details)
            rows.append({
                "details": mess(details),
                "direction": direction,
                "amount_cents": int(cents),
                "local_time": local_time(),
                "category": category,
            })
            kinds[kind] += 1
    rng.shuffle(rows)
    return rows, kinds


def main(argv):
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    rows, kinds = generate()
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter(row["category"] for row in rows)
    print(f"{len(rows)} rows -> {output}")
    print("| category | rows |")
    print("|---|---:|")
    for slug in INCOME + EXPENSES:
        print(f"| `{slug}` | {counts[slug]} |")
    print(f"\n{len(kinds)} Details kinds:")
    for kind, count in sorted(kinds.items()):
        print(f"  {count:5d}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
