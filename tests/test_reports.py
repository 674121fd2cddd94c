"""Tests of analysis.reports without a kernel: parameters, batch files, run plans, the index
page, and the tables the notebooks show (on the hand-built corpus of report_fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from report_fixtures import build_processed_fixture, write_processed_fixture

from analysis import reports
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT

# --- helpers ------------------------------------------------------------------------------


def write_notebook(path: Path, parameters: str, body: str = "x = 1") -> Path:
    """A minimal notebook with a parameters cell, as the tests' stand-in for real notebooks."""
    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Tiny"),
        params,
        nbformat.v4.new_code_cell(body),
    ]
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def tiny_notebooks(tmp_path: Path) -> dict[str, Path]:
    return {
        "alpha": write_notebook(
            tmp_path / "alpha.ipynb",
            'data_dir = "data/processed"  # d\nsources = []  # s\ntop_n = 10  # n\noutput_dir = None  # o',
        ),
        "beta": write_notebook(tmp_path / "beta.ipynb", "top_n = 10  # n\nlabel = 'b'  # l"),
    }


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_processed_fixture(tmp_path_factory.mktemp("processed"))


@pytest.fixture(scope="module")
def data(processed: Path) -> reports.ReportData:
    return reports.load_report_data(processed)


# --- parameters and batch files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5),
        ("3.5", 3.5),
        ("[harbour-gazette, coastline-post]", ["harbour-gazette", "coastline-post"]),
        ('["a b"]', ["a b"]),
        ("harbour-gazette", "harbour-gazette"),
        ("null", None),
        ("", None),
        ("true", True),
        ("2025-01-31", "2025-01-31"),
        ("[1, 2]", [1, 2]),
        ("{a: 1}", {"a": 1}),
    ],
)
def test_parameter_values_are_parsed_as_yaml(text: str, expected: object) -> None:
    assert reports.parse_parameter_value(text) == expected


def test_parse_parameters_pairs_and_bad_names() -> None:
    assert reports.parse_parameters([("top_n", "3"), ("sources", "[a]")]) == {
        "top_n": 3,
        "sources": ["a"],
    }
    with pytest.raises(ValueError, match="identifier"):
        reports.parse_parameters([("top-n", "3")])


def test_read_batch_resolves_paths_and_keeps_defaults(tmp_path: Path) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "defaults: {top_n: 3, date_from: 2025-01-01}\n"
        "runs:\n"
        "  - corpus_overview\n"
        "  - notebook: extra/mine.ipynb\n"
        "    slug: one\n"
        "    parameters: {sources: [x]}\n"
        "  - {notebook: speaker_share, each: source}\n",
        encoding="utf-8",
    )
    spec = reports.read_batch(batch)
    assert spec["defaults"] == {"top_n": 3, "date_from": "2025-01-01"}
    assert spec["runs"] == [
        {"notebook": "corpus_overview", "slug": None, "parameters": {}, "each": None},
        {
            "notebook": str(tmp_path / "extra/mine.ipynb"),
            "slug": "one",
            "parameters": {"sources": ["x"]},
            "each": None,
        },
        {"notebook": "speaker_share", "slug": None, "parameters": {}, "each": "source"},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("runs: []", "non-empty"),
        ("- a\n- b", "non-empty"),
        ("runs: [{slug: x}]", "needs a `notebook:`"),
        ("runs: [{notebook: a, colour: red}]", "unknown keys"),
        ("runs: [a]\nextra: 1", "unknown keys"),
        ("runs: [{notebook: a, each: week}]", "each"),
        ("runs: [{notebook: a, parameters: [1]}]", "mapping"),
    ],
)
def test_read_batch_rejects_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        reports.read_batch(batch)


def test_committed_batch_file_names_existing_notebooks() -> None:
    spec = reports.read_batch(NOTEBOOKS_DIR / "batch.yaml")
    names = {run["notebook"] for run in spec["runs"]}
    assert set(reports.DEFAULT_NOTEBOOKS) <= names
    assert any(
        run["each"] == "source" and run["notebook"] == "speaker_share" for run in spec["runs"]
    )
    for name in names:
        assert reports.notebook_path(name).is_file()


