# Two commands for everything: `make run` (the site on http://127.0.0.1:8000 with a worker)
# and `make test` (the whole suite). Both build the virtual environment themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# The first Python 3.11+ on PATH; override with `make run PYTHON=/path/to/python3.12`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links in the emails and the start-up lines point: this server, unless set explicitly.
SITE_URL ?= http://$(HOST):$(PORT)

# Settings for the test run: production-like (DEBUG off), but plain HTTP for the test clients.
TEST_ENV := DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_ALLOW_ASYNC_UNSAFE=true \
	ALLOWED_HOSTS=testserver,127.0.0.1,localhost \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}

.PHONY: help install run test lint check format messages browser clean bench

help:
	@echo "make run   - the site on http://$(HOST):$(PORT) (SQLite, demo data, worker, e-post i terminalen; PORT=8012 for another port)"
	@echo "make test  - the whole test suite (SQLite unless DATABASE_URL points elsewhere)"
	@echo "make lint  - ruff lint and format check"
	@echo "make check - what CI runs besides the tests: lint, migrations check, deploy check"
	@echo "make bench - every benchmark in bench/ (or one: make bench BENCH=triage); see bench/README.md"

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Fant ingen Python 3.11 eller nyere på PATH." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# A local .env with a fresh secret key; never committed (see .gitignore and .env.example).
.env:
	@echo "Skriver .env for lokal kjøring"
	@{ echo "DJANGO_DEBUG=true"; \
	   echo "SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	   echo "EMAIL_URL=consolemail://"; \
	   echo "DEMO_ADMIN_PASSWORD=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"; } > .env

# The worker and the server run side by side. Ctrl-C or a TERM stops both: the trap clears
# itself before signalling, so it runs once (a trap that signalled its own process group and
# caught that signal again recursed until the shell crashed with "Segmentation fault").
run: $(STAMP) .env
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py load_demo_data
	@echo "Nettstedet: $(SITE_URL)/   Admin: $(SITE_URL)/admin/"
	@echo "E-post som sendes, skrives ut her i terminalen (arbeideren sender dem)."
	@SITE_URL=$(SITE_URL) $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver --noreload $(HOST):$(PORT) & server=$$!; \
	trap 'trap - EXIT INT TERM; kill $$server $$worker 2>/dev/null; wait; exit 0' EXIT INT TERM; \
	wait $$server

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Nettlesertestene trenger Debians chromium: sudo apt-get install chromium" >&2; fi; }

test: $(STAMP) browser
	@mkdir -p var
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# What CI runs besides the tests, with production-like settings: DEBUG off, a throwaway key, a
# real host name, no local .env. DATABASE_URL and CACHE_URL are taken from the environment
# (CI points them at PostgreSQL and Redis); without them a SQLite file under var/ is used.
CHECK_DATABASE_URL ?= $(or $(DATABASE_URL),sqlite:///$(CURDIR)/var/check.sqlite3)
CHECK_EMAIL_URL ?= $(or $(EMAIL_URL),smtp://127.0.0.1:25)
CHECK_ENV := DJANGO_ENV_FILE=/dev/null DJANGO_DEBUG=false ALLOWED_HOSTS=mestergruppen.no \
	DATABASE_URL=$(CHECK_DATABASE_URL) EMAIL_URL=$(CHECK_EMAIL_URL) \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')

check: lint
	@mkdir -p var
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Norwegian is the source language; English translations live in locale/en.
messages: $(STAMP)
	$(PY) manage.py makemessages -l en --no-location --ignore=.venv --ignore=var --ignore=node_modules
	$(PY) manage.py compilemessages -l en --ignore=.venv

# Every benchmark, or those named in BENCH; each writes its bench/<name>/RESULTS.md with the
# command below, and drops the databases, folders and processes it made.
BENCH ?=
bench: $(STAMP)
	BENCH_COMMAND="make bench$(if $(BENCH), BENCH=$(if $(word 2,$(BENCH)),\"$(BENCH)\",$(BENCH)))" \
	  bash bench/run.sh $(BENCH)

clean:
	rm -rf $(VENV) var
