# The two commands of the README's Quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit setup lock bench bench-service bench-compose bench-report bench-scale clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# Seed the demo organisation into ./socialrx.db (once; prints how to log in), then serve it on
# http://127.0.0.1:8000 in the foreground (Ctrl-C stops it).
demo: $(STAMP)
	$(BIN)/socialrx demo
	$(BIN)/socialrx serve

lint: $(STAMP)
	$(BIN)/ruff check socialrx tests bench
	$(BIN)/ruff format --check socialrx tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# Regenerate requirements.lock (the pinned versions every install uses).
lock:
	$(PYTHON) -m venv /tmp/socialrx-lock && /tmp/socialrx-lock/bin/pip install --quiet uv
	/tmp/socialrx-lock/bin/uv pip compile pyproject.toml --extra dev --quiet -o requirements.lock

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

bench-service: $(STAMP)
	$(BIN)/python bench/service.py

# The compose page's live check in Chromium (apt-get install chromium).
bench-compose: $(STAMP)
	$(BIN)/python bench/compose.py

bench-report: $(STAMP)
	$(BIN)/python bench/report.py

# `socialrx batch` on 1,000,000 posts: local and Spark engines, 1 and 2 workers (about 30 min).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