# --- planning -------------------------------------------------------------------------------


def test_plan_layers_defaults_overrides_and_run_parameters(
    tmp_path: Path, tiny_notebooks: dict[str, Path]
) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "defaults: {top_n: 3, label: z}\n"
        "runs:\n"
        "  - notebook: alpha.ipynb\n"
        "  - notebook: alpha.ipynb\n"
        "    slug: narrow\n"
        "    parameters: {top_n: 7}\n"
        "  - notebook: beta.ipynb\n",
        encoding="utf-8",
    )
    plan = reports.plan_runs(batch=batch, parameters={"top_n": 5}, data_dir=tmp_path)
    assert [(run["notebook"], run["slug"]) for run in plan] == [
        ("alpha", "5"),
        ("alpha", "narrow"),
        ("beta", "5"),
    ]
    assert plan[0]["parameters"] == {"top_n": 5, "data_dir": str(tmp_path.resolve())}
    assert plan[1]["parameters"]["top_n"] == 7
    # beta does not declare data_dir: it is not passed there
    assert plan[2]["parameters"] == {"top_n": 5, "label": "z"}
    assert [run["data_dir"] for run in plan] == [tmp_path.resolve(), tmp_path.resolve(), None]


def test_plan_names_the_data_folder_each_notebook_reads(
    tmp_path: Path, tiny_notebooks: dict[str, Path]
) -> None:
    # without data_dir, a notebook reads its default, relative to the project root
    plan = reports.plan_runs([tiny_notebooks["alpha"], tiny_notebooks["beta"]])
    assert [run["data_dir"] for run in plan] == [PROJECT_ROOT / "data" / "processed", None]
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "runs: [{notebook: alpha.ipynb, parameters: {data_dir: runs/2025}}]", encoding="utf-8"
    )
    assert reports.plan_runs(batch=batch)[0]["data_dir"] == PROJECT_ROOT / "runs" / "2025"


def test_plan_default_slug_is_all_and_long_slugs_stay_unique(
    tiny_notebooks: dict[str, Path],
) -> None:
    plan = reports.plan_runs([tiny_notebooks["alpha"]])
    assert plan[0]["slug"] == "all"
    many = [f"outlet-number-{i}" for i in range(12)]
    first = reports.plan_runs([tiny_notebooks["alpha"]], parameters={"sources": many})
    second = reports.plan_runs([tiny_notebooks["alpha"]], parameters={"sources": many[:-1]})
    assert len(first[0]["slug"]) <= 60
    assert first[0]["slug"] != second[0]["slug"]


def test_plan_rejects_unknown_parameters_and_duplicate_slugs(
    tmp_path: Path, tiny_notebooks: dict[str, Path]
) -> None:
    with pytest.raises(ValueError, match="declared by none"):
        reports.plan_runs([tiny_notebooks["beta"]], parameters={"sorces": ["x"]})
    batch = tmp_path / "b.yaml"
    batch.write_text("runs: [{notebook: beta.ipynb, parameters: {colour: red}}]", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown parameters"):
        reports.plan_runs(batch=batch)
    batch.write_text("runs: [beta.ipynb, beta.ipynb]", encoding="utf-8")
    with pytest.raises(ValueError, match="two runs would write beta/all"):
        reports.plan_runs(batch=batch)
    with pytest.raises(FileNotFoundError, match="no notebook 'nope'"):
        reports.plan_runs(["nope"])


def test_plan_each_source_and_month_expand_from_the_data(
    tmp_path: Path, tiny_notebooks: dict[str, Path], processed: Path
) -> None:
    write_notebook(
        tmp_path / "gamma.ipynb",
        'data_dir = "x"  # d\nsources = []  # s\ndate_from = None  # f\ndate_to = None  # t',
    )
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "runs:\n  - {notebook: gamma.ipynb, each: source}\n"
        "  - {notebook: gamma.ipynb, each: month, slug: m}\n",
        encoding="utf-8",
    )
    plan = reports.plan_runs(batch=batch, data_dir=processed)
    assert [run["slug"] for run in plan] == [
        "coastline-post",
        "harbour-gazette",
        "northfield-courier",
        "m-2025-01",
        "m-2025-02",
        "m-2025-03",
    ]
    assert plan[1]["parameters"]["sources"] == ["harbour-gazette"]
    assert plan[4]["parameters"]["date_from"] == "2025-02-01"
    assert plan[4]["parameters"]["date_to"] == "2025-02-28"


