"""Batch reports: run the parameterised notebooks with papermill and export them to HTML.

One *run* is one notebook executed with one set of parameters. It produces, under the
reports folder (``reports/`` by default)::

    <notebook>/<slug>.html     the report, code cells hidden, figures embedded
    <notebook>/<slug>.ipynb    the executed notebook (outputs kept)
    <notebook>/<slug>/         figures (PNG) and tables (CSV) the notebook saved
    runs.json                  the record of every run, latest per (notebook, slug)
    index.html                 a page listing every report, rebuilt from runs.json

The runner passes ``output_dir`` (the run's folder above) to every notebook that declares
it; the notebooks save their figures and tables there with :func:`save_plot` and
:func:`save_table`, which do nothing when ``output_dir`` is ``None`` (interactive use).

Parameters come from four layers, later ones winning: the notebook's own defaults, the
batch file's ``defaults``, the caller's ``parameters`` (``-p NAME VALUE`` on the command
line), then the run's own ``parameters`` in the batch file. A batch file looks like::

    defaults:            # applied to every run whose notebook declares the parameter
      top_n: 10
    runs:
      - notebook: corpus_overview          # a name in notebooks/ or a path to an .ipynb
      - notebook: speaker_share
        slug: harbour-gazette              # default: built from the run's parameters
        parameters: {sources: [harbour-gazette], top_n: 5}
      - notebook: speaker_share
        each: source                       # one run per outlet found in the data
      - notebook: sentiment
        each: month                        # one run per month (date_from/date_to set)

With ``each:``, the runs are expanded from the processed articles of the run's ``data_dir``;
each slug is the outlet's (or month's) name, after the run's ``slug`` when one is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.paths import NOTEBOOKS_DIR, PROCESSED_DIR, PROJECT_ROOT, REPORTS_DIR

#: The notebooks ``analysis report`` runs when it is given neither notebooks nor a batch.
DEFAULT_NOTEBOOKS = ("corpus_overview", "speaker_share", "sentiment", "term_frequencies")
#: The project's Jupyter kernel (``make`` installs it); ``python3`` is the fallback.
PROJECT_KERNEL = "analysis"
RUNS_RECORD = "runs.json"
INDEX_PAGE = "index.html"
#: Parameters the runner sets itself.
RUNNER_PARAMETERS = ("output_dir",)
#: ``each:`` in a batch run: one run per value found in the data, with these parameters.
EACH = ("source", "month")

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# The lab template without its CDN scripts (require.js, MathJax, mermaid): a report is one
# self-contained file that opens offline without console errors.
_REPORT_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ output.metadata.get('analysis_alt', 'figure') | escape_html }}">
</div>
{% endblock data_png %}
{% block extra_css %}
<style type="text/css">
  body { max-width: 72rem; margin: 0 auto; padding: 1rem 2rem; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
</style>
{% endblock extra_css %}
"""


# --- parameters and batch files ---------------------------------------------------------


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
        parameters[name] = parse_parameter_value(value)
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
        passed to papermill, except ``output_dir``).

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
        for name in RUNNER_PARAMETERS:
            values.pop(name, None)
        if run.get("each"):
            data = values.get("data_dir", _literal(declared.get("data_dir")))
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
                    }
                )
            continue
        slug = run["slug"] or _slug_for(run["parameters"], overrides)
        planned.append({"notebook": path.stem, "path": path, "slug": slug, "parameters": values})

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


# --- running -----------------------------------------------------------------------------


def report_kernel_name() -> str:
    """``analysis`` when the project kernel is installed, else ``python3`` (this Python)."""
    from jupyter_client.kernelspec import KernelSpecManager

    return (
        PROJECT_KERNEL if PROJECT_KERNEL in KernelSpecManager().find_kernel_specs() else "python3"
    )


