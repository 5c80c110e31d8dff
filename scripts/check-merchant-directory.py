#!/usr/bin/env python3
"""Validates Sources/Categorization/Directory/merchant-directory.json.

Checks the file's shape, that every category is a taxonomy slug, that every merchant names a listed source, that no
shortcode belongs to two merchants, and that keywords are UPPERCASE phrases of 1-4 words (letters, digits, spaces,
&, ' and -) that are not a single common word which would misfire on ordinary names. A keyword folded the way the
Swift matcher folds names may belong to one merchant only: MerchantDirectory keeps the first and would silently
ignore the others.

Usage: python3 scripts/check-merchant-directory.py [path]   (exit status 1 when anything is wrong)
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "Sources/Categorization/Directory/merchant-directory.json"

INCOME = ["sales", "transfers_in", "loans_in", "cash_deposit", "other_income"]
EXPENSES = [
    "inventory", "rent", "salaries", "transport", "utilities", "airtime_data", "loan_repayment", "fees_charges", "tax",
    "savings", "cash_withdrawal", "food_groceries", "health", "education", "betting", "subscriptions",
    "personal_transfers", "other",
]
SLUGS = set(INCOME + EXPENSES)

# Single words that appear in ordinary Kenyan business and person names as printed by M-PESA, so a keyword made of
# one of them alone would misfire ("POWER" in "POWER STAR BAR", "TOTAL" in "TOTAL CARE CLINIC"). Swahili words
# that are as common in shop names are listed too.
STOPLIST = set("""
POWER WATER TOTAL SHELL HOME BANK BRANCH BOLT LITTLE STAR CASH MONEY PAY BILL PAYBILL FUND CAPITAL CREDIT SAVINGS
EQUITY FAMILY NATIONAL PRIME GUARDIAN HOUSING MUTUAL OLD JUBILEE STORE STORES SHOP SHOPS SUPERMARKET MART MARKET
GENERAL HOSPITAL CLINIC PHARMACY CHEMIST SCHOOL ACADEMY COLLEGE UNIVERSITY HOUSE HOTEL CAFE COFFEE FOOD FOODS FRESH
OIL GAS ENERGY FUEL PETROL SERVICE SERVICES STATION RENT ESTATE PROPERTIES FEES INSURANCE SACCO TRAVEL TRAVELLERS
TRANSPORT SHUTTLE COACH BUS TAXI CAB RIDE BET BETS GAME GAMES LOTTO JACKPOT LOAN LOANS KENYA AFRICA LIMITED LTD PLC
COMPANY ENTERPRISES AGENCIES HOLDINGS GROUP INTERNATIONAL CENTRE CENTER PLUS EXPRESS ONLINE MOBILE DIGITAL METRO
SUPER SWIFT ROYAL CROWN LAKE GULF UNITED MILK DAIRY SUGAR FLOUR BREAD BAKERY CEMENT STEEL PAINTS HARDWARE WHOLESALE
WHOLESALERS DISTRIBUTORS SUPPLIES TRADING AIRTIME DATA BUNDLES OFFERS APPLE ORANGE GOOGLE AMAZON PREMIUM MUSIC
MAMA BABA JAMII AMANI BARAKA NEEMA UPENDO TUMAINI BIDII MAJI STIMA KODI KARO NYAMA MBOGA DUKA HUDUMA SOKO PESA
MPESA WATU UNGA TWIGA HARAKA REJAREJA UCHUMI TIMIZA AFYA
""".split())

KEYWORD_CHARS = re.compile(r"^[A-Z0-9&' -]+$")
SHORTCODE = re.compile(r"^[0-9]{5,7}$")


def folded_words(text):
    """The words the Swift matcher compares: letters and digits, with & and ' kept inside words."""
    return [w for w in re.split(r"[^0-9A-Za-z&'\u00C0-\uFFFF]+", text.upper()) if w]


