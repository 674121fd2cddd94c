"""Running the planned notebooks with papermill, exporting HTML, and the reports index."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.paths import PROJECT_ROOT, REPORTS_DIR
from analysis.reports.batch import notebook_parameters, plan_runs

#: The project's Jupyter kernel (``make`` installs it); ``python3`` is the fallback.
PROJECT_KERNEL = "analysis"


RUNS_RECORD = "runs.json"


INDEX_PAGE = "index.html"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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
        ``traceback``, ``html``, ``ipynb``, ``output_dir``, ``data_dir`` (the processed
        data the notebook read; None when it declares no ``data_dir``) (absolute paths as
        str), ``figures``, ``tables`` (file names), ``started_at`` (ISO, UTC),
        ``duration_s``.

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
            # the kernel's start-up warnings (e.g. TCP without encryption on localhost)
            # would repeat once per run on the terminal; errors still show
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
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
        "data_dir": str(run["data_dir"]) if run.get("data_dir") else None,
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
        outputs = [*row.get("figures", []), *row.get("tables", [])]
        if outputs:
            links = "<br>".join(
                f'<a href="{esc(row["output_dir"])}/{esc(name)}">{esc(name)}</a>'
                for name in outputs
            )
            figures, tables = len(row.get("figures", [])), len(row.get("tables", []))
            files.append(
                f"<details><summary>{figures} figure{'s' * (figures != 1)}, "
                f"{tables} table{'s' * (tables != 1)}</summary>{links}</details>"
            )
        data = f"<code>{esc(row['data_dir'])}</code>" if row.get("data_dir") else ""
        status = esc(row["status"])
        if row.get("error"):
            status += f'<div class="error">{esc(row["error"])}</div>'
        body.append(
            f'<tr class="{esc(row["status"])}"><td>{link}</td><td>{data}</td>'
            f"<td>{params or 'defaults'}</td>"
            f'<td>{status}</td><td class="when">{esc(_when(row["started_at"]))}</td>'
            f"<td>{row['duration_s']:.1f} s</td><td>{''.join(files)}</td></tr>"
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
  .when {{ white-space: nowrap; }}
  details summary {{ cursor: pointer; }}
  .error {{ color: #a61b1b; font-family: monospace; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>Reports</h1>
<p>{summary}. Each report is a notebook run on the data shown, with the parameters shown (others at their defaults).</p>
<table>
<thead><tr><th>Report</th><th>Data</th><th>Parameters</th><th>Status</th><th>Started (UTC)</th><th>Run time</th><th>Files</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</body>
</html>
"""


def _when(iso: str) -> str:
    """``2026-01-05T09:30:12+00:00`` -> ``2026-01-05 09:30`` (UTC) for the index."""
    return iso[:16].replace("T", " ")


def format_report_summary(results: Sequence[dict[str, Any]]) -> str:
    """A few lines for the terminal: one per run, the failing cells' errors, the data folder
    the notebooks read and the index path."""
    lines = []
    for result in results:
        where = result.get("html") or result.get("ipynb") or ""
        lines.append(
            f"{result['status']:<7} {result['notebook'] + '/' + result['slug']:<44} "
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
    folders = dict.fromkeys(r["data_dir"] for r in results if r.get("data_dir"))
    if folders:
        lines.append(f"data: {', '.join(folders)}")
    if results and results[0].get("index"):
        lines.append(f"index: {results[0]['index']}")
    return "\n".join(lines)