def run_reports(
    notebooks: Sequence[str | Path] = (),
    *,
    parameters: Mapping[str, Any] | None = None,
    batch: str | Path | None = None,
    data_dir: str | Path | None = None,
    out: str | Path = REPORTS_DIR,
    kernel_name: str | None = None,
) -> list[dict[str, Any]]:
    """Run notebooks with papermill, export each to HTML, and rebuild the reports index.

    A failing notebook does not stop the others: its result says ``failed`` with the failing
    cell's error, and its HTML (up to the error) is still written.

    Args:
        notebooks: notebook names (``speaker_share``) or paths; with no notebooks and no
            batch, every notebook of :data:`DEFAULT_NOTEBOOKS` runs once.
        parameters: values for every run whose notebook declares them (``-p NAME VALUE``).
        batch: a YAML batch file (see the module docstring).
        data_dir: the processed-data folder, passed as ``data_dir`` (relative to the
            current directory).
        out: the reports folder.
        kernel_name: the Jupyter kernel; default :func:`report_kernel_name`.

    Returns:
        One dict per run, in order: ``notebook, slug, parameters, status`` (``ok`` /
        ``failed``), ``error`` (None or ``"ZeroDivisionError: ..."`` with the cell),
        ``traceback``, ``html``, ``ipynb``, ``output_dir`` (absolute paths as str),
        ``figures``, ``tables`` (file names), ``started_at`` (ISO, UTC), ``duration_s``.

    Raises:
        FileNotFoundError, ValueError: from :func:`plan_runs`, before anything runs.
    """
    planned = plan_runs(notebooks, parameters=parameters, batch=batch, data_dir=data_dir)
    out = Path(out).resolve()
    kernel = kernel_name or report_kernel_name()
    results = [_run_one(run, out=out, kernel_name=kernel) for run in planned]
    index = write_index(out, results)
    return [{**result, "index": str(index)} for result in results]


def _run_one(run: dict[str, Any], *, out: Path, kernel_name: str) -> dict[str, Any]:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    folder = out / run["notebook"]
    output_dir = folder / run["slug"]
    ipynb = folder / f"{run['slug']}.ipynb"
    page = folder / f"{run['slug']}.html"
    _clear_outputs(output_dir, ipynb, page)
    output_dir.mkdir(parents=True, exist_ok=True)
    values = dict(run["parameters"])
    if "output_dir" in notebook_parameters(run["path"]):
        values["output_dir"] = str(output_dir)

    started_at = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    error = traceback = None
    try:
        papermill.execute_notebook(
            str(run["path"]),
            str(ipynb),
            parameters=values,
            kernel_name=kernel_name,
            progress_bar=False,
            cwd=str(PROJECT_ROOT),
        )
    except PapermillExecutionError as exc:
        error = f"cell [{exc.exec_count}]: {exc.ename}: {exc.evalue}"
        traceback = _ANSI.sub("", "\n".join(exc.traceback))
    except Exception as exc:  # the kernel died, the notebook is unreadable ...: record it
        error = f"{type(exc).__name__}: {exc}"
        traceback = error
    duration = time.perf_counter() - start
    if ipynb.is_file():
        try:
            export_html(ipynb, page)
        except Exception as exc:  # keep the run's own error first
            error = error or f"HTML export failed: {type(exc).__name__}: {exc}"
    files = sorted(p.name for p in output_dir.iterdir() if p.is_file())
    return {
        "notebook": run["notebook"],
        "slug": run["slug"],
        "parameters": run["parameters"],
        "status": "failed" if error else "ok",
        "error": error,
        "traceback": traceback,
        "html": str(page) if page.is_file() else None,
        "ipynb": str(ipynb) if ipynb.is_file() else None,
        "output_dir": str(output_dir),
        "figures": [name for name in files if name.endswith(".png")],
        "tables": [name for name in files if name.endswith(".csv")],
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_s": round(duration, 2),
    }


def _clear_outputs(output_dir: Path, *files: Path) -> None:
    """Remove what an earlier run of the same notebook and slug left, so nothing stale remains."""
    for path in files:
        path.unlink(missing_ok=True)
    if output_dir.is_dir():
        for path in output_dir.iterdir():
            if path.is_file() and path.suffix in {".png", ".csv"}:
                path.unlink()


