#!/usr/bin/env python3
"""Analytics benchmark driver: a real `mpesa serve all` (release build) on SQLite or PostgreSQL, a real account and
organisation through the gateway, then:

1. ingestion of about ROWS transactions of one organisation as monthly CSV statements (the user's path: upload,
   parse, categorise, store), reporting rows per second;
2. aggregation over that ledger through the gateway: monthly-by-category (`/categories?granularity=month`) and top
   counterparties (`/counterparties?limit=10`), p50/p95 of 30 calls each; the same two aggregations in pandas over
   the same rows (exported through `/transactions/export`), timed the same way, for the ratio;
3. a 100-page personal PDF statement uploaded end to end (`?wait=true`: parsed, categorised, stored and queryable),
   5 times, against the parser alone on the same file (`/parser/parse`), for the ratio.

Usage: analytics_driver.py MPESA_BINARY BACKEND_LABEL ROWS [DATABASE_URL]
"""
import io, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, urllib.error

binary, label, rows_target = sys.argv[1], sys.argv[2], int(sys.argv[3])
database_url = sys.argv[4] if len(sys.argv) > 4 else None
services = ["gateway", "auth", "tenant", "analytics", "parser", "categorizer", "cashflow", "billing", "payment", "webhook"]
work = tempfile.mkdtemp(prefix="analytics-bench-")


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


ports = dict(zip(services, free_ports(len(services))))
env = dict(os.environ)
for service, port in ports.items():
    env[f"{service.upper()}_PORT"] = str(port)
env.update({
    "DATA_DIR": f"{work}/data", "ENV_FILE": f"{work}/.env", "CONFIG_FILE": f"{work}/mpesa.json", "LOG_LEVEL": "error",
    "GATEWAY_RATE_LIMIT_MODE": "off", "GATEWAY_READ_TIMEOUT_MS": "600000", "HTTP_UPSTREAM_TIMEOUT_MS": "300000",
    "PARSER_MAX_UPLOAD_BYTES": str(256 << 20),
})
if database_url:
    env["DATABASE_URL"] = database_url
log = open(f"{work}/serve.log", "w")
server = subprocess.Popen([binary, "serve", "all"], env=env, stdout=log, stderr=subprocess.STDOUT)
gateway = f"http://127.0.0.1:{ports['gateway']}"


def call(method, path, body=None, token=None, content_type="application/json", raw=False, timeout=600):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    request = urllib.request.Request(gateway + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            return response.status, payload if raw else (json.loads(payload) if payload else None)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def multipart(path, fields):
    boundary = "bench-" + os.urandom(8).hex()
    out = io.BytesIO()
    with open(path, "rb") as handle:
        content = handle.read()
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{os.path.basename(path)}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode())
    out.write(content + b"\r\n")
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