def test_every_parameter_line_of_the_notebooks_is_understood_by_papermill() -> None:
    for name in reports.DEFAULT_NOTEBOOKS:
        path = reports.notebook_path(name)
        notebook = nbformat.read(path, as_version=4)
        cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, name
        lines = [line for line in cells[0].source.splitlines() if line.strip()]
        assert all("  # " in line for line in lines), f"{name}: each parameter has a comment"
        declared = reports.notebook_parameters(path)
        assert len(declared) == len(lines), f"{name}: papermill skipped a parameter line"
        assert {"data_dir", "sources", "date_from", "date_to", "output_dir"} <= set(declared)
        assert notebook.metadata["kernelspec"]["name"] == "analysis"


def test_committed_notebooks_have_no_outputs() -> None:
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
                assert "def " not in cell.source, f"{path.name}: a def belongs in analysis/"


# --- loading with filters --------------------------------------------------------------------


def test_relative_data_dir_is_relative_to_the_project_root() -> None:
    assert reports.resolve_data_dir("data/processed") == PROJECT_ROOT / "data" / "processed"
    assert reports.resolve_data_dir(None) == PROJECT_ROOT / "data" / "processed"
    assert reports.resolve_data_dir("/x/y") == Path("/x/y")


def test_load_report_data_without_filters_keeps_everything(data: reports.ReportData) -> None:
    tables = build_processed_fixture()
    assert len(data.articles) == len(tables["articles"]) == 6
    assert len(data.quotes) == len(tables["quotes"]) == 13
    assert len(data.sentences) == len(tables["sentences"])
    assert len(data.errors) == 2
    assert {"source", "month", "gender", "speaker_type"} <= set(data.quotes.columns)
    assert {"source", "month"} <= set(data.sentences.columns)


@pytest.mark.parametrize(
    ("filters", "articles", "n_quotes"),
    [
        ({"sources": ["harbour-gazette"]}, {"hg-01", "hg-02"}, 7),
        ({"sources": "coastline-post"}, {"cp-01", "cp-02"}, 5),
        ({"sources": []}, {"hg-01", "hg-02", "cp-01", "cp-02", "nc-01", "nc-02"}, 13),
        ({"date_from": "2025-02-01"}, {"hg-02", "cp-02", "nc-01"}, 6),
        ({"date_to": "2025-01-30"}, {"hg-01", "cp-01"}, 7),
        ({"date_from": "2025-01-15", "date_to": "2025-02-28"}, {"hg-02", "cp-01", "nc-01"}, 7),
        ({"quote_types": ["direct"]}, {"hg-01", "hg-02", "cp-01", "cp-02", "nc-01", "nc-02"}, 9),
        ({"cue_kinds": ["speech"]}, {"hg-01", "hg-02", "cp-01", "cp-02", "nc-01", "nc-02"}, 13),
        ({"cue_kinds": "thought"}, {"hg-01", "hg-02", "cp-01", "cp-02", "nc-01", "nc-02"}, 0),
        (
            {
                "sources": ["harbour-gazette", "coastline-post"],
                "quote_types": ["direct", "mixed"],
                "date_to": "2025-02-28",
            },
            {"hg-01", "hg-02", "cp-01"},
            8,
        ),
    ],
)
def test_load_report_data_filters(
    processed: Path, filters: dict, articles: set[str], n_quotes: int
) -> None:
    data = reports.load_report_data(processed, **filters)
    assert set(data.articles["article_id"]) == articles
    assert len(data.quotes) == n_quotes
    assert set(data.quotes["article_id"]) <= articles
    assert set(data.sentences["article_id"]) == articles


