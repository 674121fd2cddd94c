"""Tests for analysis.io.inputs: formats, ids, encodings and bad input (never lost)."""

from __future__ import annotations

import hashlib
import inspect
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis.io.inputs.readers as readers
from analysis.io import (
    decode_page,
    iter_articles,
    iter_file_items,
    list_input_files,
    mark_duplicate_ids,
    read_articles,
)
from analysis.io.inputs import scan_input_files
from analysis.paths import PROJECT_ROOT
from analysis.schemas import ARTICLES, ERRORS

CORPUS = Path(__file__).parent / "data" / "loading" / "corpus"
SEED = PROJECT_ROOT / "data" / "raw" / "middle-east-monitor" / "seed-article.txt"

PAGE = "Harbour ferry fares rise\n\n4 March 2024\n\nFares rose by a tenth on Monday, the operator said.\n"


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode(encoding) if isinstance(content, str) else content
    path.write_bytes(data)
    return path


def jsonl(*rows: dict | str) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def load(path: Path, **options) -> tuple[pd.DataFrame, pd.DataFrame]:
    return read_articles(path, **options)


def only_error(errors: pd.DataFrame) -> dict:
    assert len(errors) == 1, errors.to_dict("records")
    return errors.iloc[0].to_dict()


# --------------------------------------------------------------------------- seed and corpus


def test_seed_article_loads_with_its_gold_fields() -> None:
    articles, errors = read_articles(SEED)
    assert errors.empty
    article = articles.iloc[0]
    assert article["article_id"] == "seed-article.txt"
    assert article["source"] == "Middle East Monitor"  # from the folder's slug
    assert article["title"] == "Putin admits: Syrian army suffered heavy losses in Idlib"
    assert article["published_at"] == pd.Timestamp("2020-03-06T01:52:00", tz="UTC")
    assert "Sefa Karacan/Anadolu Agency" in article["captions"][0]
    assert article["content_hash"] == hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_fixture_corpus_accounts_for_every_item() -> None:
    articles, errors = read_articles(CORPUS)

    assert list(articles.columns) == list(ARTICLES)
    assert list(errors.columns) == list(ERRORS)
    assert sorted(articles["article_id"]) == [
        "csv-1",
        "csv-3",
        "exports/wire.jsonl:2",
        "latin/2024-01-05-cafe-fees.txt",
        "river-times/2024-05-02-ferry-bridge.txt",
        "river-times/2024-06-11-market-hall.html",
        "wire-001",
    ]
    found = sorted(zip(errors["path"], errors["error_type"], errors["line"].fillna(0), strict=True))
    assert found == [
        ("bad/binary.txt", "binary_file", 0),
        ("bad/empty.txt", "empty_file", 0),
        ("empty-outlet", "no_input_files", 0),
        ("exports/lakeside.csv", "missing_text", 2),
        ("exports/no_text_column.csv", "missing_column", 1),
        ("exports/no_text_column.csv", "missing_column", 2),
        ("exports/wire.jsonl", "duplicate_id", 6),
        ("exports/wire.jsonl", "invalid_json", 4),
        ("exports/wire.jsonl", "invalid_row", 7),
        ("exports/wire.jsonl", "missing_text", 5),
        ("river-times/notes.docx", "unsupported_format", 0),
    ]
    assert set(errors["stage"]) == {"load"}
    assert errors["message"].str.len().min() > 10
    # every non-blank line / row / page is in exactly one table
    wire_lines = [
        line for line in (CORPUS / "exports/wire.jsonl").read_text().splitlines() if line.strip()
    ]
    from_wire = (articles["path"] == "exports/wire.jsonl").sum() + (
        errors["path"] == "exports/wire.jsonl"
    ).sum()
    assert from_wire == len(wire_lines)


def test_reading_is_deterministic_and_independent_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = read_articles(CORPUS)
    monkeypatch.chdir(tmp_path)
    copy = shutil.copytree(CORPUS, tmp_path / "elsewhere" / "corpus")
    second = read_articles(copy)
    for before, after in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(before, after, check_exact=True)


