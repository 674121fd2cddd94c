"""Tests for the compiled build of the stage modules (setup.py, analysis/compiled.py)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.compiled import _BUILD_SUFFIXES, _FreshSourceFinder, compiled_modules
from analysis.paths import PROJECT_ROOT, RAW_DIR


def _modules_in_setup() -> list[str]:
    """The module names setup.py compiles, read from its COMPILED list."""
    tree = ast.parse((PROJECT_ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "COMPILED":
            paths = ast.literal_eval(node.value)
            return sorted(p.removesuffix(".py").replace("/", ".") for p in paths)
    raise AssertionError("setup.py has no COMPILED list")


def test_every_listed_stage_module_runs_compiled() -> None:
    # `make test` builds first; a failure here means a module was edited after the last
    # build (run `make build`) or did not compile
    assert compiled_modules() == _modules_in_setup()


def _fake_module(folder: Path, build_is_newer: bool) -> None:
    source = folder / "mod.py"
    build = folder / f"mod{_BUILD_SUFFIXES[0]}"
    source.write_text("VALUE = 1\n")
    build.write_bytes(b"not a real build")
    older, newer = (source, build) if build_is_newer else (build, source)
    os.utime(older, (1_000_000, 1_000_000))
    os.utime(newer, (2_000_000, 2_000_000))


def test_a_source_edited_after_its_build_is_imported_instead(tmp_path: Path) -> None:
    _fake_module(tmp_path, build_is_newer=False)
    spec = _FreshSourceFinder.find_spec("analysis.fake.mod", [str(tmp_path)])
    assert spec is not None and spec.origin == str(tmp_path / "mod.py")


def test_a_current_build_is_left_to_the_normal_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANALYSIS_PURE_PYTHON", raising=False)
    _fake_module(tmp_path, build_is_newer=True)
    assert _FreshSourceFinder.find_spec("analysis.fake.mod", [str(tmp_path)]) is None
    assert _FreshSourceFinder.find_spec("other.mod", [str(tmp_path)]) is None


def test_a_source_written_a_moment_after_its_build_is_not_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANALYSIS_PURE_PYTHON", raising=False)
    _fake_module(tmp_path, build_is_newer=True)
    os.utime(tmp_path / "mod.py", (2_000_001, 2_000_001))  # an installer's order, 1 s apart
    assert _FreshSourceFinder.find_spec("analysis.fake.mod", [str(tmp_path)]) is None


def test_pure_python_mode_always_imports_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANALYSIS_PURE_PYTHON", "1")
    _fake_module(tmp_path, build_is_newer=True)
    spec = _FreshSourceFinder.find_spec("analysis.fake.mod", [str(tmp_path)])
    assert spec is not None and spec.origin == str(tmp_path / "mod.py")


@pytest.mark.slow
def test_compiled_and_pure_python_runs_give_the_same_tables(tmp_path: Path) -> None:
    outputs = {}
    for label, pure in (("compiled", "0"), ("pure", "1")):
        out = tmp_path / label
        env = {**os.environ, "ANALYSIS_PURE_PYTHON": pure}
        command = [sys.executable, "-m", "analysis", "process", str(RAW_DIR), "--out", str(out)]
        subprocess.run([*command, "--no-progress"], env=env, check=True, capture_output=True)
        outputs[label] = out
    for table in ("articles", "sentences", "quotes", "speakers", "errors"):
        compiled = pd.read_parquet(outputs["compiled"] / table)
        pure = pd.read_parquet(outputs["pure"] / table)
        assert len(compiled) > 0 or table == "errors"
        pd.testing.assert_frame_equal(compiled, pure)
