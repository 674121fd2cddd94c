"""Parameters, batch files and run plans: what ``analysis report`` will run, before it runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.paths import NOTEBOOKS_DIR
from analysis.reports.data import _with_month, resolve_data_dir

#: The notebooks ``analysis report`` runs when it is given neither notebooks nor a batch.
DEFAULT_NOTEBOOKS = ("corpus_overview", "speaker_share", "sentiment", "term_frequencies")


#: Parameters the runner sets itself.
RUNNER_PARAMETERS = ("output_dir",)


#: ``each:`` in a batch run: one run per value found in the data, with these parameters.
EACH = ("source", "month")


def parse_parameter_value(text: str) -> Any:
    """A ``-p NAME VALUE`` value parsed as YAML: ``5`` -> 5, ``[a, b]`` -> list, ``null`` -> None.

    Dates and times become ISO strings (notebook parameters are plain literals).
    """
    return _plain(yaml.safe_load(text)) if text.strip() else None


def parse_parameters(pairs: Iterable[Sequence[str]]) -> dict[str, Any]:
    """``[(NAME, VALUE), ...]`` from the command line to a parameter dict (values as YAML)."""
    parameters = {}
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"a parameter is NAME VALUE, got {list(pair)}")
        name, value = pair
        if not name.isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier")
        try:
            parameters[name] = parse_parameter_value(value)
        except ValueError as error:  # YAML reads 2025-13-01 as a date, and fails
            raise ValueError(f"parameter {name}: cannot read {value!r} ({error})") from None
    return parameters


def read_batch(path: str | Path) -> dict[str, Any]:
    """Read a batch file: ``{"defaults": {...}, "runs": [{"notebook", "slug", "parameters"}]}``.

    Raises:
        ValueError: the file is not a mapping with a non-empty ``runs`` list of valid runs.
    """
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list) or not data["runs"]:
        raise ValueError(f"{path}: a batch file needs a non-empty `runs:` list")
    unknown = set(data) - {"defaults", "runs"}
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)} (expected defaults, runs)")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ValueError(f"{path}: `defaults:` must map parameter names to values")
    runs = []
    for index, run in enumerate(data["runs"], start=1):
        if isinstance(run, str):
            run = {"notebook": run}
        if not isinstance(run, dict) or "notebook" not in run:
            raise ValueError(f"{path}: run {index} needs a `notebook:`")
        extra = set(run) - {"notebook", "slug", "parameters", "each"}
        if extra:
            raise ValueError(f"{path}: run {index} has unknown keys {sorted(extra)}")
        parameters = run.get("parameters") or {}
        if run.get("each") not in (None, *EACH):
            raise ValueError(f"{path}: run {index}: `each:` is one of {list(EACH)}")
        if not isinstance(parameters, dict):
            raise ValueError(f"{path}: run {index}: `parameters:` must be a mapping")
        notebook = str(run["notebook"])
        if _looks_like_path(notebook) and not Path(notebook).is_absolute():
            notebook = str(path.parent / notebook)
        runs.append(
            {
                "notebook": notebook,
                "slug": None if run.get("slug") is None else str(run["slug"]),
                "parameters": _plain(parameters),
                "each": run.get("each"),
            }
        )
    return {"defaults": _plain(defaults), "runs": runs}


def notebook_path(notebook: str | Path) -> Path:
    """The .ipynb file for a notebook name (``speaker_share``) or path.

    Raises:
        FileNotFoundError: no such notebook.
    """
    text = str(notebook)
    path = Path(text) if _looks_like_path(text) else NOTEBOOKS_DIR / f"{text}.ipynb"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")))
        raise FileNotFoundError(f"no notebook {text!r} ({path}); known notebooks: {known}")
    return path


def notebook_parameters(path: str | Path) -> dict[str, Any]:
    """The parameters a notebook declares in its ``parameters`` cell, with their defaults."""
    import papermill

    return {
        name: info.get("default") for name, info in papermill.inspect_notebook(str(path)).items()
    }


#: the smallest value of the notebooks' count parameters
_MINIMUM = {"top_n": 1, "min_quotes": 1, "min_count": 1, "n_boot": 0, "seed": 0}


def _check_types(path: Path, values: dict[str, Any], declared: dict[str, Any]) -> None:
    """A value must have the kind of its notebook default (a number for a float, a whole
    number for an int, a list for a list), and a count its :data:`_MINIMUM`; ``None``
    defaults and ``None`` values accept anything."""
    for name, value in values.items():
        default = _literal(declared.get(name))
        if default is None or value is None:
            continue
        numbers = (int, float)
        expected = type(default).__name__
        if isinstance(default, bool) or not isinstance(default, numbers):
            same = isinstance(value, type(default))
        elif isinstance(default, int):
            same, expected = isinstance(value, int) and not isinstance(value, bool), "whole number"
        else:
            same = isinstance(value, numbers) and not isinstance(value, bool)
        if not same:
            raise ValueError(
                f"parameter {name} of {path.name} expects a {expected} "
                f"(default {default!r}), got {value!r}"
            )
        if name in _MINIMUM and value < _MINIMUM[name]:
            raise ValueError(
                f"parameter {name} of {path.name} must be at least {_MINIMUM[name]}, got {value!r}"
            )


def plan_runs(
    notebooks: Sequence[str | Path] = (),
    *,
    parameters: Mapping[str, Any] | None = None,
    batch: str | Path | None = None,
    data_dir: str | Path | None = None,
) -> list[dict[str, Any]]:
    """The runs ``run_reports`` would execute, with their final parameters, without running.

    Returns:
        One dict per run: ``notebook`` (name), ``path``, ``slug``, ``parameters`` (what is
        passed to papermill, except ``output_dir``), ``data_dir`` (the folder the notebook
        will read, absolute; None when it declares no ``data_dir``).

    Raises:
        FileNotFoundError: a notebook does not exist.
        ValueError: a run sets a parameter its notebook does not declare, a ``-p`` parameter
            is declared by none of the notebooks, or two runs share a notebook and slug.
    """
    requested = []
    defaults: dict[str, Any] = {}
    if batch is not None:
        spec = read_batch(batch)
        defaults = spec["defaults"]
        requested.extend(spec["runs"])
    requested.extend({"notebook": str(nb), "slug": None, "parameters": {}} for nb in notebooks)
    if not requested:
        requested = [{"notebook": nb, "slug": None, "parameters": {}} for nb in DEFAULT_NOTEBOOKS]
    overrides = _plain(dict(parameters or {}))
    if data_dir is not None:
        overrides["data_dir"] = str(Path(data_dir).resolve())

    declared_cache: dict[Path, dict[str, Any]] = {}
    planned = []
    for run in requested:
        path = notebook_path(run["notebook"]).resolve()
        if path not in declared_cache:
            declared_cache[path] = notebook_parameters(path)
        declared = declared_cache[path]
        unknown = sorted(set(run["parameters"]) - set(declared))
        if unknown:
            raise ValueError(
                f"run {path.stem}: unknown parameters {unknown}; {path.name} declares {sorted(declared)}"
            )
        values = {k: v for k, v in {**defaults, **overrides}.items() if k in declared}
        values.update(run["parameters"])
        _check_types(path, values, declared)
        for name in RUNNER_PARAMETERS:
            values.pop(name, None)
        data = values.get("data_dir", _literal(declared.get("data_dir")))
        data = resolve_data_dir(data) if "data_dir" in declared else None
        if run.get("each"):
            for value, extra in _each_values(run["each"], data):
                if set(extra) - set(declared):
                    raise ValueError(
                        f"run {path.stem}: `each: {run['each']}` needs {sorted(extra)}"
                    )
                slug = _slugify(value) if not run["slug"] else f"{run['slug']}-{_slugify(value)}"
                planned.append(
                    {
                        "notebook": path.stem,
                        "path": path,
                        "slug": slug,
                        "parameters": {**values, **extra},
                        "data_dir": data,
                    }
                )
            continue
        slug = run["slug"] or _slug_for(run["parameters"], overrides)
        planned.append(
            {
                "notebook": path.stem,
                "path": path,
                "slug": slug,
                "parameters": values,
                "data_dir": data,
            }
        )

    all_declared = set().union(*declared_cache.values()) if declared_cache else set()
    unused = sorted(set(overrides) - all_declared - {"data_dir"})
    if unused:
        raise ValueError(f"parameters {unused} are declared by none of the notebooks run")
    seen: set[tuple[str, str]] = set()
    for run in planned:
        key = (run["notebook"], run["slug"])
        if key in seen:
            raise ValueError(
                f"two runs would write {run['notebook']}/{run['slug']}: give each a slug"
            )
        seen.add(key)
    return planned


def _looks_like_path(text: str) -> bool:
    return text.endswith(".ipynb") or "/" in text or "\\" in text


def _plain(value: Any) -> Any:
    """YAML values as notebook literals: dates to ISO strings, tuples to lists."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _literal(text: str | None) -> Any:
    """A parameter default as written in the notebook (``"data/processed"``) to its value."""
    import ast

    return ast.literal_eval(text) if text else None