def test_iter_articles_is_a_lazy_generator(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", PAGE)
    items = iter_articles(tmp_path)
    assert inspect.isgenerator(items)
    kind, row = next(items)
    assert kind == "article" and row["article_id"] == "a.txt"


def test_list_input_files_sorted_skips_hidden_and_readme(tmp_path: Path) -> None:
    for name in ["b/2.txt", "a/1.txt", "a/.hidden.txt", ".git/x.txt", "README.md", "a/readme.txt"]:
        write(tmp_path / name, PAGE)
    files = list_input_files(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path, _ in files] == ["a/1.txt", "b/2.txt"]
    assert {root for _, root in files} == {tmp_path.resolve()}


def test_only_files_named_readme_are_skipped_and_they_are_listed(tmp_path: Path) -> None:
    skipped = ["README", "README.md", "a/Readme.TXT", "a/readme.rst", "a/.notes.txt", ".git"]
    read = ["a/readme-council-vote.txt", "a/readme_first.txt", "b/readmes.txt", "b/README/x.txt"]
    for name in [*skipped[:-1], ".git/HEAD.txt", *read]:
        write(tmp_path / name, PAGE)
    articles, errors = read_articles(tmp_path)
    assert errors.empty
    assert sorted(articles["article_id"]) == sorted(read)
    shown = [path.relative_to(tmp_path).as_posix() for path in scan_input_files(tmp_path)[1]]
    assert sorted(shown) == sorted(skipped)


def test_an_output_folder_read_as_input_skips_only_what_process_wrote(tmp_path: Path) -> None:
    write(tmp_path / ".work" / "0123456789abcdef" / "done", "")  # analysis process wrote here
    for name in ["articles", "sentences", "quotes", "speakers", "errors"]:
        write(tmp_path / name / "part-00000.parquet", b"PAR1")
    write(tmp_path / "manifest.json", "{}")
    write(tmp_path / "a.txt", PAGE)
    write(tmp_path / "more" / "manifest.json", '{"id": "m", "text": "no table"}')
    files, skipped = scan_input_files(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path, _ in files] == [
        "a.txt",
        "more/manifest.json",
    ]
    assert len(skipped) == 7  # .work, 5 tables, manifest.json
    without_store = tmp_path / "copy"
    shutil.copytree(tmp_path, without_store, ignore=shutil.ignore_patterns(".work", "copy"))
    assert len(list_input_files(without_store)) == 8  # no chunk store: not an output folder


def test_folder_without_readable_files_names_what_was_skipped(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "README.md", "About this corpus")
    write(tmp_path / "docs" / ".DS_Store", b"\x00")
    write(tmp_path / "news" / "a.txt", PAGE)
    _, errors = read_articles(tmp_path)
    error = only_error(errors)
    assert (error["error_type"], error["path"]) == ("no_input_files", "docs")
    assert "skipped .DS_Store, README.md" in error["message"]


def test_ids_do_not_change_when_another_input_is_added(tmp_path: Path) -> None:
    write(tmp_path / "repo/data/raw/coastline-post/a.txt", PAGE)
    write(tmp_path / "other/b.txt", PAGE)
    write(tmp_path / "loose/c.jsonl", jsonl({"text": "Row."}))
    alone, _ = read_articles(tmp_path / "repo/data/raw")
    together, errors = read_articles(
        [tmp_path / "repo/data/raw", tmp_path / "other", tmp_path / "loose/c.jsonl"]
    )
    assert errors.empty
    assert list(alone["article_id"]) == ["coastline-post/a.txt"]
    assert list(together["article_id"]) == ["b.txt", "c.jsonl:1", "coastline-post/a.txt"]
    assert list(together["path"]) == ["b.txt", "c.jsonl", "coastline-post/a.txt"]
    assert list(together["source"]) == ["other", "loose", "Coastline Post"]


def test_files_given_as_inputs_keep_their_folders_apart(tmp_path: Path) -> None:
    write(tmp_path / "2024/export.jsonl", jsonl({"text": "Row one."}))
    write(tmp_path / "2025/export.jsonl", jsonl({"text": "Row two."}))
    articles, errors = read_articles(
        [tmp_path / "2024/export.jsonl", tmp_path / "2025/export.jsonl"]
    )
    assert errors.empty
    assert list(articles["article_id"]) == ["2024/export.jsonl:1", "2025/export.jsonl:1"]
    alone, _ = read_articles(tmp_path / "2025/export.jsonl")
    assert list(alone["article_id"]) == ["export.jsonl:1"]


def test_same_relative_path_in_two_inputs_is_a_duplicate_that_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "raw/one/x.txt", PAGE)
    write(tmp_path / "raw/two/x.txt", PAGE)
    write(tmp_path / "raw/two/y.jsonl", jsonl({"text": "Row."}))
    write(tmp_path / "raw/three/y.jsonl", jsonl({"text": "Row."}))
    monkeypatch.chdir(tmp_path)
    articles, errors = read_articles(["raw/one", "raw/two", "raw/three"])
    assert list(articles["article_id"]) == ["x.txt", "y.jsonl:1"]
    assert list(articles["source"]) == ["one", "two"]
    assert list(
        zip(errors["error_type"], errors["path"], errors["line"].fillna(0), strict=True)
    ) == [
        ("duplicate_id", "x.txt", 0),
        ("duplicate_id", "y.jsonl", 1),
    ]
    first, second = errors["message"]
    assert "raw/two/x.txt: article id 'x.txt' already used by raw/one/x.txt" in first
    assert (
        "raw/three/y.jsonl line 1: article id 'y.jsonl:1' already used by raw/two/y.jsonl" in second
    )
    assert "give one folder that holds both inputs as the input instead" in first
    articles, errors = read_articles(["raw"])  # what the message advises
    assert errors.empty and len(articles) == 4


