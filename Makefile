# `make run` and `make test` do all set-up on a fresh machine (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test test-fast lint format validate bench serve clean system-deps fuzz failover
# axe-core (accessibility engine) from the npm registry, injected by the browser tests.
AXE := tests/browser/.axe/node_modules/axe-core/axe.min.js
# Lighthouse from the npm registry, pinned, for the first-visit benchmark (benchmarks/first_visit.py).
LIGHTHOUSE := benchmarks/.lighthouse/node_modules/lighthouse/cli/index.js

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# deploy/warm.py loads the data and opens every page once as soon as the server answers (in the
# background); a visitor after its "Warmed" line never waits for the load (benchmarks/first_visit.py).
run: $(STAMP)
	$(BIN)/python deploy/warm.py http://localhost:$(PORT) & \
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.address localhost

$(AXE):
	npm install --silent --no-audit --no-fund --prefix tests/browser/.axe axe-core@4.14.1

$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix benchmarks/.lighthouse lighthouse@12.8.2

system-deps:
	bash scripts/system_deps.sh

test: system-deps $(STAMP) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m components.validate
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(STAMP)
	$(BIN)/python -m components.validate $(DATA)

FUZZ_SECONDS ?= 600

# The property tests with many more generated cases, within FUZZ_SECONDS; prints cases and failures per target.
fuzz: $(STAMP)
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m tests.properties.run_fuzz

bench: $(STAMP) $(LIGHTHOUSE)
	$(BIN)/python -m benchmarks.run

# Kills one of two replicas under 40 acting sessions; prints sessions failed, recovery time, views lost.
failover: $(STAMP)
	$(BIN)/python -m benchmarks.failover

serve: $(STAMP)
	bash deploy/serve.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The map's deck.gl bundle (frontend/map-canvas): committed, so `make run` needs no Node; this rebuilds it.
.PHONY: map-canvas
map-canvas:
	cd frontend/map-canvas && npm ci --no-audit --no-fund && node build.mjs
