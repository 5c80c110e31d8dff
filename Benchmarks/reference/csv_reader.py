"""Reference for the CSV benchmark: Python's csv module reading a personal statement CSV into rows with exact
cent amounts, the way a typical script does. Prints {"rows": R, "seconds": S}."""
import csv
import json
import sys
import time


def cents(text):
    text = text.strip()
    if not text:
        return None
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").replace(",", "").partition(".")
    value = int(whole) * 100 + int((fraction + "00")[:2])
    return -value if negative else value


started = time.perf_counter()
rows = 0
with open(sys.argv[1], newline="", encoding="utf-8-sig") as handle:
    reader = csv.reader(handle)
    next(reader)
    for record in reader:
        if len(record) < 7 or not record[0]:
            continue
        paid_in, withdrawn, balance = cents(record[4]), cents(record[5]), cents(record[6])
        rows += 1
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - started}))
