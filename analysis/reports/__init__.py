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
        parameters: {sources: [Harbour Gazette], top_n: 5}
      - notebook: speaker_share
        each: source                       # one run per outlet found in the data
      - notebook: sentiment
        each: month                        # one run per month (date_from/date_to set)

With ``each:``, the runs are expanded from the processed articles of the run's ``data_dir``;
each slug is the outlet's (or month's) name, after the run's ``slug`` when one is given.

Modules: :mod:`~analysis.reports.batch` (parameters, batch files, run plans),
:mod:`~analysis.reports.runner` (papermill, HTML, index), :mod:`~analysis.reports.data` and
:mod:`~analysis.reports.overview` (what the notebooks call).
"""

from __future__ import annotations

from analysis.reports.batch import (
    DEFAULT_NOTEBOOKS,
    EACH,
    RUNNER_PARAMETERS,
    notebook_parameters,
    notebook_path,
    parse_parameter_value,
    parse_parameters,
    plan_runs,
    read_batch,
)
from analysis.reports.data import (
    ReportData,
    example_article_id,
    group_columns,
    load_report_data,
    quotes_of,
    resolve_data_dir,
    save_plot,
    save_table,
    show_example_article,
    speaker_pair,
    speaker_rows,
    top_rows,
)
from analysis.reports.overview import (
    articles_per_month,
    attribution_counts,
    corpus_summary,
    error_note,
    error_summary,
    months_by_group,
    plot_articles_per_month,
    quotes_per_article,
    show_errors,
)
from analysis.reports.runner import (
    INDEX_PAGE,
    PROJECT_KERNEL,
    RUNS_RECORD,
    export_html,
    format_report_summary,
    report_kernel_name,
    run_reports,
    write_index,
)

__all__ = [
    "DEFAULT_NOTEBOOKS",
    "EACH",
    "INDEX_PAGE",
    "PROJECT_KERNEL",
    "RUNNER_PARAMETERS",
    "RUNS_RECORD",
    "ReportData",
    "articles_per_month",
    "attribution_counts",
    "corpus_summary",
    "error_note",
    "error_summary",
    "example_article_id",
    "export_html",
    "format_report_summary",
    "group_columns",
    "load_report_data",
    "months_by_group",
    "notebook_parameters",
    "notebook_path",
    "parse_parameter_value",
    "parse_parameters",
    "plan_runs",
    "plot_articles_per_month",
    "quotes_of",
    "quotes_per_article",
    "read_batch",
    "report_kernel_name",
    "resolve_data_dir",
    "run_reports",
    "save_plot",
    "save_table",
    "show_errors",
    "show_example_article",
    "speaker_pair",
    "speaker_rows",
    "top_rows",
    "write_index",
]
