"""`analysis process` end to end on tiny corpora: tables, manifest, errors, re-runs, engines."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.cli import main
from analysis.io import chunks as chunk_io
from analysis.io import tables as table_io
from analysis.io.tables import read_manifest, read_table, read_tables

TABLE_NAMES = ("articles", "sentences", "quotes", "speakers", "errors")

PAGE = """Menu

Riverside Echo

{title}

April {day}, 2025 at 9:30 am

By Dana Whitlock

{name}, the mayor of Riverside, opened the new ferry terminal on Tuesday.

“This terminal gives the east side the link it has waited for,” {name} said.

She added that the ferries would run every twenty minutes.

“We paid for it without new borrowing,” said {surname}. “That matters to every family here.”

Share this article
"""

EXPORT_ROWS = [
    {
        "id": f"wire-{i}",
        "headline": f"Council debates budget, part {i}",
        "published_at": f"2025-0{1 + i % 6}-1{i % 9}T08:00:00+00:00",
        "outlet": "Metro Wire",
        "body": (
            f"Councillor Omar Reyes criticised item {i} of the budget.\n\n"
            "“We cannot cut the libraries again,” Reyes told reporters. He said the vote "
            "would be close.\n\nAccording to the finance office, the gap is $2.5 million."
        ),
    }
    for i in range(8)
]


def _write_corpus(root: Path) -> Path:
    people = [("Ana Ruiz", "Ruiz"), ("Maria Lopez", "Lopez"), ("Helen Park", "Park")]
    for i, (name, surname) in enumerate(people):
        folder = root / "riverside-echo"
        folder.mkdir(parents=True, exist_ok=True)
        text = PAGE.format(
            title=f"Ferry terminal opens, day {i}", day=10 + i, name=name, surname=surname
        )
        (folder / f"ferry-{i}.txt").write_text(text, encoding="utf-8")
    wire = root / "metro-wire"
    wire.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(row, ensure_ascii=False) for row in EXPORT_ROWS]
    lines.insert(3, "{broken json")
    (wire / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "riverside-echo" / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return _write_corpus(tmp_path / "raw")


def _run(corpus: Path, out: Path, **options) -> dict:
    return pipeline.run_process([corpus], out=out, progress=False, **options)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(out, name) for name in TABLE_NAMES}


def assert_same_tables(left: Path, right: Path) -> None:
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(read_table(left, name), read_table(right, name), obj=name)


def test_process_writes_every_table_and_accounts_for_every_input(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    manifest = _run(corpus, out)
    tables = read_tables(out)
    assert set(tables) == set(TABLE_NAMES)
    articles, errors = tables["articles"], tables["errors"]
    # 3 pages + 8 good export rows; 1 broken JSON line + 1 empty file
    assert len(articles) == 11
    assert len(errors) == 2
    assert manifest["inputs"]["items"] == len(articles) + len(errors)
    assert manifest["outputs"] == {name: len(tables[name]) for name in TABLE_NAMES}
    assert set(errors["path"].map(lambda p: Path(p).name)) == {"export.jsonl", "empty.txt"}
    assert (errors["stage"] == "load").all()
    assert {"pandas", "nltk", "python"} <= set(manifest["versions"])
    assert manifest["parameters"]["chunk_size"] == pipeline.DEFAULT_CHUNK_SIZE
    assert manifest["timings"]["total"] > 0


def test_quotes_and_sentiment_are_stored(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    quotes = read_table(out, "quotes")
    sentences = read_table(out, "sentences")
    for frame in (quotes, sentences):
        assert {"sentiment_compound", "sentiment_pos", "sentiment_neu", "sentiment_neg"} <= set(
            frame.columns
        )
        assert frame["sentiment_compound"].between(-1, 1).all()
    articles = read_table(out, "articles").set_index("article_id")
    for row in quotes.itertuples():
        assert articles.loc[row.article_id, "text"][row.start_char : row.end_char] == row.quote_text
    terminal = quotes.loc[quotes["quote_text"].str.contains("east side")]
    assert len(terminal) == 3
    assert set(terminal["speaker_name"]) == {"Ana Ruiz", "Maria Lopez", "Helen Park"}
    speakers = read_table(out, "speakers")
    assert speakers["speaker_id"].is_unique
    assert set(quotes["speaker_id"].dropna()) <= set(speakers["speaker_id"])
    joined = quotes.dropna(subset=["speaker_id"]).merge(speakers, on="speaker_id")
    assert (joined["speaker_gender"] == joined["gender"]).all()  # quotes never contradict speakers
    assert (joined["speaker_name"] == joined["name"]).all()
    assert set(speakers.set_index("name").loc[["Ana Ruiz", "Maria Lopez"], "gender"]) == {"female"}


def test_rerun_gives_identical_tables_and_reuses_every_chunk(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _run(corpus, first)
    _run(corpus, second)
    assert_same_tables(first, second)
    again = _run(corpus, first)
    assert again["incremental"]["articles_processed"] == 0
    assert again["incremental"]["chunks_reused"] == again["incremental"]["chunks"]
    assert_same_tables(first, second)


def test_rerun_reads_an_export_again_when_a_new_row_settles_its_date_order(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    feed = corpus / "feed.csv"
    feed.write_text("id,date,text\na,09/10/2025,The ferry ran late.\n", encoding="utf-8")
    first = _run(corpus, tmp_path / "out")
    assert first["ambiguous_dates"] == [
        {
            "path": "feed.csv",
            "n_ambiguous": 1,
            "order": "day-first",
            "reason": "no date in the file settles the order",
        }
    ]
    feed.write_text(feed.read_text() + "b,10/13/2025,The bridge opened.\n", encoding="utf-8")
    again = _run(corpus, tmp_path / "out")
    assert again["ambiguous_dates"] == []
    assert again["incremental"]["articles_reused"] == 0  # row a reads another date now
    dates = read_table(tmp_path / "out", "articles").set_index("article_id")["published_at"]
    assert dates["a"] == pd.Timestamp("2025-09-10", tz="UTC")
    _run(corpus, tmp_path / "clean")
    assert_same_tables(tmp_path / "out", tmp_path / "clean")


def test_output_is_the_same_whatever_jobs_and_chunk_size(corpus: Path, tmp_path: Path) -> None:
    _run(corpus, tmp_path / "one", jobs=1)
    _run(corpus, tmp_path / "two", jobs=2, chunk_size=2)
    _run(corpus, tmp_path / "small", jobs=1, chunk_size=1)
    assert_same_tables(tmp_path / "one", tmp_path / "two")
    assert_same_tables(tmp_path / "one", tmp_path / "small")
    for name in TABLE_NAMES:  # many parts still read as one dataset with plain pandas
        folder = tmp_path / "small" / name
        assert len(pd.read_parquet(folder)) == len(read_table(tmp_path / "one", name))
    assert len(list((tmp_path / "small" / "articles").glob("part-*.parquet"))) > 1


def test_output_is_the_same_whatever_the_number_of_speaker_shares_and_groups(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(corpus, tmp_path / "one", chunk_size=2)
    monkeypatch.setattr(pipeline, "CHUNKS_PER_SHARE", 1)  # a share of the speakers per chunk
    monkeypatch.setattr(pipeline, "CHUNKS_PER_GROUP", 2)
    monkeypatch.setattr(pipeline, "_SPEAKERS_PER_SLICE", 3)  # the sorted merge, a few at a time
    monkeypatch.setattr(pipeline, "_MERGE_ROWS", 2)
    _run(corpus, tmp_path / "shares", jobs=2, chunk_size=2)
    assert_same_tables(tmp_path / "one", tmp_path / "shares")
    assert len(read_table(tmp_path / "one", "speakers")) >= 4
    assert not list((tmp_path / "shares").glob(".work/*/_corpus_pass"))  # scratch removed


def test_changed_and_added_files_are_the_only_ones_reprocessed(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(corpus, out, chunk_size=2)
    page = corpus / "riverside-echo" / "ferry-1.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("twenty", "thirty"), encoding="utf-8")
    added = corpus / "riverside-echo" / "ferry-9.txt"
    added.write_text(
        PAGE.format(title="Extra", day=20, name="Rosa Diaz", surname="Diaz"), encoding="utf-8"
    )
    manifest = _run(corpus, out, chunk_size=2)
    assert manifest["incremental"]["articles_processed"] == 2
    assert manifest["incremental"]["articles_reused"] == 10
    clean = tmp_path / "clean"
    _run(corpus, clean, chunk_size=2)
    assert_same_tables(out, clean)
    assert "thirty" in " ".join(read_table(out, "articles")["text"])


def test_interrupted_run_keeps_previous_output_and_next_run_resumes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _run(corpus, out, chunk_size=1)
    before = _tables(out)
    for page in (corpus / "riverside-echo").glob("ferry-*.txt"):
        page.write_text(
            page.read_text(encoding="utf-8") + "\nA late line was added.\n", encoding="utf-8"
        )
    real = pipeline.process_articles
    calls = {"n": 0}

    def interrupted(articles: pd.DataFrame) -> dict:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(articles)

    monkeypatch.setattr(pipeline, "process_articles", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, out, chunk_size=1)
    for name, frame in _tables(out).items():
        pd.testing.assert_frame_equal(frame, before[name], obj=name)
    monkeypatch.setattr(pipeline, "process_articles", real)
    resumed = _run(corpus, out, chunk_size=1)
    assert resumed["incremental"]["articles_processed"] == 2  # the first changed page was kept
    clean = tmp_path / "clean"
    _run(corpus, clean, chunk_size=1)
    assert_same_tables(out, clean)


def test_an_article_that_breaks_a_stage_becomes_an_error_row(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.quotes

    real = analysis.quotes.extract_quotes

    def fragile(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
        if articles["text"].str.contains("Helen Park").any():
            raise ValueError("cannot read this one")
        return real(articles, sentences)

    monkeypatch.setattr(analysis.quotes, "extract_quotes", fragile)
    out = tmp_path / "out"
    manifest = _run(corpus, out)
    errors = read_table(out, "errors")
    broken = errors.loc[errors["stage"] == "quotes"]
    assert len(broken) == 1
    assert "cannot read this one" in broken["message"].iloc[0]
    assert broken["error_type"].iloc[0] == "ValueError"
    assert len(read_table(out, "articles")) == 10
    assert manifest["inputs"]["items"] == 13


def test_article_without_sentences_goes_to_errors(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [
        {"id": "a", "text": "Mayor Ana Ruiz said the bridge opens soon."},
        {"id": "b", "text": " \n\n  "},
    ]
    (raw / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    manifest = _run(raw, tmp_path / "out", source="Test Wire")
    errors = read_table(tmp_path / "out", "errors")
    articles = read_table(tmp_path / "out", "articles")
    assert list(articles["article_id"]) == ["a"]
    assert articles["source"].iloc[0] == "Test Wire"
    assert len(errors) == 1 and errors["article_id"].iloc[0] == "b"
    assert manifest["inputs"]["items"] == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("aliases", "alias,canonical_name\nBob Tarrant,Robert Tarrant,extra\n"),
        ("overrides", "name,gender,speaker_type\nHelen Park,female,organization\n"),
    ],
)
def test_a_bad_rule_file_stops_the_run_before_any_chunk(
    corpus: Path, tmp_path: Path, name: str, content: str
) -> None:
    rules = tmp_path / f"{name}.csv"
    rules.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="line 2"):
        _run(corpus, out, **{name: rules})
    assert not list(out.rglob("*.parquet"))  # no chunk was processed


def test_alias_and_override_files_shape_speakers_and_quotes(corpus: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical_name\nOmar Reyes,Omar Reyes Santos\n", encoding="utf-8")
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "name,gender,speaker_type\nOmar Reyes Santos,male,\nHelen Park,,organization\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    _run(corpus, out, jobs=2, chunk_size=2, aliases=aliases, overrides=overrides)
    speakers = read_table(out, "speakers").set_index("name")
    quotes = read_table(out, "quotes")
    assert "Omar Reyes" not in speakers.index
    assert speakers.loc["Omar Reyes Santos", ["gender", "gender_evidence"]].tolist() == [
        "male",
        "override",
    ]
    assert speakers.loc["Helen Park", "speaker_type"] == "organization"
    reyes = quotes.loc[quotes["speaker_name"] == "Omar Reyes Santos"]
    assert reyes["article_id"].nunique() == len(EXPORT_ROWS)
    assert set(reyes["speaker_gender_evidence"]) == {"override"}
    assert set(quotes.loc[quotes["speaker_name"] == "Helen Park", "speaker_type"]) == {
        "organization"
    }


def test_final_quotes_equal_renaming_the_whole_chunk_in_pandas(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus pass sends only the speaker columns of a chunk's quotes through pandas;
    the file it writes must be the one renaming the whole table would give."""
    import pyarrow.parquet as pq

    from analysis import speakers as sp
    from analysis.io.tables import write_part

    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical_name\nOmar Reyes,Omar Reyes Santos\n", encoding="utf-8")
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("name,gender,speaker_type\nHelen Park,female,\n", encoding="utf-8")
    real = pipeline._write_final_quotes
    rows: list[int] = []

    def compared(work, key, renames_file, overrides, speakers_file, target):
        rows.append(real(work, key, renames_file, overrides, speakers_file, target))
        quotes = chunk_io.read_chunk_table(work, key, "quotes")
        quotes = sp.rename_speakers(quotes, pipeline._renames(renames_file), overrides=overrides)
        quotes = sp.with_speaker_attributes(quotes, pipeline._speakers_of(quotes, speakers_file))
        reference = write_part(quotes, tmp_path / "reference" / f"{key}.parquet")
        assert pq.read_schema(target).equals(pq.read_schema(reference), check_metadata=True)
        assert pq.read_table(target).equals(pq.read_table(reference))
        return rows[-1]

    monkeypatch.setattr(pipeline, "_write_final_quotes", compared)
    _run(corpus, tmp_path / "out", chunk_size=2, aliases=aliases, overrides=overrides)
    quotes = read_table(tmp_path / "out", "quotes")
    assert len(rows) > 2 and sum(rows) == len(quotes)
    assert "Omar Reyes Santos" in set(quotes["speaker_name"])  # renamed: aliases changed
    assert "override" in set(quotes["speaker_gender_evidence"])


