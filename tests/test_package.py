"""The package's public surface: every advertised name resolves, and importing is cheap."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import analysis
from analysis.paths import PROJECT_ROOT


@pytest.mark.parametrize("name", analysis.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert callable(getattr(analysis, name))


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        analysis.nonexistent  # noqa: B018


def test_import_does_no_work() -> None:
    code = "import sys, analysis; print(sorted(m for m in ('pandas', 'nltk', 'matplotlib') if m in sys.modules))"
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for command in ("process", "report", "evaluate", "quotes"):
        assert command in result.stdout


@pytest.mark.parametrize(
    "path", sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem
)
def test_notebooks_are_stored_clean_with_one_parameters_cell(path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in code)
    tagged = [cell for cell in code if "parameters" in cell.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert notebook["metadata"]["kernelspec"]["name"] == "analysis"