def test_ids_do_not_depend_on_how_the_path_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "raw" / "outlet" / "x.txt", PAGE)
    monkeypatch.chdir(tmp_path)
    spellings = ["raw", tmp_path / "raw", "raw/../raw", Path("raw/outlet/..")]
    ids = [list(read_articles(spelling)[0]["article_id"]) for spelling in spellings]
    assert ids == [["outlet/x.txt"]] * len(spellings)


@pytest.mark.parametrize("outer_first", [True, False])
def test_overlapping_inputs_read_each_file_once_as_part_of_the_outer_folder(
    tmp_path: Path, outer_first: bool
) -> None:
    write(tmp_path / "raw/one/x.txt", PAGE)
    inputs = [tmp_path / "raw", tmp_path / "raw/one/x.txt"]
    articles, errors = read_articles(inputs if outer_first else inputs[::-1])
    assert errors.empty and list(articles["article_id"]) == ["one/x.txt"]


# --------------------------------------------------------------------------- exports


def test_jsonl_text_is_verbatim_and_ids_come_from_the_data(tmp_path: Path) -> None:
    text = "  First line.\r\n\r\n“Quoted,” she said.\u00a0 \n"
    path = write(
        tmp_path / "wire" / "export.jsonl",
        jsonl(
            {"id": 17, "title": " Spaced title ", "text": text, "date": "2024-03-04 09:30"},
            "",
            {"headline": "No id", "body": "Second body.", "published_at": "4 March 2024"},
        ),
    )
    articles, errors = load(path)
    assert errors.empty
    first, second = articles.to_dict("records")
    assert first["text"] == text
    assert first["article_id"] == "17"
    assert first["title"] == "Spaced title"
    assert first["published_at"] == pd.Timestamp("2024-03-04 09:30", tz="UTC")
    assert second["article_id"] == "export.jsonl:3"  # blank line 2 is not an item
    assert second["text"] == "Second body."
    assert second["title"] == "No id"
    assert first["content_hash"] != second["content_hash"]


@pytest.mark.parametrize(
    ("line", "error_type"),
    [
        ('{"id": "x", "text": "unterminated', "invalid_json"),
        ("not json at all", "invalid_json"),
        ('["a", "list"]', "invalid_row"),
        ('{"id": "x", "title": "no text"}', "missing_text"),
        ('{"id": "x", "text": null}', "missing_text"),
        ('{"id": "x", "text": "   \\n "}', "missing_text"),
        ('{"id": "x", "text": 42}', "invalid_text"),
    ],
)
def test_bad_jsonl_lines_become_errors_and_the_rest_loads(
    tmp_path: Path, line: str, error_type: str
) -> None:
    path = write(
        tmp_path / "e.jsonl", jsonl({"id": "ok-1", "text": "Fine."}, line, {"text": "Also fine."})
    )
    articles, errors = load(path)
    assert list(articles["article_id"]) == ["ok-1", "e.jsonl:3"]
    error = only_error(errors)
    assert (error["path"], error["line"], error["stage"], error["error_type"]) == (
        "e.jsonl",
        2,
        "load",
        error_type,
    )
    assert "line 2" in error["message"]


def test_undecodable_jsonl_line(tmp_path: Path) -> None:
    good = jsonl({"text": "Caf\u00e9 opens."}).encode("utf-8")
    bad = b'{"text": "broken \xff\xfe bytes \x81"}\n'
    path = write(tmp_path / "u.jsonl", good + bad + good)
    articles, errors = load(path)
    assert len(articles) == 2 and articles["text"].iloc[0] == "Caf\u00e9 opens."
    error = only_error(errors)
    assert (error["error_type"], error["line"]) == ("undecodable", 2)


