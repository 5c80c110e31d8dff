"""Reference for the categorisation benchmark: the straightforward way to categorise M-PESA transactions in Python
(standard library only). A cascade of what the Details prefix settles (a Fuliza draw is a loan, a charge is a fee),
then a keyword and shortcode directory (the same merchant-directory.json the product ships), then a multinomial
naive Bayes over the Details words, direction and amount bucket, then a default by prefix.

Usage: categorize_reference.py <train.jsonl> <eval.jsonl> <merchant-directory.json> [min_seconds]
Trains on the first file, classifies the second in passes for at least min_seconds (after one warm-up pass), and
prints {"classifications": N, "seconds": S, "accuracy": A, "macro_f1": F} for the timed loop.
"""
import json
import math
import re
import sys
import time

THRESHOLD = 0.55
ALPHA = 0.2
WORD = re.compile(r"[A-Za-z0-9'&\u0080-\uffff]+")
STOP_WORDS = {
    "TO", "FROM", "OF", "THE", "AND", "BY", "VIA", "API", "ACC", "PAY", "BILL", "ONLINE", "FULIZA", "MPESA", "M", "PESA", "CUSTOMER",
    "TRANSFER", "PAYMENT", "MERCHANT", "FUNDS", "RECEIVED", "ORIGINAL", "ORGINAL", "CONVERSATION", "ID", "IS", "WITH", "AT", "FOR", "LTD",
    "LIMITED", "CO", "KE",
}
INCOME = {"sales", "transfers_in", "loans_in", "cash_deposit", "other_income"}
# (prefix, direction or None, category): what the start of Details settles whatever the counterparty.
CERTAIN = [
    ("OVERDRAFT OF CREDIT", None, "loans_in"),
    ("OD LOAN REPAYMENT", None, "loan_repayment"),
    ("M-SHWARI LOAN REPAYMENT", None, "loan_repayment"),
    ("KCB M-PESA LOAN REPAYMENT", None, "loan_repayment"),
    ("M-SHWARI LOAN", None, "loans_in"),
    ("KCB M-PESA LOAN", None, "loans_in"),
    ("M-SHWARI DEPOSIT", None, "savings"),
    ("KCB M-PESA DEPOSIT", None, "savings"),
    ("KCB M-PESA TARGET DEPOSIT", None, "savings"),
    ("KCB M-PESA TARGET FIRST DEPOSIT", None, "savings"),
    ("M-SHWARI WITHDRAW", None, "transfers_in"),
    ("KCB M-PESA WITHDRAW", None, "transfers_in"),
    ("KCB M-PESA TARGET WITHDRAW", None, "transfers_in"),
    ("CUSTOMER WITHDRAWAL AT AGENT TILL", None, "cash_withdrawal"),
    ("DEPOSIT OF FUNDS AT AGENT TILL", None, "cash_deposit"),
    ("SALARY PAYMENT FROM", "in", "other_income"),
    ("PROMOTION PAYMENT FROM", "in", "other_income"),
]
# (prefix, direction, category): the default when nothing better is known.
FALLBACK = [
    ("CUSTOMER TRANSFER", "out", "personal_transfers"),
    ("CUSTOMER PAYMENT TO SMALL BUSINESS", "out", "other"),
    ("CUSTOMER SEND MONEY TO MICRO SME", "out", "other"),
    ("AIRTIME PURCHASE", "out", "airtime_data"),
    ("BUY BUNDLES", "out", "airtime_data"),
    ("CUSTOMER BUNDLE PURCHASE", "out", "airtime_data"),
    ("SMALL BUSINESS WITHDRAWAL", "in", "transfers_in"),
]
SHORTCODE = re.compile(r"(?:TO|FROM|BY)\s+-?\s*(\d{4,8})")
NAME = re.compile(r"\d{4,8}\s*-?\s*(.+?)(?:\s+ACC\.|\s+VIA API|$)")


