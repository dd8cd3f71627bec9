# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
SQLITE_DB := db/annotator.sqlite3
PORT ?= 8501

.PHONY: run test init lint bench interop peers scale clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)

# The package is installed in editable compat mode (a plain path in a .pth file): the default
# editable finder costs every Python process (each command, the app server) 8-9 ms of imports
# at start (measured 2026-12-07).
$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q --no-deps -e . --config-settings editable_mode=compat
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PIP) install -q -r requirements-dev.txt
	touch $@

# Create the database with a demo project the first time, migrate it on later runs.
init: $(RUNTIME_STAMP)
	@if [ -z "$$ANNOTATOR_DATABASE_URL" ] && [ ! -f $(SQLITE_DB) ]; then \
		$(PY) -m annotator init --demo; \
	else \
		$(PY) -m annotator init; \
	fi

run: init
	$(PY) -m annotator.ui.server run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

# The suite runs only on code that lints and type-checks (CI runs `make test`).
test: lint
	$(PY) -m pytest

# Style first, then types (the files and options of mypy are in pyproject.toml).
lint: $(DEV_STAMP)
	$(PY) -m ruff check annotator tests bench app.py
	$(PY) -m mypy

# Every benchmark but the two that install and run Label Studio (`make peers`, `make interop`) and
# the 100,000-document project (`make scale`, most of an hour on 2 cores), nor bench/pages.py (it
# times the pages of a database you name).
bench: $(DEV_STAMP)
	@for script in $(filter-out bench/peers.py bench/interop.py bench/scale.py bench/pages.py,$(wildcard bench/*.py)); do \
		echo "== $$script"; $(PY) $$script || exit 1; done

# Label Studio 1.23.2 beside our app (installed into .bench/ on first use; never part of `make test`).
# interop: our Label Studio export through a real Label Studio and back, every span compared.
interop: $(DEV_STAMP)
	$(PY) bench/interop.py

# peers: ours and Label Studio side by side on the peer data set (issue 18).
peers: $(DEV_STAMP)
	$(PY) bench/peers.py

# scale: a 100,000-document project (2 million spans) on SQLite and PostgreSQL (issue 18).
scale: $(DEV_STAMP)
	$(PY) bench/scale.py

clean-venv:
	rm -rf $(VENV)
