"""Reference parser for the statement-parsing benchmark: the approach most public M-PESA parsers take
(pdfplumber `extract_text()` per page, a receipt-line regex, continuation lines appended to Details; see
GithinjiEdward/mpesa_statement_analyzer). It reads the same generated PDF as our parser and reports its own
parse time, so process start-up is excluded on both sides.

Usage: python3 pdfplumber_parser.py statement.pdf [password]
Prints one JSON line: {"pages": N, "rows": R, "seconds": S, "paid_in_cents": …, "withdrawn_cents": …}
"""
import json
import re
import sys
import time

import pdfplumber

ROW = re.compile(r"^([A-Z0-9]{8,12})\s+(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})\s+(.*?)\s*Completed\s+(-?[\d,]+\.\d{2})\s+(-?[\d,]+\.\d{2})$")


def cents(text):
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").replace(",", "").partition(".")
    value = int(whole) * 100 + int((fraction + "00")[:2])
    return -value if negative else value


def parse(path, password=None):
    rows = []
    with pdfplumber.open(path, password=password or "") as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            current = None
            for line in (page.extract_text() or "").splitlines():
                if line.startswith("Disclaimer"):
                    break
                match = ROW.match(line)
                if match:
                    receipt, date, clock, details, amount, balance = match.groups()
                    current = {"receipt": receipt, "time": f"{date} {clock}", "details": details, "amount": cents(amount), "balance": cents(balance)}
                    rows.append(current)
                elif current is not None and not line.startswith("Receipt No."):
                    current["details"] += " " + line.strip()
            page.flush_cache()
    return pages, rows


if __name__ == "__main__":
    started = time.perf_counter()
    pages, rows = parse(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    elapsed = time.perf_counter() - started
    paid_in = sum(r["amount"] for r in rows if r["amount"] > 0)
    withdrawn = -sum(r["amount"] for r in rows if r["amount"] < 0)
    print(json.dumps({"pages": pages, "rows": len(rows), "seconds": elapsed, "paid_in_cents": paid_in, "withdrawn_cents": withdrawn}))