def read(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def features(row, upper):
    direction = row["direction"]
    shillings = max(row["amount_cents"] // 100, 1)
    found = ["dir:" + direction, "amount:%d:%s" % (shillings.bit_length() - 1, direction), "head:" + " ".join(upper.split()[:2])]
    for word in WORD.findall(upper):
        if len(word) >= 2 and sum(c.isdigit() for c in word) < 3 and word not in STOP_WORDS:
            found.append(word)
    return found


class NaiveBayes:
    def __init__(self, rows):
        self.classes = sorted({row["category"] for row in rows})
        counts = {c: {} for c in self.classes}
        totals = dict.fromkeys(self.classes, 0)
        examples = dict.fromkeys(self.classes, 0)
        vocabulary = set()
        for row in rows:
            label = row["category"]
            examples[label] += 1
            for feature in features(row, row["details"].upper()):
                counts[label][feature] = counts[label].get(feature, 0) + 1
                totals[label] += 1
                vocabulary.add(feature)
        size = len(vocabulary)
        self.prior = {c: math.log((examples[c] + 1) / (len(rows) + len(self.classes))) for c in self.classes}
        self.unseen = {c: math.log(ALPHA / (totals[c] + ALPHA * size)) for c in self.classes}
        self.log_likelihood = {
            c: {f: math.log((n + ALPHA) / (totals[c] + ALPHA * size)) for f, n in counts[c].items()} for c in self.classes
        }
        self.vocabulary = vocabulary

    def classify(self, found):
        best, best_score, scores = None, -math.inf, []
        known = [f for f in found if f in self.vocabulary]
        for c in self.classes:
            table, unseen = self.log_likelihood[c], self.unseen[c]
            score = self.prior[c]
            for f in known:
                score += table.get(f, unseen)
            scores.append(score)
            if score > best_score:
                best, best_score = c, score
        confidence = 1 / sum(math.exp(s - best_score) for s in scores)
        return best, confidence


class Directory:
    def __init__(self, path):
        with open(path, encoding="utf-8") as handle:
            merchants = json.load(handle).get("merchants", [])
        self.codes, self.keywords, self.longest = {}, {}, 1
        for merchant in merchants:
            for code in merchant.get("paybills", []) + merchant.get("tills", []):
                self.codes.setdefault(code, merchant["category"])
            for keyword in merchant.get("keywords", []):
                words = WORD.findall(keyword.upper())
                if words:
                    self.keywords.setdefault(" ".join(words), merchant["category"])
                    self.longest = max(self.longest, len(words))

    def match(self, upper, direction):
        def fits(category):
            return (category in INCOME) == (direction == "in")

        code = SHORTCODE.search(upper)
        if code and code.group(1) in self.codes and fits(self.codes[code.group(1)]):
            return self.codes[code.group(1)]
        name = NAME.search(upper)
        words = WORD.findall(name.group(1) if name else upper)
        for length in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                category = self.keywords.get(" ".join(words[start:start + length]))
                if category and fits(category):
                    return category
        return None


def categorize(row, model, directory):
    upper = " ".join(row["details"].upper().split())
    direction = row["direction"]
    if upper.endswith("CHARGE") and len(upper) < 60:
        return "fees_charges"
    if "REVERSAL" in upper and direction == "in":
        return "transfers_in"
    for prefix, wanted, category in CERTAIN:
        if upper.startswith(prefix) and wanted in (None, direction):
            return category
    category = directory.match(upper, direction)
    if category:
        return category
    category, confidence = model.classify(features(row, upper))
    if confidence >= THRESHOLD:
        return category
    for prefix, wanted, fallback in FALLBACK:
        if upper.startswith(prefix) and wanted == direction:
            return fallback
    return "sales" if direction == "in" else "uncategorized"


def macro_f1(truth, predicted):
    scores = []
    for category in sorted(set(truth)):
        hits = sum(1 for t, p in zip(truth, predicted) if t == category and p == category)
        guessed = sum(1 for p in predicted if p == category)
        precision = hits / guessed if guessed else 0
        recall = hits / sum(1 for t in truth if t == category)
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0)
    return sum(scores) / len(scores)


def main():
    train, evaluation, directory_path = sys.argv[1:4]
    min_seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 3
    model = NaiveBayes(read(train))
    directory = Directory(directory_path)
    rows = read(evaluation)
    predicted = [categorize(row, model, directory) for row in rows]
    classified, started = 0, time.perf_counter()
    while time.perf_counter() - started < min_seconds:
        for row in rows:
            categorize(row, model, directory)
        classified += len(rows)
    seconds = time.perf_counter() - started
    truth = [row["category"] for row in rows]
    accuracy = sum(1 for t, p in zip(truth, predicted) if t == p) / len(rows)
    print(json.dumps({"classifications": classified, "seconds": seconds, "accuracy": accuracy, "macro_f1": macro_f1(truth, predicted)}))


if __name__ == "__main__":
    main()
