#!/usr/bin/env python3
"""The dashboard in a real browser (Chromium + chromedriver from Debian, Selenium from PyPI) against a real
`mpesa serve all` on free ports: a new user signs up, creates an organisation, confirms the e-mail from the development
mailbox, uploads a generated password-protected statement, sees the overview's numbers equal the API's, recategorises a
transaction, creates a rule with its live preview, sees the forecast chart, visits every screen (at desktop and phone
width) and logs out. A screenshot of each screen is saved under --artifacts; any console error fails the run.

Usage: browser_journey.py --mpesa .build/debug/mpesa [--artifacts DIR] [--keep]
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

SERVICES = ["gateway", "auth", "tenant", "analytics", "parser", "categorizer", "cashflow", "billing", "payment", "webhook", "notification"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "Kahawa-Tamu-2026!"
STATEMENT_PASSWORD = "12345678"


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


class Failure(Exception):
    pass


class Journey:
    def __init__(self, mpesa, artifacts):
        self.mpesa = os.path.abspath(mpesa)
        self.artifacts = os.path.abspath(artifacts)
        self.work = tempfile.mkdtemp(prefix="dashboard-journey-")
        self.console_errors = []
        self.server = None
        self.driver = None
        self.step_count = 0

    # -- the platform -------------------------------------------------------------------------------------------
    def start_platform(self):
        ports = dict(zip(SERVICES, free_ports(len(SERVICES))))
        self.gateway = f"http://127.0.0.1:{ports['gateway']}"
        env = {k: v for k, v in os.environ.items() if not (k.endswith("_PORT") or (k.endswith("_URL") and k != "PATH"))}
        for service, port in ports.items():
            env[f"{service.upper()}_PORT"] = str(port)
        env.update({
            "DATA_DIR": f"{self.work}/data", "ENV_FILE": f"{self.work}/.env", "CONFIG_FILE": f"{self.work}/mpesa.json",
            "LOG_LEVEL": os.environ.get("JOURNEY_LOG_LEVEL", "warning"), "GATEWAY_STATIC_DIR": os.path.join(ROOT, "dashboard", "dist"), "PUBLIC_URL": self.gateway,
            "HTTP_UPSTREAM_TIMEOUT_MS": "60000", "GATEWAY_READ_TIMEOUT_MS": "120000",
        })
        self.env = env
        self.log = open(f"{self.work}/serve.log", "w")
        self.server = subprocess.Popen([self.mpesa, "serve", "all"], env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.work)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise Failure(f"mpesa serve all exited with {self.server.returncode}; see {self.work}/serve.log")
            try:
                with urllib.request.urlopen(self.gateway + "/ready", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.5)
        raise Failure("the platform did not become ready in 180 s")

    def api(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.gateway + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                payload = answer.read()
                return answer.status, json.loads(payload) if payload else None
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def api_token(self):
        """A token of the journey's user for its organisation, to read what the API says (a second session)."""
        status, answer = self.api("POST", "/api/v1/auth/login", {"email": self.email, "password": PASSWORD, "organization_id": self.organization_id})
        if status != 200:
            raise Failure(f"API login failed: {status} {answer}")
        return answer["access_token"]

    # -- the browser ----------------------------------------------------------------------------------------------
    def start_browser(self):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900", "--lang=en-GB"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(60)
        self.wait = WebDriverWait(self.driver, 60)

    def collect_console(self, where, expected=()):
        """Every console error fails the run, except the browser's own note of an HTTP error the step provoked on
        purpose (`expected`: patterns of such network entries, e.g. the 422 for a weak password)."""
        for entry in self.driver.get_log("browser"):
            if entry.get("level") != "SEVERE":
                continue
            message = entry.get("message", "")
            if entry.get("source") == "network" and any(re.search(pattern, message) for pattern in expected):
                continue
            self.console_errors.append(f"{where}: {message}")

    def open(self, path):
        """A full page load (typing the address, a link from an e-mail, a reload)."""
        self.driver.get(self.gateway + path)

    def goto(self, path):
        """Moves inside the app the way its links do (history API, no reload), as a person clicking around does."""
        self.driver.execute_script("window.history.pushState(null, '', arguments[0]); window.dispatchEvent(new PopStateEvent('popstate'));", path)

    def find(self, selector, timeout=60):
        return WebDriverWait(self.driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))

    def find_all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def testid(self, name, timeout=60):
        return self.find(f'[data-testid="{name}"]', timeout)

    def wait_until(self, predicate, what, timeout=60):
        try:
            return WebDriverWait(self.driver, timeout).until(lambda _: predicate())
        except TimeoutException:
            raise Failure(f"timed out after {timeout} s waiting for {what} (at {self.driver.current_url})")

    def settle(self):
        """Waits until no section is loading."""
        self.wait_until(lambda: not self.find_all('[aria-busy="true"]'), "the page to finish loading", 90)

    def type_into(self, selector, text):
        element = self.find(selector)
        element.clear()
        element.send_keys(text)
        return element

    UNLABELLED = """
        const out = [];
        const text = (id) => (document.getElementById(id) || {}).textContent || "";
        for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea, button, a[href], canvas")) {
          if (el.closest("[hidden], [aria-hidden=true]")) continue;
          const labels = el.labels ? Array.from(el.labels).map((l) => l.textContent).join(" ") : "";
          const name = labels || el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(" ").map(text).join(" ")
            || el.getAttribute("title") || (["BUTTON", "A"].includes(el.tagName) ? el.textContent : "");
          if (!name || !name.trim()) out.push(el.outerHTML.slice(0, 160));
        }
        return out;
    """

    def check_accessible_names(self, where):
        """Every control, link and chart on the screen has a name a screen reader can say."""
        missing = self.driver.execute_script(self.UNLABELLED)
        if missing:
            raise Failure(f"{where}: controls without an accessible name:\n  " + "\n  ".join(missing[:10]))

    def screenshot(self, name, expected=()):
        self.step_count += 1
        path = os.path.join(self.artifacts, f"{self.step_count:02d}-{name}.png")
        self.driver.save_screenshot(path)
        self.collect_console(name, expected)
        self.check_accessible_names(name)
        print(f"  screenshot {os.path.relpath(path, ROOT)}")

    def step(self, title):
        print(f"- {title}", flush=True)

    # -- the journey ---------------------------------------------------------------------------------------------
    def run(self):
        os.makedirs(self.artifacts, exist_ok=True)
        for old in os.listdir(self.artifacts):
            if old.endswith(".png"):
                os.remove(os.path.join(self.artifacts, old))
        self.step("start mpesa serve all and Chromium")
        self.start_platform()
        statement = f"{self.work}/statement.pdf"
        subprocess.run([self.mpesa, "generate", "--format", "personal-pdf", "--months", "3", "--password", STATEMENT_PASSWORD, "--seed", "8",
                        "--output", statement], check=True, capture_output=True, env=self.env)
        self.start_browser()

        self.step("a signed-out visitor is sent to log in")
        self.open("/transactions?q=rent")
        self.wait_until(lambda: "/login" in self.driver.current_url, "the redirect to /login")
        self.find("#email")
        self.screenshot("login")

        self.step("sign up")
        self.find('a[href^="/register"]').click()
        self.email = f"owner-{os.getpid()}@example.test"
        self.type_into("#name", "Wanjiku Kamau")
        self.type_into("#email", self.email)
        self.type_into("#password", "password")
        self.testid("register-submit").click()
        self.find(".field-error")  # a common password is refused at the field
        self.screenshot("register-weak-password", expected=[r"/api/v1/auth/register .*status of 422"])
        self.type_into("#password", PASSWORD)
        self.testid("register-submit").click()

        self.step("create the organisation")
        self.type_into('[data-testid="org-name"]', "Mama Mboga Traders")
        self.screenshot("create-organisation")
        self.testid("org-create").click()
        self.wait_until(lambda: self.driver.current_url.rstrip("/").endswith("/upload") or "/upload" in self.driver.current_url, "the upload screen")
        token_status, me = None, None
        status, answer = self.api("POST", "/api/v1/auth/login", {"email": self.email, "password": PASSWORD})
        if status != 200:
            raise Failure(f"API login failed: {status} {answer}")
        status, me = self.api("GET", "/api/v1/auth/me", token=answer["access_token"])
        memberships = me.get("memberships") or []
        if len(memberships) != 1 or memberships[0].get("name") != "Mama Mboga Traders":
            raise Failure(f"the organisation was not created: {memberships}")
        self.organization_id = memberships[0]["organization_id"]

        self.step("confirm the e-mail from the development mailbox")
        mail = subprocess.run([self.mpesa, "mail", "--latest-to", self.email], env=self.env, capture_output=True, text=True, check=True).stdout
        link = re.search(r"https?://\S+/verify-email\?token=[A-Za-z0-9_\-.]+", mail)
        if not link:
            raise Failure(f"no verification link in the e-mail:\n{mail}")
        self.driver.get(link.group(0))
        self.testid("email-verified")
        self.screenshot("email-verified")

        self.step("upload a password-protected statement and follow it to the verdict")
        self.goto("/upload")
        self.testid("file-input", timeout=60) if False else self.find('[data-testid="dropzone"]')
        self.driver.find_element(By.CSS_SELECTOR, '[data-testid="file-input"]').send_keys(statement)
        self.testid("statement-password").send_keys("wrong-pass")
        self.testid("upload-submit").click()
        self.wait_until(lambda: self.find_all(".note-error"), "the wrong-password problem", 120)
        self.screenshot("upload-wrong-password")
        password = self.testid("statement-password")
        password.clear()
        password.send_keys(STATEMENT_PASSWORD)
        self.testid("upload-submit").click()
        verdict = self.find('[data-testid="verdict"]', timeout=300)
        if verdict.get_attribute("data-verdict") != "verified":
            raise Failure(f"the statement's verdict is {verdict.get_attribute('data-verdict')}, expected verified")
        self.screenshot("upload-verified")

        token = self.api_token()
        self.step("the overview's numbers equal the API's")
        self.goto("/")
        self.testid("kpis")
        self.settle()
        status, ledger = self.api("GET", "/api/v1/analytics/summary", token=token)
        last = ledger["to"]
        first = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(last, "%Y-%m-%d")) - 29 * 86400 + 43200))
        status, summary = self.api("GET", f"/api/v1/analytics/summary?from={first}&to={last}", token=token)
        for kpi, field in [("inflow", "inflow_cents"), ("outflow", "outflow_cents"), ("net", "net_cents"), ("fees", "fees_cents")]:
            card = self.testid(f"kpi-{kpi}")
            shown = int(card.get_attribute("data-cents"))
            if shown != summary[field]:
                raise Failure(f"KPI {kpi}: the page shows {shown} cents, the API {summary[field]} (period {first}..{last})")
            text = card.find_element(By.CSS_SELECTOR, ".kpi-value").text
            if text != kes(summary[field]):
                raise Failure(f"KPI {kpi} reads {text!r}, expected {kes(summary[field])!r}")
        status, categories = self.api("GET", f"/api/v1/analytics/categories?from={first}&to={last}", token=token)
        outflow = {line["category"]: line["amount_cents"] for line in categories["categories"] if line["direction"] == "out"}
        for line in self.find_all('[data-testid="category-line"]'):
            if int(line.get_attribute("data-cents")) != outflow.get(line.get_attribute("data-category")):
                raise Failure(f"category {line.get_attribute('data-category')}: page {line.get_attribute('data-cents')}, API {outflow}")
        if not self.find_all('[data-testid="flow-chart"] canvas'):
            raise Failure("the inflow/outflow chart is missing")
        self.screenshot("overview")

        self.step("the keyboard alone reaches the navigation and opens a screen")
        # A keyboard user's first Tab on a fresh page lands on the skip link; start there (blurring would leave
        # Chrome's sequential-focus starting point wherever the last click was).
        self.driver.execute_script("window.scrollTo(0, 0); document.querySelector('.skip-link').focus();")
        reached = False
        for _ in range(30):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            focused = self.driver.switch_to.active_element
            if focused.tag_name == "a" and focused.text.strip() == "Transactions":
                reached = True
                outline = self.driver.execute_script("const s = getComputedStyle(arguments[0]); return s.boxShadow + ' ' + s.outlineStyle;", focused)
                if "none none" in outline or outline.strip() in ("none", "none none"):
                    raise Failure("the focused navigation link shows no focus ring")
                focused.send_keys(Keys.ENTER)
                break
        if not reached:
            raise Failure("thirty presses of Tab did not reach the Transactions link")
        self.wait_until(lambda: "/transactions" in self.driver.current_url, "Enter on the link to open Transactions")
        self.testid("transactions-table")
        self.goto("/")
        self.testid("kpis")
        self.settle()

        self.step("an insight links to its evidence in the ledger")
        evidence = self.find_all('[data-testid="insight-evidence"]')
        if not evidence:
            raise Failure("the overview shows no insight with evidence for three months of a shop's statement")
        expected = set(re.search(r"[?&]id=([^&]+)", evidence[0].get_attribute("href")).group(1).split(","))
        evidence[0].click()
        self.testid("evidence-banner")
        self.wait_until(lambda: len(self.find_all('[data-testid="transaction-row"]')) == min(len(expected), 15)
                        or {row.get_attribute("data-id") for row in self.find_all('[data-testid="transaction-row"]')} == expected,
                        "exactly the insight's evidence rows")
        shown = {row.get_attribute("data-id") for row in self.find_all('[data-testid="transaction-row"]')}
        if not shown <= expected:
            raise Failure(f"the evidence view shows transactions that are not the insight's evidence: {sorted(shown - expected)[:5]}")
        self.screenshot("insight-evidence")

        self.step("recategorise a transaction inline")
        self.goto("/transactions?direction=out")
        self.testid("transactions-table")
        self.wait_until(lambda: self.find_all('[data-testid="transaction-row"]'), "transaction rows")
        row = self.find_all('[data-testid="transaction-row"]')[0]
        transaction_id = row.get_attribute("data-id")
        select = Select(row.find_element(By.CSS_SELECTOR, '[data-testid="category-select"]'))
        current = select.first_selected_option.get_attribute("value")
        target = next(option.get_attribute("value") for option in select.options if option.get_attribute("value") not in (current, "", None, "uncategorized"))
        select.select_by_value(target)

        def recategorised():
            status, record = self.api("GET", f"/api/v1/analytics/transactions/{transaction_id}", token=token)
            return status == 200 and record.get("category") == target and record.get("category_source") == "manual"

        self.wait_until(recategorised, f"transaction {transaction_id} to be recategorised as {target}")
        self.screenshot("transactions-recategorised")
        self.step("search is kept in the URL")
        search = self.testid("transactions-search")
        search.send_keys("KPLC")
        self.wait_until(lambda: "q=KPLC" in self.driver.current_url, "the search in the URL")

        self.step("create a rule with a live preview")
        self.goto("/rules")
        self.testid("rule-form")
        self.create_rule(token)
        self.screenshot("rules")

        self.step("the cashflow forecast chart")
        self.goto("/cashflow")
        self.find('[data-testid="forecast-chart"] canvas', timeout=120)
        self.settle()
        if not self.testid("forecast-model").text.strip():
            raise Failure("the forecast does not say which model made it")
        self.screenshot("cashflow")

        self.step("reports, organisation and settings")
        self.goto("/reports")
        self.testid("monthly-report", timeout=120)
        self.testid("lender-summary", timeout=120)
        self.settle()
        self.screenshot("reports")
        self.goto("/organization")
        self.testid("members-list")
        self.settle()
        self.screenshot("organisation")
        self.goto("/settings")
        self.testid("profile-name")
        self.settle()
        self.screenshot("settings")

        self.step("phone width")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        self.open("/")
        self.testid("kpis")
        self.settle()
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        if width > 400:
            raise Failure(f"the overview scrolls sideways at phone width ({width}px wide)")
        self.screenshot("overview-phone")
        self.goto("/transactions")
        self.testid("transactions-table")
        self.settle()
        self.screenshot("transactions-phone")
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

        self.step("a reload keeps the session (httpOnly refresh cookie) and the place")
        self.open("/transactions?direction=in")
        self.testid("transactions-table")
        if "/login" in self.driver.current_url:
            raise Failure("a reload lost the session")
        # The cookie's path is /api/v1/auth, so the page's own cookie list does not show it: ask the browser.
        cookies = {cookie["name"]: cookie for cookie in self.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]}
        refresh = cookies.get("mpesa_refresh")
        if not refresh or not refresh.get("httpOnly"):
            raise Failure(f"the refresh token is not in an httpOnly cookie: {cookies}")
        storage = self.driver.execute_script("return JSON.stringify(window.localStorage) + JSON.stringify(window.sessionStorage) + document.cookie")
        if "rt_" in storage or "eyJ" in storage:
            raise Failure("a token is readable by page scripts")

        self.step("log out")
        self.testid("logout").click()
        self.wait_until(lambda: "/login" in self.driver.current_url, "the login page after logout")
        self.open("/")
        self.wait_until(lambda: "/login" in self.driver.current_url, "the login page when coming back after logout")
        self.find("#email")
        self.screenshot("logged-out")

        self.collect_console("end")
        if self.console_errors:
            raise Failure("console errors:\n  " + "\n  ".join(self.console_errors))

    def create_rule(self, token):
        """A rule for KPLC tokens: the live preview counts the matches before anything is saved."""
        self.type_into('[data-testid="rule-name"]', "KPLC tokens are utilities")
        self.type_into('[data-testid="trigger-value"]', "KPLC")
        Select(self.testid("rule-category")).select_by_value("utilities")
        counted = self.wait_until(lambda: re.search(r"([\d,]+) of ([\d,]+) transactions match", self.testid("rule-preview-count").text),
                                  "the live preview's count", 60)
        matched = int(counted.group(1).replace(",", ""))
        status, page = self.api("GET", "/api/v1/analytics/transactions?q=KPLC&limit=500", token=token)
        searched = len(page["transactions"])
        if matched == 0 or searched == 0:
            raise Failure(f"the preview matched {matched} transactions and the ledger search {searched}: the statement has KPLC payments")
        self.screenshot("rule-preview")
        self.testid("rule-save").click()

        def saved():
            status, answer = self.api("GET", "/api/v1/categorizer/rules", token=token)
            return status == 200 and any(rule.get("name") == "KPLC tokens are utilities" for rule in answer.get("rules", []))

        self.wait_until(saved, "the rule to be saved")
        self.wait_until(lambda: "KPLC tokens are utilities" in self.testid("rules-list").text, "the new rule in the list")

    def close(self, keep):
        if self.driver:
            try:
                self.driver.quit()
            except Exception:
                pass
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        if not keep:
            shutil.rmtree(self.work, ignore_errors=True)


