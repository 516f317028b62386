# Two entry points: `make demo` (baseline vs decoupling, plots written) and `make test` (lint and
# every test: what CI runs). Both create .venv with Python >= 3.12 and install the project
# (editable) with its tests. `make test-fast` skips the tests marked slow (under a minute).

VENV := .venv
BIN := $(VENV)/bin
# The first interpreter found that is Python >= 3.12 (pyenv shims may exist but refuse).
PYTHON ?= $(shell for p in python3.12 python3.13 python3 $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)
DEMO_OUT := output
REPLICATIONS := 5

.PHONY: demo test test-fast lint bench mutation install clean

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python >= 3.12 not found (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/convergence run baseline --replications $(REPLICATIONS) --seed 1 --out $(DEMO_OUT)/baseline --overwrite
	$(BIN)/convergence run decoupling --replications $(REPLICATIONS) --seed 1 --out $(DEMO_OUT)/decoupling --overwrite
	$(BIN)/convergence compare $(DEMO_OUT)/baseline $(DEMO_OUT)/decoupling --out $(DEMO_OUT)/baseline-vs-decoupling --overwrite
	@echo "open $(DEMO_OUT)/baseline-vs-decoupling/report.html"

test: lint
	$(BIN)/python -m pytest -q

test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(BIN)/.installed
	$(BIN)/ruff check .

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

# Mutation check of the policy mechanisms (cosmic-ray, into .venv only; edits sources while it runs).
mutation: $(BIN)/.installed
	benchmarks/mutation.sh

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