def _each_values(each: str, data_dir: str | Path | None) -> list[tuple[str, dict[str, Any]]]:
    """(value, parameters) for every source or month of the processed articles, sorted.

    Raises:
        FileNotFoundError: no articles table in ``data_dir``.
        ValueError: the articles table has no source (or no dated article) to run for.
    """
    from analysis.io.tables import read_table

    root = resolve_data_dir(data_dir)
    articles = read_table(root, "articles", columns=["source", "published_at"])
    if each == "source":
        values = sorted(str(v) for v in articles["source"].dropna().unique())
        runs = [(value, {"sources": [value]}) for value in values]
    else:
        months = _with_month(articles)["month"].dropna().unique()
        runs = []
        for month in sorted(str(m) for m in months):
            start = pd.Period(month, freq="M")
            runs.append(
                (
                    month,
                    {
                        "date_from": start.start_time.date().isoformat(),
                        "date_to": start.end_time.date().isoformat(),
                    },
                )
            )
    if not runs:
        raise ValueError(f"`each: {each}`: no {each} found in the articles of {root}")
    return runs


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", str(text).lower()).strip("-.") or "x"


def _slug_for(*layers: Mapping[str, Any]) -> str:
    """A file-name-safe slug from the parameter values that make a run different, else ``all``.

    Long slugs are cut and given a short hash of the parameters, so they stay unique.
    """
    values = {}
    for layer in layers:
        values.update({k: v for k, v in layer.items() if k not in ("data_dir", *RUNNER_PARAMETERS)})
    parts = []
    for value in values.values():
        if isinstance(value, list):
            value = "+".join(str(v) for v in value)
        parts.append(str(value))
    slug = re.sub(r"[^a-z0-9+.]+", "-", "_".join(parts).lower()).strip("-.")
    if len(slug) > 60:
        digest = hashlib.sha1(json.dumps(values, sort_keys=True).encode()).hexdigest()[:8]
        slug = f"{slug[:50].rstrip('-.')}-{digest}"
    return slug or "all"