def kes(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}KES {cents // 100:,}.{cents % 100:02d}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mpesa", default=os.path.join(ROOT, ".build", "debug", "mpesa"))
    parser.add_argument("--artifacts", default=os.path.join(ROOT, "test-artifacts", "dashboard"))
    parser.add_argument("--keep", action="store_true", help="keep the data directory and server log")
    arguments = parser.parse_args()
    if not os.path.exists(os.path.join(ROOT, "dashboard", "dist", "index.html")):
        print("dashboard/dist is not built: run dashboard/build.sh (make test does)", file=sys.stderr)
        return 2
    journey = Journey(arguments.mpesa, arguments.artifacts)
    started = time.time()
    print("Dashboard browser journey")
    try:
        journey.run()
    except Exception as error:  # noqa: BLE001 - every failure is reported with a screenshot and the server log
        try:
            if journey.driver:
                journey.driver.save_screenshot(os.path.join(journey.artifacts, "failure.png"))
        except Exception:
            pass
        print(f"FAILED: {error}", file=sys.stderr)
        if not isinstance(error, Failure):
            traceback.print_exc()
        try:
            with open(f"{journey.work}/serve.log") as log:
                print("--- last lines of the server log ---", file=sys.stderr)
                print("".join(log.readlines()[-40:]), file=sys.stderr)
        except OSError:
            pass
        journey.close(keep=True)
        print(f"(data kept in {journey.work})", file=sys.stderr)
        return 1
    journey.close(arguments.keep)
    print(f"Dashboard browser journey passed in {time.time() - started:.0f} s; screenshots in {os.path.relpath(journey.artifacts, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