def test_lone_surrogate_escape_in_json_is_undecodable(tmp_path: Path) -> None:
    path = write(tmp_path / "s.jsonl", '{"text": "ok"}\n{"text": "half \\ud800 a pair"}\n')
    articles, errors = load(path)
    assert len(articles) == 1
    error = only_error(errors)
    assert (error["error_type"], error["line"]) == ("undecodable", 2)
    assert "char 5" in error["message"]


def test_undecodable_csv_row(tmp_path: Path) -> None:
    data = b"id,text\na,Fine.\nb,Bad \xff\x81 bytes\nc,Also fine.\n"
    articles, errors = load(write(tmp_path / "u.csv", data))
    assert list(articles["article_id"]) == ["a", "c"]
    error = only_error(errors)
    assert (error["error_type"], error["line"], error["article_id"]) == ("undecodable", 2, "b")


def test_cp1252_jsonl_export_is_decoded(tmp_path: Path) -> None:
    line = '{"text": "\u201cCaf\u00e9\u201d fees rise \u20ac2"}\n'
    articles, errors = load(write(tmp_path / "w.jsonl", line, encoding="cp1252"))
    assert errors.empty
    assert articles["text"].iloc[0] == "\u201cCaf\u00e9\u201d fees rise \u20ac2"


def test_csv_with_default_columns_keeps_text_verbatim(tmp_path: Path) -> None:
    path = write(
        tmp_path / "echo" / "e.csv",
        'ID,Headline,Body,Published,Outlet\r\nc1,Library hours,"Open late.\r\n\r\n""A trial,"" '
        'she said.  ",2024-02-01 10:00,Lakeside Echo\r\n',
    )
    articles, errors = load(path)
    assert errors.empty
    row = articles.iloc[0]
    assert row["article_id"] == "c1"
    assert row["text"] == 'Open late.\r\n\r\n"A trial," she said.  '
    assert row["title"] == "Library hours"
    assert row["source"] == "Lakeside Echo"
    assert row["published_at"] == pd.Timestamp("2024-02-01 10:00", tz="UTC")


def test_tsv_export(tmp_path: Path) -> None:
    articles, errors = load(write(tmp_path / "t.tsv", "title\ttext\nA\tBody one.\nB\tBody two.\n"))
    assert errors.empty
    assert list(articles["article_id"]) == ["t.tsv:1", "t.tsv:2"]


def test_csv_with_semicolons_is_read(tmp_path: Path) -> None:
    # a spreadsheet export in a comma-decimal locale: ";" between fields, commas in text
    path = write(tmp_path / "s.csv", 'id;title;text\ns1;Fares;"“Yes,” said Ann Lark, 45."\n')
    articles, errors = load(path)
    assert errors.empty
    assert (articles.iloc[0]["title"], articles.iloc[0]["text"]) == (
        "Fares",
        "“Yes,” said Ann Lark, 45.",
    )


def test_csv_without_text_column_gives_one_error_per_row(tmp_path: Path) -> None:
    path = write(tmp_path / "n.csv", "id,title,summary\nn1,First,x\nn2,Second,y\nn3,Third,z\n")
    articles, errors = load(path)
    assert articles.empty
    assert list(errors["error_type"]) == ["missing_column"] * 3
    assert list(errors["line"]) == [1, 2, 3]
    assert list(errors["article_id"]) == ["n1", "n2", "n3"]
    assert "summary" in errors["message"].iloc[0]


def test_csv_unclosed_quote_is_an_error_and_the_next_rows_still_load(tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.csv",
        'text,title\n"Good row, said Ann.",t1\n"unterminated row,t2\nplain row,t3\n',
    )
    articles, errors = load(path)
    assert list(zip(articles["article_id"], articles["text"], articles["title"], strict=True)) == [
        ("u.csv:1", "Good row, said Ann.", "t1"),
        ("u.csv:3", "plain row", "t3"),
    ]
    error = only_error(errors)
    assert (error["error_type"], error["line"], error["article_id"]) == (
        "bad_quoting",
        2,
        "u.csv:2",
    )
    assert "u.csv row 2 (line 3)" in error["message"]
    assert "never closed" in error["message"]


