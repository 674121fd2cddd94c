# The few commands people run. Each creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: report process test lint format clean kernel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name analysis --display-name "Python (analysis)" >/dev/null
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,dask]"
	$(BIN)/python -m ipykernel install --sys-prefix --name analysis --display-name "Python (analysis)" >/dev/null
	touch $@ $(STAMP)

process: $(STAMP)
	$(BIN)/analysis process data/raw --out data/processed

report: process
	$(BIN)/analysis report --batch notebooks/batch.yaml --data data/processed --out reports

lint: $(DEV_STAMP)
	$(BIN)/ruff check analysis tests benchmarks notebooks
	$(BIN)/ruff format --check analysis tests benchmarks notebooks

test: lint
	$(BIN)/python -m pytest

format: $(DEV_STAMP)
	$(BIN)/ruff format analysis tests benchmarks notebooks
	$(BIN)/ruff check --fix analysis tests benchmarks notebooks

clean:
	rm -rf data/processed/* reports/* .pytest_cache .ruff_cache
