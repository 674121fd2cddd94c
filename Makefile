# The few commands people run. Each creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: report process test lint format clean kernel build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	ANALYSIS_PURE_PYTHON=1 $(BIN)/pip install --quiet cython -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name analysis --display-name "Python (analysis)" >/dev/null
	touch $@

$(DEV_STAMP): pyproject.toml setup.py | $(BIN)/python
	ANALYSIS_PURE_PYTHON=1 $(BIN)/pip install --quiet cython -e ".[dev,dask]"
	$(BIN)/python -m ipykernel install --sys-prefix --name analysis --display-name "Python (analysis)" >/dev/null
	touch $@ $(STAMP)

# Compiles the stage modules (see setup.py), then only those edited since; under a second
# when nothing changed. Until then an edited module runs from its source (analysis/compiled.py).
build: $(STAMP)
	$(BIN)/python setup.py --quiet build_ext --inplace

process: build
	$(BIN)/analysis process data/raw --out data/processed

report: process
	$(BIN)/analysis report --batch notebooks/batch.yaml --data data/processed --out reports

lint: $(DEV_STAMP)
	$(BIN)/ruff check analysis tests benchmarks notebooks setup.py
	$(BIN)/ruff format --check analysis tests benchmarks notebooks setup.py

test: lint build
	$(BIN)/python -m pytest

format: $(DEV_STAMP)
	$(BIN)/ruff format analysis tests benchmarks notebooks setup.py
	$(BIN)/ruff check --fix analysis tests benchmarks notebooks setup.py

clean:
	rm -rf data/processed/* reports/* .pytest_cache .ruff_cache build analysis/*.c analysis/*/*.c analysis/*.so analysis/*/*.so