def test_csv_quote_closed_rows_later_does_not_swallow_them(tmp_path: Path) -> None:
    path = write(tmp_path / "q.csv", 'text,title\n"opened here,t1\nplain row,t2\n"quoted",t3\n')
    articles, errors = load(path)
    assert list(articles["text"]) == ["plain row", "quoted"]
    error = only_error(errors)
    assert (error["error_type"], error["line"]) == ("bad_quoting", 1)
    assert "q.csv row 1 (line 2)" in error["message"]


def test_csv_unclosed_quote_reads_no_further_than_the_page_limit(tmp_path: Path) -> None:
    rows = "".join(f"r{n},Row {n}.\n" for n in range(3, 40))
    path = write(tmp_path / "l.csv", f'id,text\nr1,Fine.\nr2,"never closed\n{rows}')
    articles, errors = load(path, max_page_bytes=100)
    assert list(articles["article_id"]) == ["r1", *(f"r{n}" for n in range(3, 40))]
    error = only_error(errors)
    assert (error["error_type"], error["line"]) == ("bad_quoting", 2)
    assert "longer than 100 characters" in error["message"]


def test_csv_multi_line_quoted_fields_still_load(tmp_path: Path) -> None:
    first = 'Para one.\n\n"Para two," she said, "and more."'
    frame = pd.DataFrame({"text": [first, "Row two.", "Row\r\nthree."], "title": ["a", "b", "c"]})
    path = tmp_path / "m.csv"
    frame.to_csv(path, index=False)
    articles, errors = load(path)
    assert errors.empty
    assert list(articles["text"]) == list(frame["text"])
    assert list(articles["article_id"]) == ["m.csv:1", "m.csv:2", "m.csv:3"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("a,b,x,y,z", "5 fields, the header has 3"),
        ("a,b", "2 fields, the header has 3"),
    ],
)
def test_csv_row_with_the_wrong_number_of_fields_is_an_error(
    tmp_path: Path, row: str, reason: str
) -> None:
    path = write(tmp_path / "w.csv", f"id,text,title\nr1,Fine.,t\n{row}\nr3,Also fine.,t\n")
    articles, errors = load(path)
    assert list(articles["article_id"]) == ["r1", "r3"]
    error = only_error(errors)
    assert (error["error_type"], error["line"], error["article_id"]) == (
        "wrong_field_count",
        2,
        "a",
    )
    assert f"w.csv row 2 (line 3): {reason}" in error["message"]


def test_csv_empty_extra_fields_and_blank_lines_are_not_items(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "id,text\nr1,Fine.,\n\nr3,Also fine.,,\n")
    articles, errors = load(path)
    assert errors.empty
    assert list(articles["article_id"]) == ["r1", "r3"]


def test_csv_with_only_a_header(tmp_path: Path) -> None:
    _, errors = load(write(tmp_path / "h.csv", "id,text\n"))
    assert only_error(errors)["error_type"] == "no_rows"


def test_csv_long_text_beyond_the_csv_module_default_limit(tmp_path: Path) -> None:
    text = "word " * 40_000  # 200 KB in one field
    frame = pd.DataFrame({"text": [text]})
    path = tmp_path / "long.csv"
    frame.to_csv(path, index=False)
    articles, errors = load(path)
    assert errors.empty and articles["text"].iloc[0] == text


def test_columns_mapping_names_the_export_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.jsonl",
        jsonl({"story": "Mapped text.", "when": "6 March 2020", "text": "not this", "ref": "r-9"}),
    )
    articles, errors = load(path, columns={"text": "story", "date": "when", "id": ["ref"]})
    assert errors.empty
    row = articles.iloc[0]
    assert (row["text"], row["article_id"]) == ("Mapped text.", "r-9")
    assert row["published_at"] == pd.Timestamp("2020-03-06", tz="UTC")


def test_unknown_columns_field_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown field 'body_text'"):
        read_articles(tmp_path, columns={"body_text": "x"})


def test_parquet_is_read_in_batches_with_row_numbers(tmp_path: Path) -> None:
    n = 1500  # more than one batch
    frame = pd.DataFrame(
        {
            "content": [f"Article number {i}." for i in range(n)],
            "published_at": pd.date_range("2024-01-01", periods=n, freq="h", tz="UTC"),
            "publisher": ["Hill Post"] * n,
            "captions": [["a caption"]] * n,
        }
    )
    path = tmp_path / "p.parquet"
    frame.to_parquet(path, row_group_size=400)
    articles, errors = load(path)
    assert errors.empty and len(articles) == n
    assert articles["article_id"].iloc[1234] == "p.parquet:1235"
    assert articles["text"].iloc[1234] == "Article number 1234."
    assert articles["published_at"].iloc[1] == pd.Timestamp("2024-01-01 01:00", tz="UTC")
    assert articles["source"].iloc[0] == "Hill Post"
    assert articles["captions"].iloc[0] == ["a caption"]


