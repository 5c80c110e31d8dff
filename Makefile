# The two commands that matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
SWIFT ?= swift
DEBIAN_PACKAGES := postgresql-15 postgresql-client-15 python3 zlib1g-dev poppler-utils qpdf libreoffice-calc-nogui openssl
# Under /tmp so the postgres user can reach it whatever the permissions of the checkout's parents.
PG_DIR := /tmp/mpesa-test-postgres-$(shell echo '$(CURDIR)' | md5sum | cut -c1-8)

# The dashboard's toolchain and the browser tests' browser, all from Debian (no npm registry is reachable).
DASHBOARD_PACKAGES := nodejs node-react node-react-dom node-typescript esbuild node-chart.js
BROWSER_PACKAGES := chromium chromium-driver

.PHONY: run build dashboard test test-browser deps bench clean help

help:
	@echo "make run    build and start the whole platform (gateway at http://localhost:9000)"
	@echo "make test   install what is missing, start a throw-away PostgreSQL, run every test"
	@echo "make bench  run the benchmarks (not part of make test)"

build:
	$(SWIFT) build -c release --product mpesa

# Runtime tools the parser needs for PDFs (small; LibreOffice for legacy .xls is installed by `make test`).
RUNTIME_PACKAGES := poppler-utils qpdf

# The dashboard bundle (type-checked in strict mode) into dashboard/dist, which the gateway serves at /.
dashboard:
	@scripts/install-deps.sh $(DASHBOARD_PACKAGES)
	@dashboard/build.sh

run: build dashboard
	@scripts/install-deps.sh $(RUNTIME_PACKAGES)
	.build/release/mpesa serve all

deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES) $(DASHBOARD_PACKAGES) $(BROWSER_PACKAGES)
	@python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q openapi-spec-validator
	@python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install -q aiosmtpd
	@python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium

# The whole suite on a fresh machine: packages, a PostgreSQL of its own (stopped at exit), then swift test.
test: deps
	@set -euo pipefail; \
	trap 'scripts/test-postgres.sh stop "$(PG_DIR)"' EXIT; \
	export $$(scripts/test-postgres.sh start "$(PG_DIR)"); \
	echo "PostgreSQL for tests: $$MPESA_TEST_POSTGRES_URL"; \
	$(SWIFT) build --build-tests; \
	dashboard/build.sh; \
	export MPESA_TEST_WAIT_SCALE=$${MPESA_TEST_WAIT_SCALE:-3}; \
	$(SWIFT) test --skip-build; \
	python3 dashboard/tests/browser_journey.py --mpesa .build/debug/mpesa --artifacts test-artifacts/dashboard

# Only the dashboard's browser journey (after `swift build` and `make dashboard`).
test-browser:
	@python3 dashboard/tests/browser_journey.py --mpesa .build/debug/mpesa --artifacts test-artifacts/dashboard

bench:
	@scripts/install-deps.sh wrk hey nginx-light curl python3 poppler-utils qpdf
	@Benchmarks/platform-overhead.sh
	@Benchmarks/gateway.sh
	@Benchmarks/statement-parsing.sh
	@Benchmarks/identity.sh
	@Benchmarks/categorization.sh
	@python3 -m pip install -q statsforecast pandas >/dev/null 2>&1 || echo "statsforecast/pandas could not be installed: the forecast and aggregation references are skipped"
	@Benchmarks/forecast.sh
	@Benchmarks/analytics.sh

clean:
	rm -rf .build
