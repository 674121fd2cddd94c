"""Every notebook executed by papermill on the hand-built corpus, with non-default parameters,
through the batch runner; one broken notebook in the same batch must not stop the others.

The batch runs once for the module (a kernel start costs seconds); the tests then read what
it produced: CSV tables, PNG figures, HTML reports, the executed notebooks and the index.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from report_fixtures import write_processed_fixture

from analysis import reports

pytestmark = pytest.mark.slow

FILTERS = {
    "sources": ["harbour-gazette", "coastline-post"],
    "date_from": "2025-01-01",
    "date_to": "2025-02-28",
    "quote_types": ["direct", "mixed"],
    "cue_kinds": ["speech"],
}
RUNS = [
    {"notebook": "broken.ipynb", "slug": "on-purpose"},
    {"notebook": "corpus_overview", "slug": "jan-feb", "parameters": {**FILTERS, "group_by": None}},
    {
        "notebook": "speaker_share",
        "slug": "jan-feb",
        "parameters": {**FILTERS, "top_n": 3, "n_boot": 50, "speakers": ["Omar Lindqvist"]},
    },
    {
        "notebook": "sentiment",
        "slug": "by-month",
        "parameters": {
            **FILTERS,
            "group_by": "month",
            "top_n": 3,
            "n_boot": 50,
            "speakers": ["Teresa Valdane"],
        },
    },
    {
        "notebook": "term_frequencies",
        "slug": "pair",
        "parameters": {
            **FILTERS,
            "group_by": None,
            "top_n": 3,
            "ngram_range": [1, 2],
            "speakers": ["Omar Lindqvist", "Teresa Valdane"],
            "example_article": "cp-01",
        },
    },
]
BROKEN_MESSAGE = "this notebook fails on purpose"


def write_broken_notebook(path: Path) -> Path:
    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    parameters = nbformat.v4.new_code_cell('data_dir = "data/processed"  # processed tables')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Broken report"),
        parameters,
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell(f"raise RuntimeError({BROKEN_MESSAGE!r})"),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("notebook-reports")
    processed = write_processed_fixture(root / "processed")
    write_broken_notebook(root / "broken.ipynb")
    batch = root / "batch.yaml"
    batch.write_text(yaml.safe_dump({"runs": RUNS}), encoding="utf-8")
    out = root / "reports"
    results = reports.run_reports(batch=batch, data_dir=processed, out=out)
    return {"out": out, "results": {r["notebook"]: r for r in results}, "order": results}


def run_dir(batch_run: dict, notebook: str) -> Path:
    return Path(batch_run["results"][notebook]["output_dir"])


def read_csv(batch_run: dict, notebook: str, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir(batch_run, notebook) / f"{name}.csv")


# --- the batch as a whole ----------------------------------------------------------------


def test_a_failing_notebook_fails_its_run_and_the_others_complete(batch_run: dict) -> None:
    order = [(r["notebook"], r["status"]) for r in batch_run["order"]]
    assert order == [
        ("broken", "failed"),
        ("corpus_overview", "ok"),
        ("speaker_share", "ok"),
        ("sentiment", "ok"),
        ("term_frequencies", "ok"),
    ], [r["error"] for r in batch_run["order"]]
    broken = batch_run["results"]["broken"]
    assert broken["error"] == f"cell [4]: RuntimeError: {BROKEN_MESSAGE}"
    assert BROKEN_MESSAGE in broken["traceback"]
    summary = reports.format_report_summary(batch_run["order"])
    assert "5 reports: 4 ok, 1 failed" in summary
    assert f"broken/on-purpose failed at cell [4]: RuntimeError: {BROKEN_MESSAGE}" in summary
    # the failed run still has its executed notebook and page, showing the error
    assert BROKEN_MESSAGE in Path(broken["html"]).read_text(encoding="utf-8")


def test_index_lists_every_run_with_parameters_status_and_time(batch_run: dict) -> None:
    out = batch_run["out"]
    page = (out / "index.html").read_text(encoding="utf-8")
    for notebook, slug in [
        ("broken", "on-purpose"),
        ("corpus_overview", "jan-feb"),
        ("speaker_share", "jan-feb"),
        ("sentiment", "by-month"),
        ("term_frequencies", "pair"),
    ]:
        assert f'<a href="{notebook}/{slug}.html">{notebook}/{slug}</a>' in page
    assert "5 reports, 1 failed" in page
    assert '<tr class="failed">' in page and BROKEN_MESSAGE in page
    assert "&quot;harbour-gazette&quot;" in page  # parameters are listed
    record = json.loads((out / "runs.json").read_text(encoding="utf-8"))["runs"]
    assert {r["status"] for r in record} == {"ok", "failed"}
    assert all(r["duration_s"] > 0 for r in record)


@pytest.mark.parametrize(
    ("notebook", "title"),
    [
        ("corpus_overview", "Corpus overview"),
        ("speaker_share", "Speaker share"),
        ("sentiment", "Sentiment"),
        ("term_frequencies", "Term frequencies"),
    ],
)
def test_html_reports_have_the_title_figures_and_no_code(
    batch_run: dict, notebook: str, title: str
) -> None:
    result = batch_run["results"][notebook]
    page = Path(result["html"]).read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in page
    assert re.search(rf"<h1[^>]*>{title}<", page)
    for code in ("load_report_data(", "save_table(", "%matplotlib", "import "):
        assert code not in page, f"{notebook}: input code {code!r} leaked into the report"
    assert page.count('src="data:image/png;base64,') == len(result["figures"]) > 0
    assert "No description has been provided" not in page and 'alt="Figure: ' in page
    assert "<script src=" not in page  # nothing fetched from the network
    assert "Traceback" not in page
    executed = nbformat.read(result["ipynb"], as_version=4)
    assert all(
        output.get("output_type") != "error"
        for cell in executed.cells
        for output in cell.get("outputs", [])
    )


@pytest.mark.parametrize(
    ("notebook", "figures", "tables"),
    [
        (
            "corpus_overview",
            ["articles_per_month"],
            ["articles_per_month", "attribution", "corpus_summary", "errors", "quotes_per_article"],
        ),
        (
            "speaker_share",
            [
                "share_by_gender",
                "share_by_speaker_type",
                "speaker_share",
                "speaker_share_by_month",
            ],
            [
                "gender_gap_quotes",
                "gender_gap_sources",
                "share_by_gender",
                "share_by_speaker_type",
                "speaker_share",
                "speaker_share_by_group",
                "speaker_share_by_month",
                "unique_sources",
            ],
        ),
        (
            "sentiment",
            ["quoted_vs_narration", "sentiment_by_speaker"],
            ["quoted_vs_narration", "sentiment_by_group", "sentiment_by_speaker"],
        ),
        (
            "term_frequencies",
            ["distinctive_terms", "term_frequencies"],
            ["distinctive_terms", "term_frequencies"],
        ),
    ],
)
def test_each_run_saves_its_figures_and_tables(
    batch_run: dict, notebook: str, figures: list[str], tables: list[str]
) -> None:
    result = batch_run["results"][notebook]
    assert result["figures"] == [f"{name}.png" for name in figures]
    assert result["tables"] == [f"{name}.csv" for name in tables]
    for name in result["figures"]:
        data = (run_dir(batch_run, notebook) / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000, name


# --- what the tables say, for the filters given -----------------------------------------------


def test_corpus_overview_tables(batch_run: dict) -> None:
    summary = read_csv(batch_run, "corpus_overview", "corpus_summary").iloc[0]
    assert (summary["n_sources"], summary["n_articles"], summary["n_quotes"]) == (2, 3, 8)
    monthly = read_csv(batch_run, "corpus_overview", "articles_per_month")
    assert monthly.set_index("month")["n_articles"].to_dict() == {"2025-01": 2, "2025-02": 1}
    per_article = read_csv(batch_run, "corpus_overview", "quotes_per_article").iloc[0]
    assert (per_article["n_quotes"], per_article["n_direct"], per_article["n_mixed"]) == (8, 7, 1)
    assert per_article["n_indirect"] == 0
    assert per_article["unknown_speaker_share"] == pytest.approx(1 / 8)
    errors = read_csv(batch_run, "corpus_overview", "errors")
    assert errors["n_errors"].sum() == 2
    page = Path(batch_run["results"]["corpus_overview"]["html"]).read_text(encoding="utf-8")
    assert "2 input items of the processed corpus could not be used" in page
    assert "nothing was lost" not in page and "No input item was lost" not in page
    assert "line 7: not valid JSON" in page  # the example message, whole


def test_speaker_share_tables(batch_run: dict) -> None:
    overall = read_csv(batch_run, "speaker_share", "speaker_share")
    shares = dict(zip(overall["speaker_name"], overall["quote_share"], strict=True))
    assert shares == pytest.approx(
        {
            "Teresa Valdane": 3 / 8,
            "Frank Mulrooney": 2 / 8,
            "Omar Lindqvist": 2 / 8,
            "unknown": 1 / 8,
        }
    )
    per_group = read_csv(batch_run, "speaker_share", "speaker_share_by_group")
    counts = {(r.source, r.speaker_name): r.n_quotes for r in per_group.itertuples()}
    assert counts == {
        ("coastline-post", "Omar Lindqvist"): 2,
        ("coastline-post", "unknown"): 1,
        ("harbour-gazette", "Teresa Valdane"): 3,
        ("harbour-gazette", "Frank Mulrooney"): 2,
    }
    gender = read_csv(batch_run, "speaker_share", "share_by_gender")
    hg = gender[gender["source"] == "harbour-gazette"].set_index("gender")["quote_share"]
    assert hg.to_dict() == pytest.approx(
        {"female": 0.6, "male": 0.4, "unknown": 0.0, "organization": 0.0, "unknown speaker": 0.0}
    )
    gap = read_csv(batch_run, "speaker_share", "gender_gap_sources").set_index("source")
    # Teresa Valdane and Frank Mulrooney, each quoted in two Harbour Gazette articles
    assert (gap.loc["harbour-gazette", "n_female"], gap.loc["harbour-gazette", "n_male"]) == (2, 2)
    assert gap.loc["harbour-gazette", "female_share"] == pytest.approx(0.5)
    gap_quotes = read_csv(batch_run, "speaker_share", "gender_gap_quotes").set_index("source")
    assert gap_quotes.loc["harbour-gazette", "female_share"] == pytest.approx(0.6)
    monthly = read_csv(batch_run, "speaker_share", "speaker_share_by_month")
    assert monthly.groupby("month")["n_quotes"].sum().to_dict() == {"2025-01": 6, "2025-02": 2}


def test_speaker_share_report_shows_top_n_and_the_speaker_of_interest(batch_run: dict) -> None:
    executed = nbformat.read(batch_run["results"]["speaker_share"]["ipynb"], as_version=4)
    shown = {
        cell.source.splitlines()[-1]: cell.outputs[0]["data"]["text/plain"]
        for cell in executed.cells
        if cell.cell_type == "code"
        and cell.outputs
        and "text/plain" in cell.outputs[0].get("data", {})
    }
    top = shown["top_rows(overall, n=top_n)"]
    assert "Teresa Valdane" in top and "unknown" not in top  # 3 rows: the unknown 4th is cut
    focus = shown["speaker_rows(per_group, speakers)"]
    assert "Omar Lindqvist" in focus and "Teresa Valdane" not in focus


def test_sentiment_tables(batch_run: dict) -> None:
    by_speaker = read_csv(batch_run, "sentiment", "sentiment_by_speaker").set_index("speaker_name")
    assert by_speaker.loc["Teresa Valdane", "n_texts"] == 3
    assert by_speaker.loc["Teresa Valdane", "compound_mean"] == pytest.approx(
        (0.42 + 0.44 - 0.48) / 3
    )
    by_month = read_csv(batch_run, "sentiment", "sentiment_by_group").set_index("month")
    assert by_month.loc["2025-02", "compound_mean"] == pytest.approx((-0.48 - 0.1) / 2)
    assert by_month.loc["2025-01", "n_texts"] == 6
    voices = read_csv(batch_run, "sentiment", "quoted_vs_narration")
    quoted = voices[voices["text_kind"] == "quote"].set_index("month")
    assert quoted["n_texts"].to_dict() == {"2025-01": 6, "2025-02": 2}
    # the quote rows are the per-group table, intervals included
    pd.testing.assert_frame_equal(quoted.drop(columns="text_kind"), by_month)
    narration = voices[voices["text_kind"] == "narration"].set_index("month")
    # narration holds at least the first sentence of each article (which carries no quote)
    assert narration["n_texts"].to_dict()["2025-01"] >= 2
    assert narration["n_texts"].to_dict()["2025-02"] >= 1


def test_term_frequency_tables(batch_run: dict) -> None:
    terms = read_csv(batch_run, "term_frequencies", "term_frequencies")
    counts = dict(zip(terms["term"], terms["n"], strict=True))
    assert counts["sea walls"] == 1 and counts["bridge"] == 1
    assert "the" not in counts and "said" not in counts
    assert set(terms["ngram"]) == {1, 2}
    contrast = read_csv(batch_run, "term_frequencies", "distinctive_terms").set_index("term")
    # a = Omar Lindqvist, b = Teresa Valdane (the speakers of interest, in that order)
    assert (contrast.loc["volunteer", "n_a"], contrast.loc["volunteer", "n_b"]) == (1, 0)
    assert (contrast.loc["bridge", "n_a"], contrast.loc["bridge", "n_b"]) == (0, 1)
    assert contrast.loc["volunteer", "z"] > 0 > contrast.loc["bridge", "z"]
    page = Path(batch_run["results"]["term_frequencies"]["html"]).read_text(encoding="utf-8")
    assert "grateful to every volunteer" in page  # the example article cp-01 is shown


# --- the command line ---------------------------------------------------------------------------


def test_report_command_exits_non_zero_and_prints_the_cell_error(tmp_path: Path) -> None:
    from analysis.cli import main

    write_broken_notebook(tmp_path / "broken.ipynb")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(
            [
                "report",
                str(tmp_path / "broken.ipynb"),
                "-p",
                "data_dir",
                "x",
                "--out",
                str(tmp_path / "r"),
            ]
        )
    assert code != 0
    assert f"RuntimeError: {BROKEN_MESSAGE}" in stdout.getvalue()
    assert (tmp_path / "r" / "index.html").is_file()