def test_a_table_reads_as_one_folder_when_its_first_chunk_has_no_rows(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = [
        {"id": "calm", "text": "The ferry ran late on Monday. Nobody minded the wait."},
        {"id": "quoted", "text": "“We are ready,” Mayor Ana Ruiz said on Monday."},
    ]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    _run(raw, out, chunk_size=1)
    for name in ("articles", "sentences", "quotes"):
        parts = sorted((out / name).glob("part-*.parquet"))
        assert all(pq.ParquetFile(part).metadata.num_rows for part in parts), name
        pd.testing.assert_frame_equal(pd.read_parquet(out / name), read_table(out, name))
    assert len(read_table(out, "articles")) == 2 and len(read_table(out, "quotes")) == 1


def test_tables_of_a_run_without_articles_have_the_schemas_of_one_with_them(
    tmp_path: Path,
) -> None:
    import pyarrow.parquet as pq

    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "a.txt").write_text("“We are ready,” Mayor Ana Ruiz said on Monday.", encoding="utf-8")
    (bad / "empty.txt").write_bytes(b"")
    _run(good, tmp_path / "out-good")
    _run(bad, tmp_path / "out-bad")
    for name in ("articles", "sentences", "quotes", "speakers", "errors"):
        schemas = [
            pq.read_schema(next((tmp_path / out / name).glob("part-*.parquet")))
            for out in ("out-good", "out-bad")
        ]
        # the names and types of the columns; the time unit of published_at aside
        kinds = [[(f.name, re.sub(r"\[\w+,", "[", str(f.type))) for f in s] for s in schemas]
        assert kinds[0] == kinds[1], name