def test_load_report_data_rejects_unknown_sources(processed: Path) -> None:
    with pytest.raises(ValueError, match=r"\['harbour gazette'\].*sources: coastline-post"):
        reports.load_report_data(processed, sources=["harbour gazette", "coastline-post"])


def test_load_report_data_without_tables_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="analysis process"):
        reports.load_report_data(tmp_path)


# --- the overview tables -----------------------------------------------------------------------


def test_articles_per_month_fills_empty_months_and_counts_undated(
    data: reports.ReportData,
) -> None:
    table = reports.articles_per_month(data.articles, by="source")
    counts = {(r.source, r.month): r.n_articles for r in table.itertuples()}
    assert counts[("harbour-gazette", "2025-01")] == 1
    assert counts[("harbour-gazette", "2025-03")] == 0
    assert counts[("northfield-courier", "undated")] == 1
    assert counts[("coastline-post", "2025-02")] == 0
    assert table["n_articles"].sum() == 6
    wide = reports.months_by_group(table, by="source")
    assert wide.loc["2025-02"].to_dict() == {
        "coastline-post": 0,
        "harbour-gazette": 1,
        "northfield-courier": 1,
        "total": 2,
    }
    # grouped by month itself: one count per month, as without groups
    by_month = reports.articles_per_month(data.articles, by="month")
    assert by_month.equals(reports.articles_per_month(data.articles, by=None))
    whole = reports.articles_per_month(data.articles, by=None)
    assert whole.set_index("month")["n_articles"].to_dict() == {
        "2025-01": 2,
        "2025-02": 2,
        "2025-03": 1,
        "undated": 1,
    }


def test_quotes_per_article_counts_types_and_unknown_speakers(data: reports.ReportData) -> None:
    table = reports.quotes_per_article(data.articles, data.quotes, by="source").set_index("source")
    hg = table.loc["harbour-gazette"]
    assert (hg["n_articles"], hg["n_quotes"], hg["n_direct"], hg["n_mixed"], hg["n_indirect"]) == (
        2,
        7,
        4,
        1,
        2,
    )
    assert hg["unknown_speaker_share"] == pytest.approx(1 / 7)
    nc = table.loc["northfield-courier"]
    assert (nc["n_articles_with_quotes"], nc["quotes_per_article"]) == (1, 0.5)
    whole = reports.quotes_per_article(data.articles, data.quotes, by=None)
    assert len(whole) == 1
    assert whole.loc[0, "n_quotes"] == 13
    assert whole.loc[0, "unknown_speaker_share"] == pytest.approx(2 / 13)


def test_attribution_counts_share_within_groups(data: reports.ReportData) -> None:
    table = reports.attribution_counts(data.quotes, by="source")
    cp = table[table["source"] == "coastline-post"].set_index("attribution")
    assert cp["n_quotes"].to_dict() == {"name": 4, "unknown": 1}
    assert cp["quote_share"].sum() == pytest.approx(1.0)


def test_error_summary_and_corpus_summary(data: reports.ReportData) -> None:
    errors = reports.error_summary(data.errors)
    assert list(errors.columns) == [
        "stage",
        "error_type",
        "n_errors",
        "example_path",
        "example_message",
    ]
    assert set(errors["error_type"]) == {"empty_file", "json_decode"}
    assert reports.error_summary(data.errors.iloc[0:0]).empty
    summary = reports.corpus_summary(data).iloc[0]
    assert (summary["n_sources"], summary["n_articles"], summary["n_undated_articles"]) == (3, 6, 1)
    assert (summary["n_quotes"], summary["n_speakers"], summary["n_errors"]) == (13, 4, 2)
    assert summary["first_published_at"] == pd.Timestamp("2025-01-14T21:47:00Z")


