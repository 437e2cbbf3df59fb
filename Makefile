# The single entry point: `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two installs, the second on top of the first: what running the app needs, then the
# development tools (type checkers, browser drivers), which `make run` never waits for.
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test test-browser lint typecheck migrations-check setup demo totp stop worker beat web bench clean

$(RUNTIME_STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt .
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	touch $@

setup: $(RUNTIME_STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: setup
	$(PY) manage.py seed_demo

# Web (gunicorn on 127.0.0.1:8000), a Celery worker and beat; Ctrl-C stops all three.
run: demo
	@bash bin/run-all

web: setup
	$(VENV)/bin/gunicorn iep_portal.wsgi -c python:iep_portal.gunicorn_conf --bind 127.0.0.1:8000 --workers 2 --access-logfile -

worker: setup
	@if [ -z "$$REDIS_URL" ]; then $(PY) manage.py embedded_redis start; fi
	$(VENV)/bin/celery -A iep_portal worker --loglevel INFO --concurrency 2

beat: setup
	@if [ -z "$$REDIS_URL" ]; then $(PY) manage.py embedded_redis start; fi
	$(VENV)/bin/celery -A iep_portal beat --loglevel INFO --pidfile "$${IEP_VAR_DIR:-var}/celerybeat.pid"

totp: $(RUNTIME_STAMP)
	@$(PY) manage.py totp_code

stop: $(RUNTIME_STAMP)
	$(PY) manage.py embedded_redis stop
	$(PY) manage.py embedded_db stop

test: $(DEV_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: $(DEV_STAMP)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(DEV_STAMP)
	$(VENV)/bin/mypy .

migrations-check: $(DEV_STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# The benchmark makes, migrates and fills a database of its own with one login: the owner's when
# the app has a login of its own (DATABASE_OWNER_URL), so the bulk load may skip triggers.
bench: $(DEV_STAMP)
	DATABASE_URL="$${DATABASE_OWNER_URL:-$${DATABASE_URL:-}}" DATABASE_OWNER_URL= bash bench/run

clean:
	rm -rf $(VENV) var
