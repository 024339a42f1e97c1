# Every target builds its own virtual environment, so a fresh clone needs only Python 3.11+.
# Playing installs what playing needs; the test, lint and bench tools come with `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAY := $(VENV)/.installed-play
STAMP := $(VENV)/.installed

.PHONY: play test lint typecheck bench bench-full hardening clean

# The venv's own pip (23.2 with Python 3.11) installs editable projects; upgrading it first
# cost the first `make play` several seconds.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PLAY): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(PLAY)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(PLAY) $(STAMP)

play: $(PLAY)
	$(BIN)/triops solo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy triops
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy triops/game

# Quick looks at every target in docs/targets.md (a few minutes); bench-full is the
# issue-sized run whose figures go into that table (about 15 minutes on two cores).
bench: $(STAMP)
	$(BIN)/python bench/engine.py --games 30
	$(BIN)/python bench/load.py --clients 200 --rooms 10 --rate 100 --seconds 10
	$(BIN)/python bench/reconnect.py --clients 200
	$(BIN)/python bench/crash.py --clients 100 --rooms 5 --rate 100 --seconds 4
	$(BIN)/python bench/client.py --quick

bench-full: $(STAMP)
	$(BIN)/python bench/engine.py --games 100
	$(BIN)/python bench/simulate.py --games 1000
	$(BIN)/python bench/load.py --clients 2000 --rooms 100 --rate 1000 --seconds 20
	$(BIN)/python bench/reconnect.py --clients 500
	$(BIN)/python bench/crash.py --clients 400 --rooms 20 --rate 300 --seconds 10
	$(BIN)/python bench/client.py
	$(BIN)/python bench/web.py --sessions 1 10 30

# The fault and hostile-input tests in their full (nightly) profile: 10,000 hypothesis
# frames against a live server and 10,000 fuzzed scenario files. CI runs them with fewer.
hardening: $(STAMP)
	TRIOPS_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -n auto tests/server \
		tests/game/test_scenario_fuzz.py

clean:
	rm -rf $(VENV)