def test_error_note_counts_what_was_lost(data: reports.ReportData) -> None:
    summary = reports.error_summary(data.errors)
    assert reports.error_note(summary) == (
        "2 input items of the processed corpus could not be used (2 kinds of error, by stage "
        "and type below); they are in none of the tables of this report."
    )
    twenty = pd.concat([data.errors.iloc[[0]]] * 20, ignore_index=True)
    note = reports.error_note(reports.error_summary(twenty))
    assert note.startswith("20 input items of the processed corpus could not be used (1 kind")
    assert "lost" not in note
    nothing = reports.error_note(reports.error_summary(data.errors.iloc[0:0]))
    assert nothing == "No input item was lost: every one became an article."


def test_show_errors_shows_whole_messages(data: reports.ReportData) -> None:
    message = (
        "exports/feed.csv row 12 (line 14): 3 fields, the header has 4 (a line break in a "
        "field that is not quoted, or empty cells left out at the end of the row?)"
    )
    errors = data.errors.assign(message=[message, "short"])
    page = reports.show_errors(reports.error_summary(errors)).data
    assert message in page and "..." not in page  # pandas' own display cuts at 50 characters
    assert page.index("2 input items") < page.index("<table")
    assert "white-space: normal" in page
    empty = reports.show_errors(reports.error_summary(data.errors.iloc[0:0])).data
    assert "No input item was lost" in empty and "<table" not in empty


def test_example_article_and_speaker_choices(data: reports.ReportData) -> None:
    assert reports.example_article_id(data.quotes) == "hg-01"  # 4 quotes
    assert reports.example_article_id(data.quotes, speakers=["Omar Lindqvist"]) == "cp-01"
    assert reports.example_article_id(data.quotes, article_id="nc-02") == "nc-02"
    assert reports.example_article_id(data.quotes.iloc[0:0]) is None
    assert reports.example_article_id(data.quotes, speakers=("Omar Lindqvist", None)) == "cp-01"
    assert reports.example_article_id(data.quotes, speakers=(None, None)) == "hg-01"
    # Valdane 4, Mulrooney 3, Lindqvist 3: ties go by name
    assert reports.speaker_pair(data.quotes) == ("Teresa Valdane", "Frank Mulrooney")
    assert reports.speaker_pair(data.quotes, ["Omar Lindqvist"]) == (
        "Omar Lindqvist",
        "Teresa Valdane",
    )
    with pytest.warns(UserWarning, match="not quoted in this selection: Nobody;"):
        pair = reports.speaker_pair(data.quotes, ["Nobody", "Omar Lindqvist", "Frank Mulrooney"])
    assert pair == ("Omar Lindqvist", "Frank Mulrooney")
    assert reports.speaker_pair(data.quotes.iloc[0:0]) == (None, None)
    assert len(reports.quotes_of(data.quotes, "Omar Lindqvist")) == 3
    assert reports.quotes_of(data.quotes, None).empty


def test_top_rows_and_speaker_rows() -> None:
    table = pd.DataFrame(
        {
            "source": ["a", "a", "a", "b", "b"],
            "speaker_name": ["x", "y", "z", "x", "w"],
            "n_texts": [1, 5, 3, 2, 9],
        }
    )
    assert reports.top_rows(table, by="source", n=2)["speaker_name"].tolist() == [
        "x",
        "y",
        "x",
        "w",
    ]
    ordered = reports.top_rows(table, by="source", n=1, order="n_texts")
    assert ordered["speaker_name"].tolist() == ["y", "w"]
    assert reports.top_rows(table, n=2, order="n_texts")["speaker_name"].tolist() == ["w", "y"]
    assert reports.speaker_rows(table, ["x"])["source"].tolist() == ["a", "b"]
    assert reports.speaker_rows(table, []).empty
    assert reports.group_columns(None) == [] and reports.group_columns("month") == ["month"]