def test_parquet_without_text_column_and_with_empty_rows(tmp_path: Path) -> None:
    pd.DataFrame({"title": ["a", "b"]}).to_parquet(tmp_path / "n.parquet")
    pd.DataFrame({"text": ["ok", None, ""]}).to_parquet(tmp_path / "e.parquet")
    articles, errors = read_articles(tmp_path)
    assert list(articles["article_id"]) == ["e.parquet:1"]
    assert list(zip(errors["path"], errors["error_type"], errors["line"], strict=True)) == [
        ("e.parquet", "missing_text", 2),
        ("e.parquet", "missing_text", 3),
        ("n.parquet", "missing_column", 1),
        ("n.parquet", "missing_column", 2),
    ]


def test_corrupt_parquet_file(tmp_path: Path) -> None:
    write(tmp_path / "c.parquet", b"PAR1 this is not really parquet PAR1")
    write(tmp_path / "ok.txt", PAGE)
    articles, errors = read_articles(tmp_path)
    assert list(articles["article_id"]) == ["ok.txt"]
    assert only_error(errors)["error_type"] == "unreadable_file"


# --------------------------------------------------------------------------- pages and encodings


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig", "utf-16"])
def test_page_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    body = "Caf\u00e9 owners in M\u00fcnchen say the fees are \u201cunfair\u201d."
    if encoding == "latin-1":
        body = "Caf\u00e9 owners in M\u00fcnchen say the fees are unfair, se\u00f1or."
    articles, errors = load(
        write(tmp_path / "p.txt", f"Fees row\n\n6 May 2024\n\n{body}\n", encoding)
    )
    assert errors.empty
    assert articles["text"].iloc[0] == body


def test_decode_page_rejects_binary_and_bad_utf16() -> None:
    with pytest.raises(ValueError, match="^binary"):
        decode_page(b"abc\x00def")
    with pytest.raises(ValueError, match="^binary"):
        decode_page(bytes(range(1, 32)) * 20)
    with pytest.raises(ValueError, match="^undecodable"):
        decode_page(b"\xff\xfe" + b"a\x00\x00\xd8")


def test_html_page_and_declared_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"><meta property="og:site_name" content="Hill Post">'
        "<title>Caf\u00e9 closes</title></head><body><p>The caf\u00e9 closed on Monday after"
        " forty years, its owner said.</p></body></html>"
    )
    articles, errors = load(write(tmp_path / "outlet" / "c.html", html, "latin-1"))
    assert errors.empty
    row = articles.iloc[0]
    assert row["title"] == "Caf\u00e9 closes"
    assert row["source"] == "Hill Post"  # the page's own site name beats the folder name
    assert "caf\u00e9 closed" in row["text"]


def test_txt_file_holding_html_is_read_as_html(tmp_path: Path) -> None:
    html = "<!DOCTYPE html><html><head><title>Saved page</title></head><body><p>Body.</p></body></html>"
    articles, errors = load(write(tmp_path / "s.txt", html))
    assert errors.empty
    assert articles["title"].iloc[0] == "Saved page"
    assert "<p>" not in articles["text"].iloc[0]


@pytest.mark.parametrize(
    ("name", "content", "error_type"),
    [
        ("empty.txt", b"", "empty_file"),
        ("blank.txt", b" \n\n \t\n", "empty_file"),
        ("empty.jsonl", b"", "empty_file"),
        ("blank.jsonl", b"\n\n", "empty_file"),
        ("empty.csv", b"", "empty_file"),
        ("empty.html", b"", "empty_file"),
        ("nul.txt", b"Title\n\n\x00\x01\x02binary", "binary_file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_file"),
        ("nul.jsonl", b'{"text": "a"}\n\x00\x00\x00', "binary_file"),
        ("boiler.txt", b"clear\n\nMenu\n\nShare this article\n", "empty_text"),
        ("paper.docx", b"PK\x03\x04", "unsupported_format"),
        ("noext", b"Some text", "unsupported_format"),
    ],
)
def test_bad_files_become_error_rows(
    tmp_path: Path, name: str, content: bytes, error_type: str
) -> None:
    write(tmp_path / "in" / name, content)
    write(tmp_path / "in" / "zz-good.txt", PAGE)
    articles, errors = read_articles(tmp_path / "in")
    assert list(articles["article_id"]) == ["zz-good.txt"]
    error = only_error(errors)
    assert (error["path"], error["stage"], error["error_type"]) == (name, "load", error_type)
    assert name in error["message"]


