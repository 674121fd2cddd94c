# The few commands people run. Each creates .venv when it is missing.
# Debian's own CPython 3.11 runs the stages about 1.2x faster than a CPython built from
# source with default options (what `python3` is on our machines): use it when it can make
# a venv and compile (its headers are there). `make PYTHON=python3.12 ...` picks another.
DEBIAN_PYTHON := /usr/bin/python3.11
PYTHON ?= $(shell $(DEBIAN_PYTHON) -c "import ensurepip, os, sysconfig, venv; \
	assert os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h'))" \
	2>/dev/null && echo $(DEBIAN_PYTHON) || echo python3)
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