def test_save_helpers_write_only_with_an_output_dir(
    tmp_path: Path, data: reports.ReportData
) -> None:
    table = reports.articles_per_month(data.articles)
    assert reports.save_table(table, None, "x") is None
    path = reports.save_table(table, tmp_path / "out", "monthly")
    assert path == tmp_path / "out" / "monthly.csv"
    assert len(pd.read_csv(path)) == len(table)
    ax = reports.plot_articles_per_month(table, by="source")
    assert ax.get_ylabel() == "articles" and "n = 6" in ax.get_title("left")
    assert reports.save_plot(ax, None, "x") is None
    png = reports.save_plot(ax, tmp_path / "out", "monthly")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- index and summary ------------------------------------------------------------------------


def _result(out: Path, notebook: str, slug: str, status: str = "ok", **extra) -> dict:
    page = out / notebook / f"{slug}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("<html></html>", encoding="utf-8")
    return {
        "notebook": notebook,
        "slug": slug,
        "parameters": {"sources": ["<b>x</b>"], "data_dir": "/d"},
        "status": status,
        "error": "cell [3]: ZeroDivisionError: division by zero" if status == "failed" else None,
        "traceback": "Traceback\nZeroDivisionError: division by zero",
        "html": str(page),
        "ipynb": None,
        "output_dir": str(out / notebook / slug),
        "data_dir": "/d/processed",
        "figures": [],
        "tables": [],
        "started_at": "2026-01-01T00:00:00+00:00",
        "duration_s": 1.25,
        **extra,
    }


def test_index_merges_runs_and_drops_deleted_reports(tmp_path: Path) -> None:
    reports.write_index(tmp_path, [_result(tmp_path, "a", "one"), _result(tmp_path, "b", "two")])
    reports.write_index(tmp_path, [_result(tmp_path, "a", "one", status="failed")])
    record = json.loads((tmp_path / "runs.json").read_text(encoding="utf-8"))["runs"]
    assert [(r["notebook"], r["slug"], r["status"]) for r in record] == [
        ("a", "one", "failed"),
        ("b", "two", "ok"),
    ]
    assert record[0]["html"] == "a/one.html"
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="a/one.html">a/one</a>' in page and "b/two" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "ZeroDivisionError" in page and "2 reports, 1 failed" in page
    assert "<td><code>/d/processed</code></td>" in page  # the data each report read
    assert record[0]["data_dir"] == "/d/processed"
    (tmp_path / "b" / "two.html").unlink()
    reports.write_index(tmp_path)
    assert "b/two" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_format_report_summary_shows_failures() -> None:
    out = Path("/r")
    results = [
        {**_result_stub("a", "one"), "index": "/r/index.html"},
        {**_result_stub("b", "two", "failed"), "index": "/r/index.html"},
    ]
    text = reports.format_report_summary(results)
    assert "2 reports: 1 ok, 1 failed" in text
    assert "b/two failed at cell [3]: ZeroDivisionError: division by zero" in text
    assert "index: /r/index.html" in text
    assert str(out / "a" / "one.html") in text
    assert "data: /d/processed" in text.splitlines()
    other = {**_result_stub("c", "three"), "data_dir": "/e/processed"}
    assert (
        "data: /d/processed, /e/processed"
        in reports.format_report_summary([*results, other]).splitlines()
    )


def _result_stub(notebook: str, slug: str, status: str = "ok") -> dict:
    return {
        "notebook": notebook,
        "slug": slug,
        "status": status,
        "error": "cell [3]: ZeroDivisionError: division by zero" if status == "failed" else None,
        "traceback": "ZeroDivisionError: division by zero",
        "html": f"/r/{notebook}/{slug}.html",
        "data_dir": "/d/processed",
        "duration_s": 2.0,
    }


def test_kernel_is_the_project_kernel_when_installed() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    installed = "analysis" in KernelSpecManager().find_kernel_specs()
    assert reports.report_kernel_name() == ("analysis" if installed else "python3")