def test_oversized_page_is_an_error_but_exports_are_streamed(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", PAGE + "More text. " * 100)
    write(tmp_path / "rows.jsonl", jsonl(*[{"text": "Row text. " * 20}] * 10))
    articles, errors = read_articles(tmp_path, max_page_bytes=500)
    assert len(articles) == 10
    error = only_error(errors)
    assert (error["path"], error["error_type"]) == ("big.txt", "file_too_large")
    assert "500" in error["message"]


def test_a_50_mb_page_does_not_stop_the_run(tmp_path: Path) -> None:
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.write(b"Huge page\n\n")
        chunk = b"Lorem ipsum dolor sit amet. " * 40_000
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    write(tmp_path / "small.txt", PAGE)
    articles, errors = read_articles(tmp_path)
    assert list(articles["article_id"]) == ["small.txt"]
    assert only_error(errors)["error_type"] == "file_too_large"


# --------------------------------------------------------------------------- ids, sources, paths


def test_duplicate_ids_name_the_first_occurrence(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", jsonl({"id": "dup", "text": "First."}, {"id": "u", "text": "U."}))
    write(tmp_path / "b.csv", "id,text\nx,Fine.\ndup,Second.\ndup,Third.\n")
    articles, errors = read_articles(tmp_path)
    assert list(articles["article_id"]) == ["dup", "u", "x"]
    assert list(errors["error_type"]) == ["duplicate_id", "duplicate_id"]
    assert list(errors["line"]) == [2, 3]
    assert set(errors["article_id"]) == {"dup"}
    assert "already used by a.jsonl line 1" in errors["message"].iloc[0]


def test_mark_duplicate_ids_on_plain_items() -> None:
    row = {"article_id": "p.jsonl:3", "path": "p.jsonl"}
    items = list(mark_duplicate_ids([("article", row), ("article", dict(row))]))
    assert [kind for kind, _ in items] == ["article", "error"]
    assert items[1][1]["line"] == 3


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "e", 7]),  # ids repeat; one is a number
            st.sampled_from(["x.jsonl", "y.csv", "pages/z.txt"]),
            st.one_of(st.none(), st.integers(1, 2**31)),
        ),
        max_size=30,
    ),
    st.integers(1, 4),
)
def test_duplicate_index_gives_the_first_place_of_each_id(
    items: list[tuple[object, str, int | None]], merge_every: int
) -> None:
    from analysis.io.inputs import _place_index

    first_place = _place_index(merge_every)  # small: ids move into the sorted arrays often
    reference: dict[object, tuple[str, int | None]] = {}
    for article_id, path, line in items:
        assert first_place(article_id, path, line) == reference.get(article_id)
        reference.setdefault(article_id, (path, line))


def test_missing_path_and_folder_without_readable_files(tmp_path: Path) -> None:
    write(tmp_path / "raw" / "good" / "a.txt", PAGE)
    write(tmp_path / "raw" / "quiet" / "README.md", "nothing here")
    write(tmp_path / "raw" / "quiet" / ".DS_Store", b"\x00\x01")
    (tmp_path / "raw" / "void" / "deeper").mkdir(parents=True)
    articles, errors = read_articles([tmp_path / "raw", tmp_path / "nope.jsonl"])
    assert list(articles["article_id"]) == ["good/a.txt"]
    assert sorted(zip(errors["error_type"], errors["path"], strict=True)) == [
        ("no_input_files", "quiet"),
        ("no_input_files", "void"),
        ("not_found", (tmp_path / "nope.jsonl").as_posix()),
    ]


def test_empty_input_folder_gives_typed_empty_articles(tmp_path: Path) -> None:
    articles, errors = read_articles(tmp_path)
    assert articles.empty and list(articles.columns) == list(ARTICLES)
    assert only_error(errors)["error_type"] == "no_input_files"


def test_source_comes_from_data_then_argument_then_folder(tmp_path: Path) -> None:
    write(
        tmp_path / "folder-name" / "s.jsonl",
        jsonl({"text": "a", "source": "Data Outlet"}, {"text": "b"}),
    )
    articles, _ = read_articles(tmp_path, source="Argument Outlet")
    assert list(articles["source"]) == ["Data Outlet", "Argument Outlet"]
    articles, _ = read_articles(tmp_path)
    assert list(articles["source"]) == ["Data Outlet", "Folder Name"]  # a slug reads as a name


