# schemagen: every target bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COMPILED := $(VENV)/.compiled

.DEFAULT_GOAL := help
.PHONY: help generate check test lint bench goldens clean

help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The templates precompiled to Python (generator/_compiled/, gitignored): made again whenever a template changes,
# so that a checkout after a pull does not compile them on every run (stale ones are never used, only slower).
$(COMPILED): $(STAMP) $(wildcard templates/*.jinja)
	$(BIN)/python -c 'import generator.render.environment as e; e.precompile(e.COMPILED)'
	touch $(COMPILED)

generate: $(COMPILED) ## Regenerate generated/ from schemas/, and the shipped metaschema validators
	$(BIN)/schemagen generate
	$(BIN)/python -m generator.targets.metaschemas

check: $(COMPILED) ## Fail (with a diff) if generated/ is stale
	$(BIN)/schemagen check

test: $(COMPILED) ## Run the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff + mypy --strict on the package and on generated/
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/ruff check --no-force-exclude --config tests/generated-ruff.toml generated
	$(BIN)/ruff format --check --no-force-exclude --config tests/generated-ruff.toml generated
	$(BIN)/mypy --strict generated

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) $(COMPILED) ## Run every benchmark; writes BENCHMARKS.md and bench/ratios.png
	$(BIN)/python bench/run.py

clean: ## Remove the venv and caches
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

goldens: $(STAMP) ## Rewrite tests/golden/ from tests/fixtures/corpus/ (then review the diff)
	SCHEMAGEN_UPDATE_GOLDENS=1 $(BIN)/python -m pytest -q tests/test_golden.py