def test_speaker_id_numbers_read_from_arrow_bytes_equal_the_parsed_ids() -> None:
    import pyarrow as pa

    from analysis.speakers import speaker_id_for

    ids = [speaker_id_for(name) for name in ("Ana Ruiz", "Omar Reyes", "Li Wei", "Jo Fox")]
    parsed = [int(sid[3:], 16) for sid in ids]
    assert pipeline._id_numbers(ids).tolist() == parsed
    assert pipeline._id_numbers(pa.array(ids)).tolist() == parsed
    assert pipeline._id_numbers(pa.array(ids).slice(1)).tolist() == parsed[1:]  # offset
    chunked = pa.chunked_array([ids[:1], ids[1:]], type=pa.large_string())
    assert pipeline._id_numbers(chunked).tolist() == parsed
    assert pipeline._id_numbers(pa.array(["sp_00000000000f", *ids])).tolist() == [15, *parsed]
    odd = pa.array(["sp_ff", ids[0]])  # not the usual width: parsed one by one
    assert pipeline._id_numbers(odd).tolist() == [255, parsed[0]]


def test_process_uses_the_system_allocator_and_restores_arrows(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    before = pa.default_memory_pool().backend_name
    seen: list[str] = []
    real = pipeline._publish

    def spy(*args, **kwargs):
        seen.append(pa.default_memory_pool().backend_name)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_publish", spy)
    _run(corpus, tmp_path / "out")
    assert seen == ["system"]
    assert pa.default_memory_pool().backend_name == before


def test_workers_are_forked_with_the_resources_loaded(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "_warmed_up", False)  # as in a new process
    loads: list[float] = []  # what _warm_up took in this process (workers have a copy)
    real_warm_up = pipeline._warm_up
    monkeypatch.setattr(pipeline, "_warm_up", lambda: loads.append(real_warm_up()) or loads[-1])
    warm_at_submit: list[bool] = []
    real = pipeline.make_executor

    def spy(*args):
        executor = real(*args)
        submit = executor.submit

        def recorded(func, *call_args):
            warm_at_submit.append(pipeline._warmed_up)
            return submit(func, *call_args)

        executor.submit = recorded
        return executor

    monkeypatch.setattr(pipeline, "make_executor", spy)
    manifest = _run(corpus, tmp_path / "out", jobs=2, chunk_size=2)
    assert warm_at_submit and all(warm_at_submit)
    # loaded here, once: the workers' own loads, counted in the manifest too, took nothing
    assert sum(loads) > 0
    assert manifest["timings"]["startup"] == pytest.approx(sum(loads), abs=1e-3)


def test_process_collects_garbage_rarely_and_restores_the_thresholds(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    real = pipeline._publish

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_publish", spy)
    _run(corpus, tmp_path / "out")
    assert seen[0][0] > 10 * before[0]
    assert gc.get_threshold() == before

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "_publish", fail)
    with pytest.raises(RuntimeError):
        _run(corpus, tmp_path / "failed")
    assert gc.get_threshold() == before


@pytest.mark.parametrize("enabled", [True, False])
def test_process_articles_leaves_the_garbage_collector_as_it_found_it(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import analysis.quotes

    seen_during: list[bool] = []
    real = analysis.quotes.extract_quotes

    def spy(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
        seen_during.append(gc.isenabled())
        if articles["article_id"].eq("broken").any():
            raise ValueError("a stage fails")
        return real(articles, sentences)

    monkeypatch.setattr(analysis.quotes, "extract_quotes", spy)
    articles = pd.DataFrame(
        {
            "article_id": ["ok", "broken"],
            "path": ["ok.txt", "broken.txt"],
            "text": ["“We are ready,” Ana Ruiz said.", "“Not this one,” Omar Reyes said."],
        }
    )
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        tables = pipeline.process_articles(articles)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen_during and not any(seen_during)  # paused while the stages ran
    assert list(tables["articles"]["article_id"]) == ["ok"]
    assert list(tables["errors"]["article_id"]) == ["broken"]


def test_cli_process_prints_summary_and_fails_only_when_nothing_processed(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "out"
    assert main(["process", str(corpus), "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "articles: 11" in printed and "errors: 2" in printed
    assert read_manifest(out)["outputs"]["articles"] == 11
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert main(["process", str(empty), "--out", str(tmp_path / "out2"), "--no-progress"]) == 1
    assert main(["process", str(tmp_path / "missing"), "--out", str(tmp_path / "out3")]) == 1


@pytest.mark.slow
def test_dask_engine_gives_the_same_tables(corpus: Path, tmp_path: Path) -> None:
    _run(corpus, tmp_path / "local")
    _run(corpus, tmp_path / "dask", engine="dask", jobs=1, chunk_size=3)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_a_code_change_reprocesses_everything(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    monkeypatch.setattr(chunk_io, "package_fingerprint", lambda: "another version")
    manifest = _run(corpus, out)
    assert manifest["incremental"]["articles_reused"] == 0
    assert manifest["incremental"]["articles_processed"] == 11
    assert len(list((out / chunk_io.WORK_DIR).iterdir())) == 1  # the old version's chunks are gone


def test_an_output_folder_inside_the_input_is_not_read_back(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("“We are ready,” Mayor Ana Ruiz said on Monday.", encoding="utf-8")
    (raw / "README.md").write_text("Articles collected in May.", encoding="utf-8")
    for _ in range(2):  # the second run finds the first one's tables in tmp_path/out
        manifest = _run(tmp_path, tmp_path / "out")
        assert manifest["outputs"]["articles"] == 1 and manifest["outputs"]["errors"] == 0
    assert manifest["inputs"]["skipped"] == 2  # README.md and out/


def test_an_output_folder_that_is_the_input_folder_is_not_read_back(
    corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(corpus, folder)
    _run(corpus, tmp_path / "elsewhere")
    for _ in range(2):  # the second run finds the first one's tables and manifest in folder/
        manifest = _run(folder, folder)
        assert manifest["inputs"]["items"] == 13
        assert_same_tables(folder, tmp_path / "elsewhere")
    assert manifest["incremental"]["articles_reused"] == 11
    assert manifest["inputs"]["skipped"] == 8  # .work, the lock, 5 tables, manifest.json


def test_a_run_does_not_write_tables_over_files_of_others(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "out"
    (out / "quotes").mkdir(parents=True)
    (out / "quotes" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["process", str(corpus), "--out", str(out), "--no-progress"]) == 2
    assert capsys.readouterr().err == (
        f"analysis process: folder {out / 'quotes'} holds notes.txt, not a table `analysis "
        "process` wrote; writing the quotes table there would delete it: choose another "
        "output folder\n"
    )
    assert (out / "quotes" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["quotes"]  # nothing else written
    shutil.rmtree(out / "quotes")
    (out / "errors").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{out / 'errors'} is a file"):
        _run(corpus, out)
    # an input folder with a folder of articles named like a table, written into
    folder = tmp_path / "folder"
    shutil.copytree(corpus, folder / "articles")
    with pytest.raises(ValueError, match="articles holds"):
        _run(folder, folder)
    assert len(list((folder / "articles").rglob("*.*"))) == len(list(corpus.rglob("*.*")))


# --------------------------------------------------------------------------- killed and interrupted runs

_STALE_HEX = "0123456789abcdef" * 2  # a uuid4().hex


def _hidden_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_run_removes_the_staging_killed_runs_left_and_nothing_else(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _run(corpus, out, chunk_size=2)
    before = _tables(out)
    (store,) = (out / chunk_io.WORK_DIR).iterdir()
    stale = [
        out / f".articles.{_STALE_HEX}.tmp",
        out / f".quotes.{_STALE_HEX}.old",
        out / f".manifest.json.{_STALE_HEX}.tmp",
        store / f".{_STALE_HEX[:24]}.{_STALE_HEX}.tmp",
    ]
    kept = [  # not names this project gives its staging
        out / f".notes.{_STALE_HEX}.tmp",
        out / ".articles.backup.tmp",
        out / f"articles.{_STALE_HEX}.tmp",
        out / f".articles.{_STALE_HEX}.tmp.keep",
    ]
    for folder in stale[:2] + stale[3:] + kept:
        folder.mkdir()
        (folder / "part-00000.parquet").write_bytes(b"half written")
    stale[2].write_text("{", encoding="utf-8")

    def interrupted(*args: object) -> int:
        # the corpus pass has staged articles, sentences, errors and speakers by now
        assert len(_hidden_entries(out)) > 1 + len(kept)
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_write_sorted_speakers", interrupted)
    with pytest.raises(KeyboardInterrupt):  # the stale staging goes first, then its own
        _run(corpus, out, chunk_size=2, jobs=2)
    assert not [path for path in stale if path.exists()]
    assert all(path.exists() for path in kept)
    assert _hidden_entries(out) == sorted([".work", *(p.name for p in kept if p.name[0] == ".")])
    for name, frame in _tables(out).items():  # the previous output, complete
        pd.testing.assert_frame_equal(frame, before[name], obj=name)


def test_a_table_moved_aside_by_a_killed_swap_goes_back_into_place(
    corpus: Path, tmp_path: Path
) -> None:
    from analysis.io import tables as table_io

    out = tmp_path / "out"
    _run(corpus, out)
    before = _tables(out)
    (out / "speakers").rename(out / f".speakers.{_STALE_HEX}.old")  # killed before the new one
    (out / f".speakers.{_STALE_HEX[::-1]}.tmp").mkdir()  # ... came in from its staging
    table_io.remove_staging(out)
    assert _hidden_entries(out) == [".work"]
    pd.testing.assert_frame_equal(read_table(out, "speakers"), before["speakers"])


def _processes() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _parent_and_state(pid: int) -> tuple[int, str] | None:
    """The parent and state of a live process (None: ended, or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in "ZX" else (int(fields[1]), fields[0])


def _wait_until(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    """Poll ``condition`` until it holds; fail after a generous ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _start_blocked_run(script: str, tmp_path: Path) -> subprocess.Popen:
    """Run ``script`` (Python that starts a run whose work blocks) in a new session, its
    output to ``tmp_path/output.txt`` (not a pipe: workers left running would hold it open,
    and reading it would wait for them)."""
    with (tmp_path / "output.txt").open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script)],
            cwd=tmp_path,
            start_new_session=True,  # its own process group, as a command in a terminal has
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _end_leftovers(pids: Iterable[int]) -> None:
    """Kill whatever the test started that is still running (so that a failure leaves none)."""
    for pid in pids:
        if _parent_and_state(pid) is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_run_is_killed_and_the_next_run_cleans_up(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(corpus, out, chunk_size=1)
    before = _tables(out)
    ready = tmp_path / "ready"
    # The corpus pass blocks in this process while its two workers wait for their next task
    # (reading a pipe: where the reviewer found workers of a killed run, for good).
    run = _start_blocked_run(
        f"""
        import threading
        from pathlib import Path
        from analysis import pipeline

        def blocked(*args):
            Path({str(ready)!r}).touch()
            threading.Event().wait()

        pipeline._write_sorted_speakers = blocked
        pipeline.run_process([{str(corpus)!r}], out={str(out)!r}, jobs=2, chunk_size=1,
                             progress=False)
        """,
        tmp_path,
    )
    workers: list[int] = []
    try:
        _wait_until(lambda: ready.exists() or run.poll() is not None, "the corpus pass")
        assert run.poll() is None, (tmp_path / "output.txt").read_text()
        workers = [p for p in _processes() if (_parent_and_state(p) or (0,))[0] == run.pid]
        assert len(workers) == 2
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=120)
        _wait_until(lambda: all(_parent_and_state(p) is None for p in workers), "the workers")
    finally:
        _end_leftovers([run.pid, *workers])
    assert any(name.endswith(".tmp") for name in _hidden_entries(out))  # what it was staging
    for name, frame in _tables(out).items():  # readable, the previous output
        pd.testing.assert_frame_equal(frame, before[name], obj=name)
    _run(corpus, out, chunk_size=1)
    assert _hidden_entries(out) == [".work"]
    (store,) = (out / chunk_io.WORK_DIR).iterdir()
    assert not _hidden_entries(store)
    for name, frame in _tables(out).items():
        pd.testing.assert_frame_equal(frame, before[name], obj=name)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_the_workers_and_says_how_to_resume(corpus: Path, tmp_path: Path) -> None:
    started = tmp_path / "started"
    started.mkdir()
    # Each worker blocks in its first chunk: only the parent can stop them.
    run = _start_blocked_run(
        f"""
        import os, sys, threading
        from pathlib import Path
        from analysis import cli, pipeline

        def blocked(*args):
            (Path({str(started)!r}) / str(os.getpid())).touch()
            threading.Event().wait()

        pipeline._process_chunk = blocked
        sys.argv = ["analysis", "process", {str(corpus)!r}, "--out", "out", "--jobs", "2",
                    "--chunk-size", "1", "--no-progress"]
        cli.run()
        """,
        tmp_path,
    )
    workers: list[int] = []
    try:
        _wait_until(lambda: len(list(started.iterdir())) == 2 or run.poll() is not None, "work")
        workers = [int(path.name) for path in started.iterdir()]
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        try:
            run.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail("the interrupted run did not end")
        _wait_until(lambda: all(_parent_and_state(p) is None for p in workers), "the workers")
    finally:
        _end_leftovers([run.pid, *workers])
    printed = (tmp_path / "output.txt").read_text()
    assert run.returncode == 130
    assert "Traceback" not in printed
    assert printed.strip().splitlines()[-1] == (
        "analysis process: interrupted; finished chunks are kept, "
        "run the same command again to resume"
    )


def test_a_second_run_into_a_folder_in_use_stops_and_a_stale_lock_is_taken_over(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    lock = out / table_io.LOCK
    lock.write_text(str(os.getppid()))  # a live process (the test runner's parent)
    with pytest.raises(ValueError, match="another run"):
        _run(corpus, out)
    assert not list(out.rglob("*.parquet"))
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock.write_text(finished.stdout.strip())  # a process that has ended
    _run(corpus, out)
    assert read_table(out, "articles").shape[0] > 0
    assert not lock.exists()