def test_content_hash_tracks_content_not_location(tmp_path: Path) -> None:
    write(tmp_path / "one" / "a.txt", PAGE)
    write(tmp_path / "two" / "a.txt", PAGE)
    write(tmp_path / "two" / "b.txt", PAGE.replace("tenth", "fifth"))
    articles, _ = read_articles(tmp_path)
    hashes = dict(zip(articles["article_id"], articles["content_hash"], strict=True))
    assert hashes["one/a.txt"] == hashes["two/a.txt"] == hashlib.sha256(PAGE.encode()).hexdigest()
    assert hashes["two/b.txt"] != hashes["two/a.txt"]


def test_unparseable_date_is_null_not_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", jsonl({"text": "a", "date": "sometime in spring"}))
    articles, errors = load(path)
    assert errors.empty and pd.isna(articles["published_at"].iloc[0])
    assert str(articles["published_at"].dt.tz) == "UTC"


def test_numeric_dates_of_one_export_are_read_in_one_order(tmp_path: Path) -> None:
    # 10/13/2025 can only be month-first, so 09/10/2025 in the same file is September 10
    write(
        tmp_path / "us.csv",
        "id,date,text\nu1,09/10/2025,One.\nu2,10/13/2025,Two.\nu3,13:00,Three.\n",
    )
    # 13/01/2025 can only be day-first, so 02/03/2025 is 2 March
    write(
        tmp_path / "eu.jsonl",
        jsonl(
            {"id": "e1", "date": "02/03/2025 10:00", "text": "One."},
            {"id": "e2", "date": "13/01/2025", "text": "Two."},
        ),
    )
    notes: list[dict] = []
    items = list(iter_articles(tmp_path, date_notes=notes))
    dates = {row["article_id"]: row["published_at"] for kind, row in items if kind == "article"}
    assert dates["u1"] == pd.Timestamp("2025-09-10", tz="UTC")
    assert dates["u2"] == pd.Timestamp("2025-10-13", tz="UTC")
    assert dates["u3"] is None
    assert dates["e1"] == pd.Timestamp("2025-03-02 10:00", tz="UTC")
    assert dates["e2"] == pd.Timestamp("2025-01-13", tz="UTC")
    assert notes == []  # each file's order was settled by its dates


def test_ambiguous_dates_that_nothing_settles_are_read_day_first_with_a_note(
    tmp_path: Path,
) -> None:
    write(tmp_path / "a.csv", "id,date,text\na1,09/10/2025,One.\na2,03/04/2025,Two.\n")
    write(
        tmp_path / "b.csv",
        "id,date,text\nb1,09/10/2025,One.\nb2,10/13/2025,Two.\nb3,13/10/2025,Three.\n",
    )
    notes: list[dict] = []
    articles, _ = read_articles(tmp_path)
    for _ in iter_articles(tmp_path, date_notes=notes):
        pass
    dates = articles.set_index("article_id")["published_at"]
    assert dates["a1"] == dates["b1"] == pd.Timestamp("2025-10-09", tz="UTC")
    assert dates["a2"] == pd.Timestamp("2025-04-03", tz="UTC")
    assert notes == [
        {
            "path": "a.csv",
            "n_ambiguous": 2,
            "order": "day-first",
            "reason": "no date in the file settles the order",
        },
        {
            "path": "b.csv",
            "n_ambiguous": 1,
            "order": "day-first",
            "reason": "the file has dates of both orders",
        },
    ]


def test_unexpected_parser_failure_is_an_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(raw: str) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(readers, "parse_text_page", explode)
    write(tmp_path / "a.txt", PAGE)
    write(tmp_path / "b.jsonl", jsonl({"text": "Still loads."}))
    articles, errors = read_articles(tmp_path)
    assert list(articles["article_id"]) == ["b.jsonl:1"]
    error = only_error(errors)
    assert error["error_type"] == "parse_error" and "boom" in error["message"]


def test_iter_file_items_for_one_file(tmp_path: Path) -> None:
    path = write(tmp_path / "sub" / "x.jsonl", jsonl({"text": "a"}, "{oops"))
    items = list(iter_file_items(path, root=tmp_path))
    assert [kind for kind, _ in items] == ["article", "error"]
    assert items[0][1]["article_id"] == "sub/x.jsonl:1"
    assert items[1][1]["line"] == 2