def export_html(ipynb: str | Path, page: str | Path) -> Path:
    """Export an executed notebook to one self-contained HTML page with the code hidden."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"analysis_report.html.j2": _REPORT_TEMPLATE})],
        template_file="analysis_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    notebook = nbformat.read(str(ipynb), as_version=4)
    _describe_figures(notebook)
    body, _ = exporter.from_notebook_node(
        notebook, resources={"metadata": {"name": _title(notebook)}}
    )
    page = Path(page)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(body, encoding="utf-8")
    return page


def _describe_figures(notebook: Any) -> None:
    """Give each PNG output an alternative text: the heading of its section of the report."""
    heading = _title(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            lines = [line for line in cell.source.splitlines() if line.startswith("#")]
            heading = lines[-1].lstrip("#").strip() if lines else heading
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.setdefault("metadata", {})["analysis_alt"] = f"Figure: {heading}"


def _title(notebook: Any) -> str:
    """The first markdown heading of a notebook, for the page title."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "Report"


# --- index and summary -------------------------------------------------------------------


def write_index(out: str | Path, results: Sequence[dict[str, Any]] = ()) -> Path:
    """Merge ``results`` into ``out/runs.json`` and rebuild ``out/index.html`` from it.

    The record keeps the latest run per (notebook, slug); runs whose HTML has since been
    deleted are dropped.
    """
    from analysis.io.tables import write_json

    out = Path(out).resolve()
    record_path = out / RUNS_RECORD
    runs: dict[tuple[str, str], dict[str, Any]] = {}
    if record_path.is_file():
        for row in json.loads(record_path.read_text(encoding="utf-8")).get("runs", []):
            if row.get("html") and (out / row["html"]).is_file():
                runs[(row["notebook"], row["slug"])] = row
    for result in results:
        runs[(result["notebook"], result["slug"])] = _record_row(result, out)
    rows = sorted(runs.values(), key=lambda row: (row["notebook"], row["slug"]))
    write_json({"runs": rows}, record_path)
    page = out / INDEX_PAGE
    page.write_text(_index_html(rows), encoding="utf-8")
    return page


def _record_row(result: dict[str, Any], out: Path) -> dict[str, Any]:
    row = {k: v for k, v in result.items() if k not in ("traceback", "index")}
    for key in ("html", "ipynb", "output_dir"):
        if row.get(key):
            row[key] = Path(row[key]).resolve().relative_to(out).as_posix()
    return row


