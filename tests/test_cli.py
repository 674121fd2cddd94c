"""The `analysis` command: quotes and evaluate subcommands, argument errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import format_process_summary, main
from analysis.io.tables import read_table

ARTICLE = """Harbour Gazette

Ferry fares to rise in June

May 2, 2025 at 8:15 am

Transport Minister Laura Okafor announced the new fares on Thursday.

“Nobody likes paying more, but the boats are old,” Okafor said.
"""


def test_quotes_prints_each_quote_with_its_speaker(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    page = tmp_path / "gazette" / "fares.txt"
    page.parent.mkdir()
    page.write_text(ARTICLE, encoding="utf-8")
    assert main(["quotes", str(page)]) == 0
    printed = capsys.readouterr().out
    assert "# Ferry fares to rise in June" in printed
    assert "Laura Okafor" in printed
    assert "Nobody likes paying more, but the boats are old," in printed
    assert '[direct] Laura Okafor ("Okafor"), name' in printed
    assert "quotes\n" in printed


def test_quotes_on_an_unreadable_file_reports_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    page = tmp_path / "empty.txt"
    page.write_bytes(b"")
    assert main(["quotes", str(page)]) == 1
    assert "empty" in capsys.readouterr().err


def test_quotes_of_an_untitled_article_are_headed_by_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    page = tmp_path / "notes.jsonl"
    body = "“We need more buses,” said Ann Reid."
    page.write_text(json.dumps({"id": "n-1", "body": body}) + "\n", encoding="utf-8")
    assert main(["quotes", str(page)]) == 0
    printed = capsys.readouterr().out
    assert "# n-1 (" in printed
    assert "no date)" in printed and "NaT" not in printed
    assert printed.endswith("\n1 quote\n")


def _gold_row(text: str, quote: str, speaker: str, kind: str) -> dict:
    start = text.index(quote)
    speaker_start = text.index(speaker)
    return {
        "id": "g1",
        "source": "test",
        "title": "t",
        "date": "2025-01-01",
        "split": "dev",
        "text": text,
        "quotes": [
            {
                "start": start,
                "end": start + len(quote),
                "text": quote,
                "speaker": speaker,
                "speaker_start": speaker_start,
                "speaker_end": speaker_start + len(speaker),
                "cue": "said",
                "cue_start": text.index("said"),
                "cue_end": text.index("said") + 4,
                "kind": kind,
            }
        ],
    }


def test_evaluate_json_scores_a_perfectly_found_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    text = "“The bridge will open in May,” said Mayor Ana Ruiz on Friday."
    gold = tmp_path / "gold.jsonl"
    row = _gold_row(text, "“The bridge will open in May,”", "Mayor Ana Ruiz", "direct")
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    direct = result["rows"]["direct+mixed"]
    assert direct["n_gold"] == 1
    assert direct["t0.8"]["f1"] == 1.0
    assert direct["speaker_accuracy"] == 1.0


def test_evaluate_table_names_the_rows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    text = "“Prices are falling,” the minister said."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(_gold_row(text, "“Prices are falling,”", "the minister", "direct")) + "\n"
    )
    assert main(["evaluate", "--gold", str(gold)]) == 0
    printed = capsys.readouterr().out
    assert "direct+mixed" in printed and "F1@.8" in printed


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--gold", "/no/such/gold.jsonl"], "/no/such/gold.jsonl"),
        (["--kinds", "direct,bogus"], "unknown kinds ['bogus']"),
        (["--split", "nosuch"], "no articles in split 'nosuch'"),
    ],
)
def test_evaluate_reports_bad_options_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture, options: list[str], message: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    text = "“Prices are falling,” the minister said."
    gold.write_text(json.dumps(_gold_row(text, "“Prices are falling,”", "the minister", "direct")))
    assert main(["evaluate", "--gold", str(gold), *options]) == 2
    printed = capsys.readouterr()
    assert message in printed.err and "Traceback" not in printed.err and not printed.out


def test_process_rejects_a_malformed_column_option(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["process", str(tmp_path), "--column", "text"]) == 2
    assert "FIELD=COLUMN" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture) -> None:
    assert main([]) == 2
    assert "process" in capsys.readouterr().out


def test_report_with_an_unknown_notebook_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["report", "no_such_notebook", "--out", str(tmp_path)]) == 2
    assert "no_such_notebook" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        (["-p", "top_n", "five"], "expects a whole number"),
        (["-p", "top_n", "2.5"], "expects a whole number"),
        (["-p", "top_n", "0"], "top_n of speaker_share.ipynb must be at least 1, got 0"),
        (["-p", "n_boot", "-1"], "must be at least 0"),
        (["-p", "sources", "Harbour Gazette"], "expects a list"),
        (["-p", "date_from", "2025-13-01"], "parameter date_from: cannot read '2025-13-01'"),
    ],
)
def test_report_rejects_a_parameter_of_the_wrong_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture, parameters: list[str], message: str
) -> None:
    assert main(["report", "speaker_share", *parameters, "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--chunk-size", "0"], "expected a whole number >= 1"),
        (["--jobs", "-1"], "expected a whole number >= 1"),
    ],
)
def test_process_rejects_non_positive_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture, options: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["process", str(tmp_path), *options])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_process_reports_bad_options_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nThe mayor said the road would reopen.\n")
    out = str(tmp_path / "out")
    assert main(["process", str(tmp_path), "--out", out, "--column", "txt=story"]) == 2
    assert "unknown field 'txt'" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--aliases", "--overrides"])
def test_process_names_the_option_of_a_missing_rule_file(
    tmp_path: Path, capsys: pytest.CaptureFixture, option: str
) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nThe mayor said the road would reopen.\n")
    out = str(tmp_path / "out")
    assert main(["process", str(tmp_path), "--out", out, option, "/no/such.csv"]) == 2
    assert capsys.readouterr().err == f"analysis process: {option}: no such file: /no/such.csv\n"
    assert main(["process", str(tmp_path), "--out", out, option, str(tmp_path)]) == 2
    assert f"{option}: not a file: {tmp_path}" in capsys.readouterr().err
    assert not Path(out).exists()  # nothing ran


@pytest.mark.parametrize("command", ["process", "report"])
def test_an_output_folder_that_is_a_file_is_a_bad_option(
    tmp_path: Path, capsys: pytest.CaptureFixture, command: str
) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nThe mayor said the road would reopen.\n")
    file = tmp_path / "some_file.csv"
    file.write_text("x\n")
    inputs = [str(tmp_path)] if command == "process" else ["speaker_share"]
    assert main([command, *inputs, "--out", str(file)]) == 2
    printed = capsys.readouterr()
    assert printed.err == f"analysis {command}: --out: not a folder: {file}\n"
    assert main([command, *inputs, "--out", str(file / "sub")]) == 2
    assert capsys.readouterr().err == (
        f"analysis {command}: --out: {file / 'sub'}: {file} is not a folder\n"
    )
    assert file.read_text() == "x\n"


def test_process_of_missing_inputs_only_exits_with_1(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    missing = str(tmp_path / "nothing")
    assert main(["process", missing, "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"analysis process: no such file or folder: {missing}\n"


def test_the_command_exits_with_mains_code_and_sets_live_objects_aside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from analysis import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    frozen_before = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.run()
        assert exit_.value.code == 3
        assert gc.get_freeze_count() > frozen_before  # the final collections skip them
    finally:
        if not frozen_before:
            gc.unfreeze()


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    missing = str(tmp_path / "missing.txt")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "quotes", missing], capture_output=True, text=True
    )
    assert result.returncode == main(["quotes", missing]) != 0
    assert "missing.txt" in result.stdout + result.stderr


def test_process_summary_counts_in_words_and_shows_slow_rates() -> None:
    manifest = {
        "inputs": {"items": 1, "files": 1},
        "outputs": {"articles": 8, "quotes": 3},
        "timings": {"total": 19.0, "quotes": 0.5},
        "incremental": {},
        "errors": {},
        "parameters": {"out": "out"},
    }
    first = format_process_summary(manifest).splitlines()[0]
    assert first == "processed 1 input item from 1 file in 19.0 s (0.42 articles/s)"
    # an empty folder is an input item (an error row), not a file
    manifest["inputs"] = {"items": 1, "files": 0}
    manifest["outputs"] = {"articles": 0}
    first = format_process_summary(manifest).splitlines()[0]
    assert first == "found no input file in 19.0 s (0 articles/s)"


def test_process_summary_names_what_was_skipped() -> None:
    manifest = {
        "inputs": {"items": 3, "files": 3, "skipped": 2},
        "outputs": {"articles": 3},
        "timings": {"total": 1.0},
        "incremental": {},
        "errors": {},
        "parameters": {"out": "out"},
    }
    assert "  skipped 2 files or folders (hidden, README, processed data)" in (
        format_process_summary(manifest).splitlines()
    )


def test_ctrl_c_during_process_prints_a_short_message_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from analysis import pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run_process", interrupted)
    (tmp_path / "a.txt").write_text("Title\n\nThe mayor said the road would reopen.\n")
    try:
        code = main(["process", str(tmp_path), "--out", str(tmp_path / "out")])
    except KeyboardInterrupt:  # would end the test session, not just this test
        pytest.fail("Ctrl-C ended the command with a traceback")
    assert code == 130
    printed = capsys.readouterr()
    assert printed.err == (
        "analysis process: interrupted; finished chunks are kept, "
        "run the same command again to resume\n"
    )
    assert printed.out == ""


def test_process_summary_warns_about_overrides_that_changed_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no data/speaker_overrides.csv to use by default
    page = tmp_path / "raw" / "fares.txt"
    page.parent.mkdir()
    page.write_text(ARTICLE, encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical_name\nMinister Okafor,Laura Okafor\n", encoding="utf-8")
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "name,gender,speaker_type\nLaura Okafor,female,\nLaura Okafour,female,\n"
        "Minister Okafor,female,\n",
        encoding="utf-8",
    )
    options = ["--out", str(tmp_path / "out"), "--no-progress", "--aliases", str(aliases)]
    assert main(["process", str(page.parent), *options, "--overrides", str(overrides)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "  warning: overrides naming no speaker: 'Laura Okafour'; "
        "'Minister Okafor' (an alias: name the speaker 'Laura Okafor')"
    ) in lines
    assert main(["process", str(page.parent), *options]) == 0  # no override file: no warning
    assert "warning" not in capsys.readouterr().out


def test_process_summary_warns_about_ambiguous_dates_read_day_first(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "feed.csv"
    source.write_text(
        'id,date,text\na,09/10/2025,"“Yes,” said Ann Lark."\nb,03/04/2025,"“No,” said Ann Lark."\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["process", str(source), "--out", str(out), "--no-progress"]) == 0
    assert (
        "  warning: 2 numeric dates could be day or month first (both numbers 12 or under) "
        "and were read day-first (the default): feed.csv 2 (no date in the file settles the "
        "order)"
    ) in capsys.readouterr().out.splitlines()
    # a date that reads only month-first settles it: no warning, all read month-first
    with source.open("a", encoding="utf-8") as handle:
        handle.write('c,10/13/2025,"“Maybe,” said Ann Lark."\n')
    assert main(["process", str(source), "--out", str(out), "--no-progress"]) == 0
    assert "numeric dates" not in capsys.readouterr().out
    dates = read_table(out, "articles").set_index("article_id")["published_at"]
    assert dates["a"] == pd.Timestamp("2025-09-10", tz="UTC")  # a re-run reads it again


def test_process_summary_warns_about_articles_without_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        {"id": "a", "text": "“Yes,” said Ann Lark.", "published_at": "2025-03-04"},
        {"id": "b", "text": "“No,” said Ann Lark.", "published_at": "yesterday"},
    ]
    source = tmp_path / "items.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert main(["process", str(source), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    assert (
        "  warning: 1 of 2 articles have no publication date (none given, or not a date the "
        "loader reads); filters and charts by date leave them out"
    ) in capsys.readouterr().out.splitlines()


def test_process_summary_warns_about_articles_with_the_same_text(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "raw"
    raw.mkdir()
    other = ARTICLE.replace("Nobody likes paying more", "Nobody likes it")
    for name, text in [("a", ARTICLE), ("b", ARTICLE), ("c", other)] + [
        (name, other) for name in "defg"
    ]:
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    (raw / "h.txt").write_text(ARTICLE.replace("Okafor said", "she said"), encoding="utf-8")
    options = ["--out", str(tmp_path / "out"), "--no-progress"]
    assert main(["process", str(raw), *options]) == 0
    assert (
        "  warning: 5 articles have the same text as another (content_hash); every copy is "
        "kept and its quotes are counted: a.txt = b.txt; c.txt = d.txt = e.txt = ..."
    ) in capsys.readouterr().out.splitlines()
    for name in "bdefg":
        (raw / f"{name}.txt").unlink()
    assert main(["process", str(raw), *options]) == 0
    assert "warning" not in capsys.readouterr().out


@pytest.mark.slow
def test_report_reads_data_processed_of_the_current_folder_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd
    from report_fixtures import write_processed_fixture

    from analysis.io.tables import read_table

    monkeypatch.chdir(tmp_path)  # where `analysis process` writes data/processed by default
    processed = write_processed_fixture(tmp_path / "data" / "processed").resolve()
    out = tmp_path / "reports"
    assert main(["report", "corpus_overview", "--out", str(out)]) == 0
    assert f"data: {processed}" in capsys.readouterr().out.splitlines()
    summary = pd.read_csv(out / "corpus_overview" / "all" / "corpus_summary.csv")
    assert summary["n_articles"].tolist() == [len(read_table(processed, "articles"))]
    record = json.loads((out / "runs.json").read_text(encoding="utf-8"))["runs"]
    assert [run["data_dir"] for run in record] == [str(processed)]


def test_report_data_folder_comes_from_data_then_p_then_batch_defaults(tmp_path: Path) -> None:
    from analysis.cli import _report_data_dir

    batch = tmp_path / "batch.yaml"
    batch.write_text("runs: [corpus_overview]\n", encoding="utf-8")
    assert _report_data_dir(None, {}, None) == "data/processed"
    assert _report_data_dir(None, {}, str(batch)) == "data/processed"
    assert _report_data_dir("runs/a", {"data_dir": "runs/b"}, None) == "runs/a"
    assert _report_data_dir(None, {"data_dir": "runs/b"}, None) == "runs/b"
    batch.write_text("defaults: {data_dir: runs/c}\nruns: [corpus_overview]\n", encoding="utf-8")
    assert _report_data_dir(None, {}, str(batch)) is None  # the batch file's own value
