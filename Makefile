# GovIT — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: run install test test-sqlite test-postgres test-e2e lint fmt lock demo clean

# Development: DEBUG=true generates var/secret_key and var/audit_key on first run.
run: install
	DEBUG=true $(BIN)/govit migrate --noinput
	DEBUG=true $(BIN)/govit demo
	DEBUG=true $(BIN)/govit runserver 127.0.0.1:$(PORT)

install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt bin/system-packages
	bin/system-packages
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The whole suite: lint, SQLite, PostgreSQL, then the browser.
test: install lint test-sqlite test-postgres test-e2e

test-sqlite: install
	GOVIT_TESTING=true $(BIN)/pytest -q -n 2 -m "not e2e"

# Skipped with a message when PostgreSQL is down, unless CI is set (then it fails).
# GOVIT_TEST_POSTGRES_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres).
test-postgres: install
	GOVIT_TESTING=true $(BIN)/python -m govit.core.pgtest $(BIN)/pytest -q -n 2 -m "not e2e"

# Playwright driving Debian's /usr/bin/chromium; one process (live_server + one browser).
# Screenshots land in var/screenshots/.
test-e2e: install
	GOVIT_TESTING=true DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -m e2e -p no:xdist

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	GOVIT_TESTING=true $(BIN)/mypy govit
	GOVIT_TESTING=true $(BIN)/govit makemigrations --check --dry-run
	GOVIT_TESTING=true $(BIN)/govit spectacular --fail-on-warn --validate --file var/openapi.yaml
	DEBUG=false SECRET_KEY=lint-only-$$(date +%s)-production-like-secret-key-value-0123456789 \
	  AUDIT_HMAC_KEY=lint-only-audit-key ALLOWED_HOSTS=govit.example.gov.cn \
	  DATABASE_URL=sqlite:///var/lint-check.sqlite3 \
	  $(BIN)/govit check --deploy --fail-level WARNING

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-resolve the lock file from pyproject.toml (needs network to PyPI).
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet -e ".[dev]"
	var/lockenv/bin/pip freeze --exclude-editable | grep -v '^govit' > requirements/lock.txt
	rm -rf var/lockenv

demo: install
	DEBUG=true $(BIN)/govit migrate --noinput
	DEBUG=true $(BIN)/govit demo

clean:
	rm -rf $(VENV) var/*.sqlite3* var/screenshots
