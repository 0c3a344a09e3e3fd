# The two commands: `make demo` serves the demo alliance, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Test-only environment lives in tests/environment.py; production settings come from the env.
PYTEST_WORKERS ?= 2

.PHONY: help demo serve test test-fast lint format check bench audit vendor messages worker beat clean

help:
	@echo "make demo     create .venv, migrate SQLite under var/, load the demo alliance, serve http://127.0.0.1:8000/"
	@echo "make test     install the test tools and run lint, the migrations check and the whole suite"
	@echo "make bench    run the benchmarks (ratios against a baseline measured in the same run)"
	@echo "make audit    check the installed dependencies against known vulnerabilities (needs the internet)"
	@echo "make vendor   re-copy pinned front-end libraries from npm into static/vendor/ (needs Node)"
	@echo "make messages update and compile the translations in locale/"

$(VENV)/.runtime: pyproject.toml
	@if [ ! -x $(PY) ]; then \
	  py=$${PYTHON:-$$(scripts/find-python.sh)} || exit 1; \
	  echo "Creating $(VENV) with $$py"; \
	  "$$py" -m venv $(VENV); \
	fi
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	@touch $@

var/secret_key:
	@mkdir -p var
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

demo: $(VENV)/.runtime var/secret_key
	@export DEBUG=true SECRET_KEY="$$(cat var/secret_key)" MFA_REQUIRED=$${MFA_REQUIRED:-false}; \
	  unset DATABASE_URL REDIS_URL; \
	  $(PY) manage.py migrate --no-input && \
	  $(PY) manage.py seed_demo && \
	  echo "" && echo "  The platform is served at http://127.0.0.1:8000/  (Ctrl+C stops it)" && echo "" && \
	  $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=15

test-fast: $(VENV)/.test
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not e2e"

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The measurement benchmark needs PostgreSQL: the local one unless DATABASE_URL says otherwise.
bench: $(VENV)/.test
	@command -v wrk >/dev/null || apt-get install -y wrk || { echo "make bench needs wrk (apt-get install -y wrk)"; exit 1; }
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" $(PY) -m tests.perf.run

# The dependencies against the known vulnerabilities (osv.dev or PyPI): needs the internet.
audit: $(VENV)/.test
	$(PY) -m pytest -p no:cacheprovider -rA tests/security/audit_dependencies.py

vendor:
	bash scripts/vendor.sh

messages: $(VENV)/.runtime
	@export DEBUG=true; \
	  $(PY) manage.py makemessages --locale da --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/vendor/*' --ignore 'tests/*' --no-obsolete && \
	  $(PY) manage.py compilemessages --ignore '.venv/*'

worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A config worker --loglevel INFO

beat: $(VENV)/.runtime
	$(VENV)/bin/celery -A config beat --loglevel INFO

clean:
	rm -rf var/db.sqlite3 var/bench .pytest_cache
