# flashpoint: `make demo` and `make test` work on a fresh machine with Python 3.11, make and git.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean web-assets web e2e train cv fuzz

WEB_STAMP := flashpoint/web/static/build/.built

install: $(STAMP) $(WEB_STAMP)

$(STAMP): pyproject.toml scripts/build_web_assets.py
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,cluster]'
	$(BIN)/python scripts/build_web_assets.py
	$(BIN)/python -m flashpoint.geo build
	touch $(STAMP)

demo: install
	$(BIN)/python -m flashpoint.demo

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check flashpoint tests fuzz
	$(BIN)/mypy flashpoint fuzz

bench: install
	-$(BIN)/python -m pip install --quiet -e '.[bench]' || echo "tick not installable here: Hawkes is measured without it"
	$(BIN)/python -m bench.run
	# scale and concurrency (bench/scale.py, bench/concurrency.py), on SQLite and a local PostgreSQL
	FLASHPOINT_BENCH_PG="$$(bash scripts/postgres.sh start)" $(BIN)/python -m bench.scale
	FLASHPOINT_BENCH_PG="$$(bash scripts/postgres.sh start)" $(BIN)/python -m bench.concurrency

# The extractor's trained models (flashpoint/nlp/models/extractor.json) from the annotated corpora in ../shared.
train: install
	$(BIN)/python -m flashpoint.nlp.training train --shared ../shared

# Document-level 5-fold cross-validation of the extractor on the annotated corpora in ../shared.
cv: install
	$(BIN)/python -m flashpoint.nlp.training cv --shared ../shared

clean:
	rm -rf $(VENV) web/node_modules flashpoint/web/static/build demo-out flashpoint.db flashpoint.db-wal flashpoint.db-shm

web-assets: install
	$(BIN)/python scripts/build_web_assets.py --force

# The dashboard's front end (web/: npm packages pinned in web/package-lock.json, bundled with esbuild).
web: $(WEB_STAMP)

$(WEB_STAMP): web/package-lock.json web/build.mjs $(shell find web/src -type f 2>/dev/null)
	bash scripts/build_web.sh
	touch $(WEB_STAMP)

# End-to-end browser tests: installs Debian's chromium and Playwright's Python package, then runs them.
# With FLASHPOINT_E2E_BIG=100000 the dashboard is also tested (and its first paint measured) on a generated
# store of that many events (bench/bigstore.py, built once into artifacts/stores/).
e2e: install
	bash scripts/install_browser.sh
	FLASHPOINT_E2E=1 FLASHPOINT_E2E_BIG=$${FLASHPOINT_E2E_BIG:-100000} $(BIN)/python -m pytest tests/web/test_e2e.py tests/web/test_e2e_dashboard.py

# Fuzzing (issue 15): generated and mutated inputs through ingest, extraction, the API and the CLI for
# FUZZ_BUDGET seconds; crashes and hangs (one input over 10 s) are written to fuzz/failures/ and fail the run.
FUZZ_BUDGET ?= 3600
FUZZ_REPORT ?= artifacts/fuzz/fuzz-$(shell date +%Y%m%d-%H%M%S).json
fuzz: install
	$(BIN)/python -m fuzz.run --budget $(FUZZ_BUDGET) --report $(FUZZ_REPORT)