def _index_html(rows: Sequence[dict[str, Any]]) -> str:
    esc = html.escape
    body = []
    for row in rows:
        name = f"{row['notebook']}/{row['slug']}"
        link = f'<a href="{esc(row["html"])}">{esc(name)}</a>' if row.get("html") else esc(name)
        params = "<br>".join(
            f"<code>{esc(k)}</code> = {esc(json.dumps(v, ensure_ascii=False))}"
            for k, v in sorted(row["parameters"].items())
            if k != "data_dir"
        )
        files = []
        if row.get("ipynb"):
            files.append(f'<a href="{esc(row["ipynb"])}">notebook</a>')
        if row.get("figures") or row.get("tables"):
            n_files = len(row.get("figures", [])) + len(row.get("tables", []))
            files.append(f'<a href="{esc(row["output_dir"])}/">{n_files} files</a>')
        status = esc(row["status"])
        if row.get("error"):
            status += f'<div class="error">{esc(row["error"])}</div>'
        body.append(
            f'<tr class="{esc(row["status"])}"><td>{link}</td><td>{params or "defaults"}</td>'
            f"<td>{status}</td><td>{esc(row['started_at'])}</td>"
            f"<td>{row['duration_s']:.1f} s</td><td>{' · '.join(files)}</td></tr>"
        )
    n_failed = sum(row["status"] != "ok" for row in rows)
    summary = f"{len(rows)} reports" + (f", {n_failed} failed" if n_failed else "")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reports</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 75rem; padding: 0 1rem; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
  tr.failed td {{ background: #fdecea; }}
  .error {{ color: #a61b1b; font-family: monospace; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>Reports</h1>
<p>{summary}. Each report is a notebook run with the parameters shown (others at their defaults).</p>
<table>
<thead><tr><th>Report</th><th>Parameters</th><th>Status</th><th>Started (UTC)</th><th>Run time</th><th>Files</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</body>
</html>
"""


def format_report_summary(results: Sequence[dict[str, Any]]) -> str:
    """A few lines for the terminal: one per run, the failing cells' errors, the index path."""
    lines = []
    for result in results:
        where = result.get("html") or result.get("ipynb") or ""
        lines.append(
            f"{result['status']:<7} {result['notebook']}/{result['slug']:<30} "
            f"{result['duration_s']:6.1f} s  {where}"
        )
    failed = [r for r in results if r["status"] != "ok"]
    for result in failed:
        lines.append("")
        lines.append(f"{result['notebook']}/{result['slug']} failed at {result['error']}")
        tail = (result.get("traceback") or "").strip().splitlines()[-12:]
        lines.extend(f"    {line}" for line in tail)
    lines.append("")
    lines.append(f"{len(results)} reports: {len(results) - len(failed)} ok, {len(failed)} failed")
    if results and results[0].get("index"):
        lines.append(f"index: {results[0]['index']}")
    return "\n".join(lines)


# --- what the notebooks call -----------------------------------------------------------------


@dataclass(frozen=True)
class ReportData:
    """The processed tables a report works on, already filtered by its parameters.

    ``quotes`` are annotated (``source, published_at, month, gender, speaker_type``) and
    filtered by date, sources and quote types; ``all_quotes`` are the same quotes of every
    type (to tell narration from quoted speech); ``articles`` and ``sentences`` (with
    ``source, published_at, month``) are filtered by date and sources; ``speakers`` and
    ``errors`` are the whole corpus's.
    """

    data_dir: Path
    articles: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    all_quotes: pd.DataFrame
    speakers: pd.DataFrame
    errors: pd.DataFrame
    manifest: dict[str, Any]


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    """The processed-data folder: relative paths are relative to the project root."""
    path = Path(data_dir) if data_dir else PROCESSED_DIR
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_report_data(
    data_dir: str | Path | None = None,
    *,
    sources: str | Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    quote_types: str | Sequence[str] | None = None,
) -> ReportData:
    """Read the processed tables and apply a report's filters.

    Empty ``sources`` / ``quote_types`` and ``None`` dates mean "no filter". ``date_to`` is
    inclusive (a date keeps its whole day); with a date filter, undated articles drop out.

    Raises:
        FileNotFoundError: the folder has no quotes table (run ``analysis process`` first).
    """
    from analysis.io.tables import read_manifest, read_table, read_tables
    from analysis.schemas import TABLES, empty_table
    from analysis.share import annotate_quotes, filter_quotes

    root = resolve_data_dir(data_dir)
    read_table(root, "quotes", columns=["quote_id"])  # a clear error when nothing is there
    tables = read_tables(root)
    for name, schema in TABLES.items():
        tables.setdefault(name, empty_table(schema))
    articles = tables["articles"]
    manifest = read_manifest(root) if (root / "manifest.json").is_file() else {}
    context = {
        "date_from": date_from or None,
        "date_to": date_to or None,
        "sources": _list_or_none(sources),
    }
    # filter_quotes only reads the columns of the filters given: source and published_at,
    # which articles have too, so articles and quotes are cut by the same rules.
    kept_articles = filter_quotes(articles, **context)
    all_quotes = filter_quotes(
        annotate_quotes(tables["quotes"], articles, tables["speakers"]), **context
    )
    quotes = filter_quotes(all_quotes, quote_types=_list_or_none(quote_types))
    sentences = tables["sentences"]
    sentences = sentences[sentences["article_id"].isin(kept_articles["article_id"])]
    return ReportData(
        data_dir=root,
        articles=_with_month(kept_articles).reset_index(drop=True),
        sentences=_with_article_context(sentences, articles).reset_index(drop=True),
        quotes=quotes.reset_index(drop=True),
        all_quotes=all_quotes.reset_index(drop=True),
        speakers=tables["speakers"],
        errors=tables["errors"],
        manifest=manifest,
    )


def group_columns(group_by: str | Sequence[str] | None) -> list[str]:
    """The ``by`` columns for a notebook's ``group_by`` parameter: None or "" -> ``[]``."""
    return _by_list(group_by)


def corpus_summary(data: ReportData) -> pd.DataFrame:
    """One row describing the (filtered) corpus: counts and the date range.

    Columns: ``n_sources, n_articles, n_undated_articles, first_published_at,
    last_published_at, n_sentences, n_quotes, n_speakers, n_errors``. ``n_speakers`` counts
    the distinct resolved speakers quoted; ``n_errors`` is the whole corpus's.
    """
    published = pd.to_datetime(data.articles["published_at"], utc=True)
    return pd.DataFrame(
        {
            "n_sources": [data.articles["source"].nunique()],
            "n_articles": [len(data.articles)],
            "n_undated_articles": [int(published.isna().sum())],
            "first_published_at": [published.min()],
            "last_published_at": [published.max()],
            "n_sentences": [len(data.sentences)],
            "n_quotes": [len(data.quotes)],
            "n_speakers": [data.quotes["speaker_id"].nunique()],
            "n_errors": [len(data.errors)],
        }
    )


def attribution_counts(
    quotes: pd.DataFrame, *, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """How the speakers of the quotes were found, per group.

    Columns: group columns, ``attribution`` (name, pronoun, title, ..., unknown),
    ``n_quotes``, ``quote_share`` (within the group); most frequent first.
    """
    by = _by_list(by)
    frame = quotes.assign(attribution=quotes["attribution"].astype("string").fillna("unknown"))
    counts = (
        frame.groupby([*by, "attribution"], dropna=False).size().rename("n_quotes").reset_index()
    )
    totals = (
        counts.groupby(by, dropna=False)["n_quotes"].transform("sum")
        if by
        else counts["n_quotes"].sum()
    )
    counts = counts.assign(quote_share=counts["n_quotes"] / totals)
    counts = counts.sort_values(
        [*by, "n_quotes", "attribution"], ascending=[True] * len(by) + [False, True]
    )
    return counts.reset_index(drop=True)


def top_rows(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    n: int = 10,
    order: str | None = None,
) -> pd.DataFrame:
    """The first ``n`` rows of each group: in the table's order, or by ``order`` descending."""
    by = _by_list(by)
    if order is not None:
        table = table.sort_values([*by, order], ascending=[True] * len(by) + [False], kind="stable")
    top = table.groupby(by, dropna=False, sort=False).head(n) if by else table.head(n)
    return top.reset_index(drop=True)


def speaker_rows(table: pd.DataFrame, speakers: str | Sequence[str] | None) -> pd.DataFrame:
    """The rows of a per-speaker table for the speakers of interest (by name or id).

    With no speakers of interest, an empty frame with the table's columns.
    """
    wanted = _list_or_none(speakers) or []
    hit = pd.Series(False, index=table.index)
    for column in ("speaker_name", "speaker_id"):
        if column in table.columns:
            hit |= table[column].isin(wanted).fillna(False).astype(bool)
    return table[hit].reset_index(drop=True)


def speaker_pair(
    quotes: pd.DataFrame, speakers: str | Sequence[str] | None = None
) -> tuple[str | None, str | None]:
    """Two speakers to contrast: the first two ``speakers`` of interest that are quoted,
    completed with the most-quoted resolved speakers (ties by name); None where missing.
    """
    known = quotes[quotes["speaker_id"].notna()]
    counts = known.groupby("speaker_name").size().reset_index(name="n")
    ranked = [
        str(name)
        for name in counts.sort_values(["n", "speaker_name"], ascending=[False, True])[
            "speaker_name"
        ]
    ]
    chosen = [name for name in _list_or_none(speakers) or [] if name in set(ranked)][:2]
    chosen += [name for name in ranked if name not in chosen][: 2 - len(chosen)]
    chosen += [None] * (2 - len(chosen))
    return chosen[0], chosen[1]


def quotes_of(quotes: pd.DataFrame, speaker: str | None) -> pd.DataFrame:
    """The quotes of one speaker (by name or id); empty for None."""
    if speaker is None:
        return quotes.iloc[0:0]
    hit = quotes["speaker_name"].eq(speaker).fillna(False) | quotes["speaker_id"].eq(
        speaker
    ).fillna(False)
    return quotes[hit.astype(bool)]


def show_example_article(
    data: ReportData,
    *,
    speakers: str | Sequence[str] | None = None,
    article_id: str | None = None,
) -> Any:
    """The example article with its quotes highlighted (see :func:`example_article_id`).

    Returns what :func:`analysis.display.show_article` returns, or a Markdown note when no
    article of the report has quotes.
    """
    from IPython.display import Markdown

    from analysis.display import show_article

    chosen = example_article_id(data.quotes, speakers=speakers, article_id=article_id)
    if chosen is None:
        return Markdown("*No article in this selection has quotes to show.*")
    return show_article(chosen, articles=data.articles, quotes=data.quotes)


def save_table(frame: pd.DataFrame, output_dir: str | Path | None, name: str) -> Path | None:
    """Write ``frame`` to ``output_dir/name.csv`` (UTF-8, no index); nothing when no folder."""
    if output_dir is None:
        return None
    path = Path(output_dir) / f"{Path(name).stem}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def save_plot(ax: Any, output_dir: str | Path | None, name: str) -> Path | None:
    """Save the figure of ``ax`` to ``output_dir/name.png``; nothing when no folder."""
    if output_dir is None:
        return None
    from analysis.plots import save_figure

    path = Path(output_dir) / f"{Path(name).stem}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_figure(ax, path)
    return path


def articles_per_month(
    articles: pd.DataFrame, *, by: str | Sequence[str] | None = "source"
) -> pd.DataFrame:
    """Number of articles per group and month: ``(by..., month, n_articles)``.

    Undated articles are counted under month ``"undated"``; every group lists every month
    seen in the table (zero included), so the table plots as regular bars.
    """
    by = _by_list(by)
    frame = _with_month(articles)
    frame = frame.assign(
        month=frame["month"].fillna("undated"),
        **{k: frame[k].astype("string").fillna("unknown") for k in by},
    )
    keys = [*by, "month"]
    if frame.empty:
        return pd.DataFrame(
            {**{k: pd.Series(dtype="string") for k in keys}, "n_articles": pd.Series(dtype="int64")}
        )
    counts = frame.groupby(keys).size().rename("n_articles")
    if by:
        levels = [sorted(frame[k].unique()) for k in keys]
        counts = counts.reindex(pd.MultiIndex.from_product(levels, names=keys), fill_value=0)
    return counts.reset_index().sort_values(keys, kind="stable").reset_index(drop=True)


def plot_articles_per_month(
    monthly: pd.DataFrame, *, by: str | Sequence[str] | None = None, ax: Any = None
) -> Any:
    """Stacked bars of :func:`articles_per_month`: articles per month, one colour per group.

    Drawn in the look of :mod:`analysis.plots` (its ``STYLE`` and palette).

    Returns:
        The matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    from analysis.plots import PALETTE, STYLE

    by = _by_list(by)
    groups = monthly[by].astype("string").agg(" / ".join, axis=1) if by else "all"
    wide = monthly.assign(_group=groups).pivot_table(
        index="month", columns="_group", values="n_articles", aggfunc="sum", fill_value=0
    )
    with plt.rc_context({**STYLE, "axes.grid.axis": "y"}):
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6.0, 0.5 * len(wide) + 3), 4), layout="constrained")
        bottom = pd.Series(0, index=wide.index)
        for position, group in enumerate(wide.columns):
            color = PALETTE[position % len(PALETTE)]
            ax.bar(
                wide.index.astype(str), wide[group], bottom=bottom, label=str(group), color=color
            )
            bottom = bottom + wide[group]
        ax.set_xlabel("month of publication (UTC)")
        ax.set_ylabel("articles")
        ax.set_title(f"Articles per month (n = {int(monthly['n_articles'].sum())} articles)")
        ax.tick_params(axis="x", labelrotation=45)
        if by:
            ax.legend(title=" / ".join(by))
    return ax


def quotes_per_article(
    articles: pd.DataFrame, quotes: pd.DataFrame, *, by: str | Sequence[str] | None = "source"
) -> pd.DataFrame:
    """Quotes per article per group, with the quote types and the unknown-speaker share.

    Columns: group columns, ``n_articles, n_articles_with_quotes, n_quotes, n_direct,
    n_mixed, n_indirect, quotes_per_article, median_quotes_per_article, n_unknown_speaker,
    unknown_speaker_share`` (quotes without a resolved speaker / all quotes). Articles
    without quotes count as zero.
    """
    by = _by_list(by)
    per_article = quotes.groupby("article_id").agg(
        n_quotes=("quote_id", "size"),
        n_direct=("quote_type", lambda s: int((s == "direct").sum())),
        n_mixed=("quote_type", lambda s: int((s == "mixed").sum())),
        n_indirect=("quote_type", lambda s: int((s == "indirect").sum())),
        n_unknown_speaker=("speaker_id", lambda s: int(s.isna().sum())),
    )
    frame = articles[["article_id", *by]].merge(
        per_article, left_on="article_id", right_index=True, how="left"
    )
    counts = ["n_quotes", "n_direct", "n_mixed", "n_indirect", "n_unknown_speaker"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    frame = frame.assign(_one=1, _has=(frame["n_quotes"] > 0).astype("int64"))
    grouped = frame.groupby(by, dropna=False) if by else frame.groupby(lambda _: 0)
    table = grouped.agg(
        n_articles=("_one", "sum"),
        n_articles_with_quotes=("_has", "sum"),
        **{name: (name, "sum") for name in counts},
        median_quotes_per_article=("n_quotes", "median"),
    )
    table = table.assign(
        quotes_per_article=table["n_quotes"] / table["n_articles"],
        unknown_speaker_share=table["n_unknown_speaker"]
        / table["n_quotes"].where(table["n_quotes"] > 0),
    )
    order = [
        "n_articles",
        "n_articles_with_quotes",
        "n_quotes",
        "n_direct",
        "n_mixed",
        "n_indirect",
        "quotes_per_article",
        "median_quotes_per_article",
        "n_unknown_speaker",
        "unknown_speaker_share",
    ]
    table = table[order]
    return table.reset_index() if by else table.reset_index(drop=True)


def error_summary(errors: pd.DataFrame) -> pd.DataFrame:
    """Errors counted by stage and type, with one example path and message each.

    Columns: ``stage, error_type, n_errors, example_path, example_message``; most frequent
    first.
    """
    columns = ["stage", "error_type", "n_errors", "example_path", "example_message"]
    if errors.empty:
        return pd.DataFrame(
            {name: pd.Series(dtype="int64" if name == "n_errors" else "string") for name in columns}
        )
    table = errors.groupby(["stage", "error_type"], dropna=False).agg(
        n_errors=("path", "size"),
        example_path=("path", "first"),
        example_message=("message", "first"),
    )
    table = table.reset_index().sort_values(
        ["n_errors", "stage", "error_type"], ascending=[False, True, True]
    )
    return table[columns].reset_index(drop=True)


def example_article_id(
    quotes: pd.DataFrame,
    *,
    speakers: str | Sequence[str] | None = None,
    article_id: str | None = None,
) -> str | None:
    """The article to show as an example: ``article_id`` when given, else the one with the
    most quotes (of ``speakers``, by name or id, when any of them is quoted); ties go to
    the smallest id. None when there are no quotes.
    """
    if article_id:
        return article_id
    if quotes.empty:
        return None
    wanted = _list_or_none(speakers)
    if wanted:
        hits = quotes["speaker_name"].isin(wanted).fillna(False) | quotes["speaker_id"].isin(
            wanted
        ).fillna(False)
        if hits.any():
            quotes = quotes[hits.astype(bool)]
    counts = quotes.groupby("article_id").size().reset_index(name="n")
    counts = counts.sort_values(["n", "article_id"], ascending=[False, True])
    return str(counts["article_id"].iloc[0])


# --- helpers ------------------------------------------------------------------------------


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


def _list_or_none(values: str | Sequence[str] | None) -> list[str] | None:
    """Notebook parameters: a string is one value, an empty list means "no filter"."""
    if values is None or isinstance(values, str):
        return [values] if values else None
    return list(values) or None


def _by_list(by: str | Sequence[str] | None) -> list[str]:
    if not by:
        return []
    return [by] if isinstance(by, str) else list(by)


def _with_month(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``month`` ("YYYY-MM" of ``published_at``, null when undated)."""
    published = pd.to_datetime(frame["published_at"], utc=True)
    month = published.dt.strftime("%Y-%m").astype("string").mask(published.isna())
    return frame.assign(month=month)


def _with_article_context(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """A copy of sentences with their article's ``source``, ``published_at`` and ``month``."""
    context = _with_month(articles)[["article_id", "source", "published_at", "month"]]
    context = context.drop_duplicates("article_id")
    frame = frame.drop(
        columns=[c for c in ("source", "published_at", "month") if c in frame.columns]
    )
    return frame.merge(context, on="article_id", how="left")
