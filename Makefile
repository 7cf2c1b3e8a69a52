# localoffer: `make run` to set up and serve, `make test` to check everything. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run serve install install-dev assets migrate load collectstatic test lint format typecheck \
	deploy-check migrations-check pytest pytest-postgres pytest-postgres-pages pytest-postgres-rest pytest-both \
	bench lock clean audit

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

run: install assets migrate load collectstatic serve ## Install, migrate, load Medway's data and serve on 127.0.0.1:8000

serve: ## Serve with gunicorn (the production server) on $(HOST):$(PORT)
	@echo ""
	@echo "localoffer is running: go to http://$(HOST):$(PORT)/  (stop it with Ctrl-C)"
	@echo "Sign in at http://$(HOST):$(PORT)/account/sign-in/ with a demo account listed above."
	@echo ""
	@# The background worker sends messages (acknowledgements, outcomes, duty alerts) beside the web server.
	@# Each is told by the kernel to stop when what started it dies, even by kill -9 (setpriv --pdeathsig):
	@# the shell becomes gunicorn (exec), so the worker ends with it, and it ends with make.
	@# gunicorn's limits on the request line and headers are set here; bodies are limited in the app
	@# (core.middleware: refused by their declared size before anything is read).
	@# Messages a kill left waiting (killed between commit and queueing, or while sending) are queued again.
	$(BIN)/python manage.py messages_resume
	setpriv --pdeathsig TERM $(BIN)/python manage.py db_worker & \
	exec setpriv --pdeathsig TERM $(BIN)/gunicorn localoffer.wsgi:application --bind $(HOST):$(PORT) \
		--workers 2 --threads 4 --timeout 30 --graceful-timeout 10 \
		--limit-request-line 4094 --limit-request-fields 100 --limit-request-field_size 8190 \
		--access-logfile - --log-level warning

$(UV):
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

$(BIN)/python: | $(UV)
	$(UV) venv --quiet --python $(PYTHON) $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(UV) pip sync --quiet --python $(BIN)/python requirements.lock
	@rm -f $(VENV)/.installed-dev
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(UV) pip sync --quiet --python $(BIN)/python requirements-dev.lock
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Make the virtual environment from requirements.lock

install-dev: $(VENV)/.installed-dev ## The same, with the test and lint tools (requirements-dev.lock)

lock: | $(UV) ## Re-resolve the lock files from pyproject.toml
	$(UV) pip compile pyproject.toml --quiet --generate-hashes --no-emit-index-url --no-emit-find-links \
		--python-version 3.12 -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --quiet --generate-hashes --no-emit-index-url \
		--no-emit-find-links --python-version 3.12 -o requirements-dev.lock

assets: ## Build GOV.UK Frontend and the council's styles into build/static (needs Node 20+)
	scripts/build-assets

migrate: ## Apply database migrations (SQLite in var/ unless DATABASE_URL is set)
	$(BIN)/python manage.py migrate --no-input -v 0

load: ## Load Medway's reference data and the demo accounts
	$(BIN)/python manage.py load_medway --demo

collectstatic:
	$(BIN)/python manage.py collectstatic --no-input -v 0

# The checks and the three test parts run side by side once installed (mypy alone would hold one core for a
# minute while the other idles); each one's output is printed, whole, when it ends, and any failure fails the run.
test: install-dev assets ## Run every check, on SQLite and PostgreSQL
	@$(MAKE) --no-print-directory -j4 --output-sync=target pytest-postgres-pages pytest-postgres-rest pytest \
		lint typecheck deploy-check migrations-check

lint: ## ruff (lint and formatting) and the layers contract: an app imports only the apps below it
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: ## mypy
	$(BIN)/mypy localoffer bench

# The production settings, as production would set them, must pass Django's deployment checks with no warning.
deploy-check: ## manage.py check --deploy under production settings
	LOCALOFFER_ENVIRONMENT=production DATABASE_URL=sqlite:///:memory: ALLOWED_HOSTS=localoffer.example.org \
	LOCALOFFER_DUTY_ALERT_EMAIL=duty@localoffer.example.org LOCALOFFER_PROXY_COUNT=1 LOCALOFFER_BEHIND_PROXY=true \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

migrations-check: ## Fail if a model change has no migration
	LOCALOFFER_ENVIRONMENT=test $(BIN)/python manage.py makemigrations --check --dry-run

# Which tests run on which database (docs/decisions/0011-test-run-speed.md): PostgreSQL, which production
# runs on, runs the whole suite; SQLite, the embedded default, runs the tests marked `sqlite`: what can differ
# between the two (search, locks, triggers, SQL functions, migrations, loading the council's data). Without
# PostgreSQL here (and not in CI), the SQLite run takes in the whole suite, so that every test still runs.
SQLITE_MARKERS := sqlite
PAGES_MARKERS := browser or fuzz

pytest: ## The tests of what can differ between databases on SQLite (the whole suite when PostgreSQL is absent)
	@if scripts/with-postgres --check || [ -n "$$CI" ]; then $(BIN)/pytest -m "$(SQLITE_MARKERS)"; \
	else echo "No PostgreSQL here: the whole suite runs on SQLite instead"; $(BIN)/pytest; fi

# PostgreSQL runs the whole suite. `PG_MARKERS` picks part of it, and each part gets its own cluster and
# uploads folder, so that parts can run side by side (pytest-both).
PG_MARKERS ?=
PG_PART ?= all
pytest-postgres: ## The whole test suite on a throwaway PostgreSQL cluster (skipped when no server binaries)
	@if scripts/with-postgres --check; then \
		LOCALOFFER_UPLOADS_DIR=$(CURDIR)/var/test-uploads-postgres-$(PG_PART) \
		scripts/with-postgres $(BIN)/pytest $(if $(PG_MARKERS),-m "$(PG_MARKERS)"); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is needed in CI and was not found." >&2; exit 1; \
	else echo "SKIPPED: the PostgreSQL run (no PostgreSQL server binaries on this machine)"; fi

pytest-postgres-pages: # The browser and fuzz tests on PostgreSQL (one half of its run)
	@$(MAKE) --no-print-directory pytest-postgres PG_MARKERS="$(PAGES_MARKERS)" PG_PART=pages

pytest-postgres-rest: # Everything else on PostgreSQL (the other half)
	@$(MAKE) --no-print-directory pytest-postgres PG_MARKERS="not ($(PAGES_MARKERS))" PG_PART=rest

# SQLite's run and PostgreSQL's whole suite in two halves, side by side: three processes share the two cores
# (the browser tests wait on Chromium and the live server much of the time). Each one's output is printed,
# whole, when it ends.
pytest-both: ## pytest and the whole suite on PostgreSQL, at the same time
	@$(MAKE) --no-print-directory -j3 --output-sync=target pytest pytest-postgres-pages pytest-postgres-rest

audit: install-dev ## Known vulnerabilities: pip-audit on the lock files, npm audit on the assets' packages
	scripts/audit

bench: install assets ## Benchmarks: the home page against a trivial view, on the real server
	$(BIN)/python bench/home_page.py

clean: ## Remove the virtual environment, built files and the local database
	rm -rf $(VENV) .tools build node_modules var
