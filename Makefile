# The single entry point: `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-browser lint typecheck migrations-check setup demo totp stop worker beat web bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: setup
	$(PY) manage.py seed_demo

# Web (gunicorn on 127.0.0.1:8000), a Celery worker and beat; Ctrl-C stops all three.
run: demo
	@bash bin/run-all

web: setup
	$(VENV)/bin/gunicorn iep_portal.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

worker: setup
	@if [ -z "$$REDIS_URL" ]; then $(PY) manage.py embedded_redis start; fi
	$(VENV)/bin/celery -A iep_portal worker --loglevel INFO --concurrency 2

beat: setup
	@if [ -z "$$REDIS_URL" ]; then $(PY) manage.py embedded_redis start; fi
	$(VENV)/bin/celery -A iep_portal beat --loglevel INFO

totp: $(STAMP)
	@$(PY) manage.py totp_code

stop: $(STAMP)
	$(PY) manage.py embedded_redis stop
	$(PY) manage.py embedded_db stop

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP)
	bash bench/run

clean:
	rm -rf $(VENV) var
