# The two commands of the README: `make run` and `make test`.
# Everything else here is what they are made of.

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# The newest Python 3.11+ on the machine.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: run test test-browser lint format check messages install clean bench-notice bench-pages bench-week

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required (apt-get install python3)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# Speed of generating a conclusion notice with 60 directives (see bench/notice.py).
bench-notice: install
	$(PY) bench/notice.py

# Latency, throughput and queries of the key pages, served by gunicorn, on the database of
# DATABASE_URL filled by `manage.py generate_data --scale province|nation` (docs/performance.md).
bench-pages: install
	$(PY) bench/pages.py $(BENCH_ARGS)

# A reporting week in one committee (reporters saving drafts and submitting, staff saving
# the conclusion and accepting reports, leaders reading), with locust against gunicorn, on
# the same database (bench/week.py; e.g. BENCH_ARGS="--save-every 1 --json out.json").
bench-week: install
	$(PY) bench/week.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Extract strings (needs GNU gettext's xgettext) and compile the catalogs with
# polib, so that running the app never needs gettext installed.
messages: install
	$(PY) manage.py makemessages --locale vi --no-obsolete --ignore '.venv/*' --ignore 'static/vendor/*'
	$(PY) manage.py makemessages --locale vi --domain djangojs --no-obsolete --ignore '.venv/*' --ignore 'static/vendor/*' --ignore 'staticfiles/*'
	$(PY) scripts/compile_messages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-results