def check(path):
    errors, warnings = [], []
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"cannot read {path}: {error}"], [], None

    if not isinstance(doc, dict) or set(doc) != {"version", "note", "sources", "merchants"}:
        errors.append("top level must be an object with exactly version, note, sources, merchants")
        return errors, warnings, None
    if doc["version"] != 1:
        errors.append("version must be 1")
    if not isinstance(doc["note"], str) or not doc["note"]:
        errors.append("note must be a non-empty string")

    source_ids = []
    for index, source in enumerate(doc["sources"]):
        where = f"sources[{index}]"
        if not isinstance(source, dict) or set(source) != {"id", "title", "url", "note"}:
            errors.append(f"{where}: must have exactly id, title, url, note")
            continue
        if not isinstance(source["id"], str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", source["id"]):
            errors.append(f"{where}: id must be lower-case kebab case")
        if not isinstance(source["title"], str) or not source["title"]:
            errors.append(f"{where}: title must be a non-empty string")
        if source["url"] is not None and not (isinstance(source["url"], str) and re.match(r"^https?://\S+$", source["url"])):
            errors.append(f"{where}: url must be null or an http(s) address")
        if not isinstance(source["note"], str):
            errors.append(f"{where}: note must be a string")
        source_ids.append(source["id"])
    for source_id, count in Counter(source_ids).items():
        if count > 1:
            errors.append(f"source id {source_id!r} is listed {count} times")

    code_owner = {}
    keyword_owner = {}
    used_sources = set()
    for index, merchant in enumerate(doc["merchants"]):
        keys = ["name", "category", "paybills", "tills", "keywords", "source"]
        if not isinstance(merchant, dict) or set(merchant) != set(keys):
            errors.append(f"merchants[{index}]: must have exactly {', '.join(keys)}")
            continue
        name = merchant["name"]
        where = f"merchants[{index}] {name!r}"
        if not isinstance(name, str) or not name.strip():
            errors.append(f"merchants[{index}]: name must be a non-empty string")
        if merchant["category"] not in SLUGS:
            errors.append(f"{where}: category {merchant['category']!r} is not a taxonomy slug")
        if merchant["source"] not in source_ids:
            errors.append(f"{where}: source {merchant['source']!r} is not in sources")
        used_sources.add(merchant["source"])

        for field in ("paybills", "tills"):
            if not isinstance(merchant[field], list):
                errors.append(f"{where}: {field} must be a list")
                continue
            for code in merchant[field]:
                if not isinstance(code, str) or not SHORTCODE.match(code):
                    errors.append(f"{where}: {field} entry {code!r} is not a 5-7 digit shortcode")
                    continue
                if code in code_owner:
                    errors.append(f"{where}: shortcode {code} is also {code_owner[code]!r}")
                else:
                    code_owner[code] = name

        if not isinstance(merchant["keywords"], list):
            errors.append(f"{where}: keywords must be a list")
            continue
        if not merchant["keywords"] and not merchant["paybills"] and not merchant["tills"]:
            errors.append(f"{where}: has neither a shortcode nor a keyword, so nothing can match it")
        for keyword in merchant["keywords"]:
            if not isinstance(keyword, str) or not keyword:
                errors.append(f"{where}: keyword {keyword!r} must be a non-empty string")
                continue
            if keyword != keyword.upper() or not KEYWORD_CHARS.match(keyword):
                errors.append(f"{where}: keyword {keyword!r} must be UPPERCASE letters, digits, spaces, &, ' or -")
            if keyword != keyword.strip() or "  " in keyword:
                errors.append(f"{where}: keyword {keyword!r} has stray spaces")
            if not 1 <= len(keyword.split()) <= 4:
                errors.append(f"{where}: keyword {keyword!r} must be 1-4 words")
            words = folded_words(keyword)
            if len(words) == 1 and words[0] in STOPLIST:
                errors.append(f"{where}: keyword {keyword!r} is a single common word that would misfire")
            if len(words) == 1 and len(words[0]) < 3:
                errors.append(f"{where}: keyword {keyword!r} is too short to identify a merchant")
            phrase = " ".join(words)
            if phrase in keyword_owner and keyword_owner[phrase] != name:
                errors.append(f"{where}: keyword {keyword!r} also belongs to {keyword_owner[phrase]!r} (only the first would match)")
            elif phrase in keyword_owner:
                warnings.append(f"{where}: keyword {keyword!r} is listed twice")
            keyword_owner.setdefault(phrase, name)

    for source_id in source_ids:
        if source_id not in used_sources:
            warnings.append(f"source {source_id!r} is not used by any merchant")

    return errors, warnings, doc


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    errors, warnings, doc = check(path)
    for warning in warnings:
        print(f"warning: {warning}")
    for error in errors:
        print(f"error: {error}")
    if doc is not None and isinstance(doc.get("merchants"), list):
        merchants = doc["merchants"]
        categories = Counter(m.get("category") for m in merchants if isinstance(m, dict))
        codes = sum(len(m.get("paybills", [])) + len(m.get("tills", [])) for m in merchants if isinstance(m, dict))
        keywords = sum(len(m.get("keywords", [])) for m in merchants if isinstance(m, dict))
        print(f"{len(merchants)} merchants, {len(doc.get('sources', []))} sources, {codes} shortcodes, {keywords} keywords")
        for slug in INCOME + EXPENSES:
            if categories.get(slug):
                print(f"  {slug:<20} {categories[slug]}")
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