try:
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(gateway + "/ready", timeout=2).status == 200:
                break
        except Exception:
            time.sleep(0.5)
    else:
        raise SystemExit("the platform did not become ready; see " + work + "/serve.log")

    email, password = f"bench-{os.urandom(4).hex()}@example.test", "Kilimanjaro-2026-duka"
    status, registered = call("POST", "/api/v1/auth/register", {"email": email, "password": password, "name": "Bench"})
    assert status == 201, registered
    status, organization = call("POST", "/api/v1/tenant/organizations", {"name": "Bench Duka"}, token=registered["access_token"])
    assert status == 201, organization
    # A million transactions is beyond every plan but Enterprise: the operator moves the organisation there.
    subprocess.run([binary, "users", "admin", email], env=env, check=True, capture_output=True)
    status, login = call("POST", "/api/v1/auth/login", {"email": email, "password": password})
    assert status == 200, login
    status, changed = call("PATCH", f"/api/v1/tenant/admin/organizations/{organization['id']}", {"plan": "enterprise"}, token=login["access_token"])
    assert status == 200, changed
    def organisation_token():
        # Access tokens live 15 minutes and a million-row ingestion takes longer: each phase signs in again.
        status, login = call("POST", "/api/v1/auth/login", {"email": email, "password": password})
        assert status == 200, login
        status, switched = call("POST", f"/api/v1/tenant/organizations/{organization['id']}/switch", token=login["access_token"])
        assert status == 200, switched
        return switched["access_token"]
    token = organisation_token()

    # 1. Ingestion: monthly statements of one busy account until the ledger holds about rows_target rows.
    months = 24
    per_day = max(1, round(rows_target / (months * 30.4)))
    ingested, seconds = 0, 0.0
    for month in range(months):
        year, month_number = 2024 + (month // 12), month % 12 + 1
        last_day = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month_number - 1]
        path = f"{work}/m{month:02d}.csv"
        subprocess.run([binary, "generate", "--format", "personal-csv", "--months", "1", "--per-day", str(per_day), "--seed", str(100 + month),
                        "--end", f"{year}-{month_number:02d}-{last_day:02d}", "--output", path], check=True, capture_output=True)
        body, content_type = multipart(path, {})
        if month % 6 == 5:
            token = organisation_token()
        started = time.perf_counter()
        status, answer = call("POST", "/api/v1/analytics/statements?wait=true", body, token=token, content_type=content_type)
        seconds += time.perf_counter() - started
        assert status == 201, (status, str(answer)[:400])
        ingested += answer["new_transaction_count"]
        os.remove(path)
    print(f"[{label}] ingestion: {ingested:,} transactions in {months} statements, {seconds:.1f} s, {ingested / seconds:,.0f} transactions/s (parse + categorise + store)")

    # 2. Aggregations through the gateway, then the same in pandas.
    token = organisation_token()
    def timed(path, runs=30):
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            status, _ = call("GET", path, token=token, raw=True)
            samples.append((time.perf_counter() - started) * 1000)
            assert status == 200, status
        return samples
    timed("/api/v1/analytics/categories?granularity=month", 3)
    by_category = timed("/api/v1/analytics/categories?granularity=month")
    top = timed("/api/v1/analytics/counterparties?limit=10")
    status, exported = call("GET", "/api/v1/analytics/transactions/export?format=csv", token=token, raw=True)
    assert status == 200
    result = {"label": label, "rows": ingested, "category_ms": by_category, "counterparty_ms": top}
    try:
        import pandas as pd
        frame = pd.read_csv(io.BytesIO(exported), usecols=["local_time", "direction", "amount_kes", "category", "counterparty_key", "status"], dtype={"counterparty_key": "string"})
        frame = frame[frame["status"] == "completed"]
        frame["month"] = frame["local_time"].str.slice(0, 7)
        frame["cents"] = (frame["amount_kes"] * 100).round().astype("int64")

        def pandas_times(work_function, runs=30):
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                work_function()
                samples.append((time.perf_counter() - started) * 1000)
            return samples
        result["pandas_category_ms"] = pandas_times(lambda: frame.groupby(["month", "category", "direction"])["cents"].agg(["sum", "count"]))
        result["pandas_counterparty_ms"] = pandas_times(lambda: frame.dropna(subset=["counterparty_key"]).groupby(["direction", "counterparty_key"])["cents"].agg(["sum", "count"]).groupby(level=0)["sum"].nlargest(10))
    except ImportError:
        print("pandas is not installed (pip install pandas): no reference for the aggregation ratio")
    for name, key, reference in [("monthly by category", "category_ms", "pandas_category_ms"), ("top counterparties", "counterparty_ms", "pandas_counterparty_ms")]:
        ours = result[key]
        line = f"[{label}] {name} over {ingested:,} rows, HTTP through the gateway: p50 {percentile(ours, 50):.1f} ms, p95 {percentile(ours, 95):.1f} ms (target p95 < 50 ms)"
        if reference in result:
            theirs = result[reference]
            line += f"; pandas groupby in memory p50 {percentile(theirs, 50):.1f} ms, p95 {percentile(theirs, 95):.1f} ms; ratio ours/pandas (p95) {percentile(ours, 95) / percentile(theirs, 95):.3f}x"
        print(line)

    # 3. A 100-page PDF statement end to end, against the parser alone.
    token = organisation_token()
    pdf = f"{work}/statement.pdf"
    pages, per_day_pdf = 0, 70
    for _ in range(6):
        subprocess.run([binary, "generate", "--format", "personal-pdf", "--months", "1", "--per-day", str(per_day_pdf), "--seed", "900", "--end", "2026-06-30", "--output", pdf], check=True, capture_output=True)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        if 100 <= pages <= 110:
            break
        per_day_pdf = max(1, round(per_day_pdf * 102 / pages))
    # The same upload into the busy organisation (a million rows already) and into a new one (its first statement;
    # a new organisation each time, as a Free plan takes one such statement a month).
    def new_organisation_token():
        status, user = call("POST", "/api/v1/auth/register", {"email": f"fresh-{os.urandom(4).hex()}@example.test", "password": password, "name": "Fresh"})
        status, created = call("POST", "/api/v1/tenant/organizations", {"name": "Fresh Duka"}, token=user["access_token"])
        status, switched = call("POST", f"/api/v1/tenant/organizations/{created['id']}/switch", token=user["access_token"])
        return switched["access_token"]
    fresh_ms = []
    parse_ms, upload_ms = [], []
    for run in range(5):
        subprocess.run([binary, "generate", "--format", "personal-pdf", "--months", "1", "--per-day", str(per_day_pdf), "--seed", str(901 + run), "--end", "2026-06-30", "--output", pdf], check=True, capture_output=True)
        body, content_type = multipart(pdf, {})
        started = time.perf_counter()
        status, _ = call("POST", "/api/v1/parser/parse", body, token=token, content_type=content_type, raw=True)
        parse_ms.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
        started = time.perf_counter()
        status, answer = call("POST", "/api/v1/analytics/statements?wait=true", body, token=token, content_type=content_type)
        upload_ms.append((time.perf_counter() - started) * 1000)
        assert status == 201, (status, str(answer)[:300])
        status, listed = call("GET", f"/api/v1/analytics/transactions?statement_id={answer['id']}&limit=1&include_totals=true", token=token)
        assert listed["totals"]["count"] == answer["transaction_count"]
        fresh_token = new_organisation_token()
        started = time.perf_counter()
        status, fresh = call("POST", "/api/v1/analytics/statements?wait=true", body, token=fresh_token, content_type=content_type)
        fresh_ms.append((time.perf_counter() - started) * 1000)
        assert status == 201, (status, str(fresh)[:300])
    print(f"[{label}] {pages}-page PDF statement ({answer['transaction_count']:,} transactions) uploaded to queryable: p50 {percentile(upload_ms, 50):.0f} ms, "
          f"max {max(upload_ms):.0f} ms into the organisation holding {ingested:,} rows, p50 {percentile(fresh_ms, 50):.0f} ms max {max(fresh_ms):.0f} ms into a new one "
          f"(target < 2000 ms); parser alone p50 {percentile(parse_ms, 50):.0f} ms; ratio end-to-end/parse {percentile(upload_ms, 50) / percentile(parse_ms, 50):.2f}x and {percentile(fresh_ms, 50) / percentile(parse_ms, 50):.2f}x")
finally:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(work, ignore_errors=True)
