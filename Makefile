# Sanad. `make demo` starts Sanad with demo data on SQLite; `make test` runs the whole suite.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
SANAD := $(BIN)/sanad
export SANAD_HOME ?= $(CURDIR)/var
HTMX := src/sanad/web/vendor_static/vendor/htmx.min.js

.PHONY: demo test test-postgres lint bench soak install assets messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed assets messages

$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

assets: $(HTMX)

messages:
	@for po in src/sanad/locale/*/LC_MESSAGES/django.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done

demo: install
	$(SANAD) init-keys $(SANAD_HOME)
	$(SANAD) migrate --no-input -v 0
	chmod 700 $(SANAD_HOME) && chmod 600 $(SANAD_HOME)/sanad.sqlite3
	$(SANAD) demo
	@echo "Sanad runs on http://127.0.0.1:8000/ (Ctrl-C stops it)"
	$(SANAD) runserver --insecure 127.0.0.1:8000

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py

# 50 signed-in users for 60 s, then again with PostgreSQL restarted mid-way; a throwaway PostgreSQL 15 cluster
# of its own (run as root, it runs the server as the postgres user). About five minutes; not part of `test`.
soak: install
	$(BIN)/python benchmarks/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) node_modules $(HTMX) var
