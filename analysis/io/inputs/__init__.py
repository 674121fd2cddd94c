"""Reading raw inputs from disk into ``articles`` rows and ``errors`` rows.

Inputs are files or folders (read recursively, in sorted order, skipping hidden files and
folders and README files: see :func:`scan_input_files`). Page-like files hold one article
each (``.txt`` scraped pages, ``.html`` pages); exports hold one article per row
(``.jsonl``, ``.csv`` / ``.tsv``, ``.parquet``) and are streamed, so a large export never
sits in memory.

Every input item ends up as exactly one ``("article", row)`` or ``("error", row)`` item:
bad input (empty or binary files, undecodable bytes, broken JSON lines, CSV rows with broken
quoting or the wrong number of fields, rows without text, missing columns, oversized pages,
duplicate ids, unknown formats, empty folders, missing paths) becomes an ``errors`` row with
stage ``"load"``, a snake_case ``error_type`` and a readable message; it never stops a run.
A CSV row whose quotation mark is never closed is only its first line: the rows after it
are still read.

``article_id`` is stable across runs and machines: the row's own id field when it has one,
else the file's path relative to its input's root (posix), plus ``":LINE"`` for exports (the
1-based line of a JSON Lines file, the 1-based data row of a CSV or Parquet file). Each
input folder is its own root, so adding an input does not change the ids of the others'
files; files given as inputs share a root, their common folder; ``path`` is that same
relative path. Files at the same relative path in two inputs get the same id: the second
is a ``duplicate_id`` error.
``content_hash`` is the sha256 of the page's bytes, or of the row as read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.io.inputs.decoding import decode_page
from analysis.io.inputs.listing import _scan_inputs, list_input_files, scan_input_files
from analysis.io.inputs.readers import _file_items, iter_file_items
from analysis.io.inputs.rows import (
    DEFAULT_COLUMNS,
    DEFAULT_MAX_PAGE_BYTES,
    _error_row,
    _resolve_columns,
)
from analysis.schemas import ARTICLES, ERRORS, conform

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_MAX_PAGE_BYTES",
    "decode_page",
    "iter_articles",
    "iter_file_items",
    "list_input_files",
    "mark_duplicate_ids",
    "read_articles",
    "scan_input_files",
]


def mark_duplicate_ids(
    items: Iterable[tuple[str, dict[str, Any]]],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Pass items through, turning an article whose id was already seen into a
    ``duplicate_id`` error row naming the first one (path, and line when known)."""
    yield from _mark_duplicates(
        (kind, row, _line_of(row["article_id"], row["path"]) if kind == "article" else None, None)
        for kind, row in items
    )


def _mark_duplicates(
    items: Iterable[tuple[str, dict[str, Any], int | None, str | None]],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Items as (kind, row, line, file) -> items; ``file`` names the file in messages
    (None: the row's ``path``)."""
    first_place = _place_index()
    for kind, row, line, file in items:
        if kind != "article":
            yield kind, row
            continue
        article_id = row["article_id"]
        place = file or row["path"]
        first = first_place(article_id, place, line)
        if first is None:
            yield kind, row
            continue
        advice = ""
        if file is not None and _is_path_id(article_id, row["path"]):
            advice = (
                "; ids are file paths relative to each input, and two inputs have this one: "
                "to read both, give one folder that holds both inputs as the input instead"
            )
        yield (
            "error",
            _error_row(
                row["path"],
                article_id,
                line,
                "duplicate_id",
                f"{_where(place, line)}: article id {article_id!r} already used by "
                f"{_where(*first)}{advice}",
            ),
        )


def _place_index(merge_every: int = 100_000) -> Callable[[Any, str, int | None], Any]:
    """A function ``first_place(article_id, path, line)`` that returns the ``(path, line)``
    where ``article_id`` was first given to it, or records this place and returns None.

    It keeps 24 bytes per id, not the ids (for 10 million articles of exports, 240 MB, not
    1.8 GB): a 16-byte BLAKE2 digest of the id (a chance collision is below 1e-24) and the
    place as a number (file number, line), in sorted arrays that the newest ids join
    ``merge_every`` at a time.
    """
    keys = np.empty(0, dtype="S16")
    places = np.empty(0, dtype="int64")
    recent: dict[bytes, int] = {}
    path_numbers: dict[str, int] = {}  # a page corpus has one path per article, like its listing
    paths: list[str] = []

    def first_place(article_id: Any, path: str, line: int | None) -> tuple[str, int | None] | None:
        nonlocal keys, places
        key = hashlib.blake2b(str(article_id).encode("utf-8", "surrogatepass"), digest_size=16)
        digest = key.digest()
        place = recent.get(digest)
        if place is None and len(keys):
            at = int(keys.searchsorted(digest))
            if at < len(keys) and keys[at] == digest:
                place = int(places[at])
        if place is not None:
            return paths[place >> 32], (place & 0xFFFFFFFF) or None
        number = path_numbers.get(path)
        if number is None:
            number = path_numbers[path] = len(paths)
            paths.append(path)
        recent[digest] = number << 32 | (line or 0)
        if len(recent) >= merge_every:  # sort the newest and insert them in one pass
            new_keys = np.array(list(recent), dtype="S16")
            new_places = np.fromiter(recent.values(), "int64", len(recent))
            order = np.argsort(new_keys)
            at = keys.searchsorted(new_keys[order])
            keys = np.insert(keys, at, new_keys[order])
            places = np.insert(places, at, new_places[order])
            recent.clear()
        return None

    return first_place


def _where(path: str, line: int | None) -> str:
    return path + (f" line {line}" if line else "")


def _is_path_id(article_id: str, path: str) -> bool:
    """Whether an id was made from the file's path (not taken from the data)."""
    return article_id == path or _line_of(article_id, path) is not None


def _line_of(article_id: str, path: str) -> int | None:
    prefix = f"{path}:"
    if article_id.startswith(prefix) and article_id[len(prefix) :].isdigit():
        return int(article_id[len(prefix) :])
    return None


def iter_articles(
    inputs: str | Path | Iterable[str | Path],
    *,
    source: str | None = None,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
    date_notes: list[dict[str, Any]] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Stream the articles and errors of files and folders, one item at a time.

    Missing paths and folders without readable files come first as error rows; then each
    file's items in sorted path order. Articles whose id repeats an earlier one become
    ``duplicate_id`` errors; with several inputs their messages name the files as given
    (input folder and relative path).

    Args:
        inputs: files and folders (folders are read recursively).
        source: outlet for items whose data names none (else the file's folder name).
        columns: export column names, our field -> their column, e.g.
            ``{"text": "story", "published_at": "pub_date"}``.
        max_page_bytes: larger .txt / .html files get a ``file_too_large`` error row, longer
            CSV records a ``bad_quoting`` one.
        date_notes: when given, a dict is appended for each export whose ambiguous
            numeric dates ("09/10/2025") were read day-first, the default, because none of
            its dates settled the order: ``path, n_ambiguous, order, reason``. (An export
            with a date that reads only month-first, "10/13/2025", and none that reads only
            day-first, is read month-first throughout.)

    Yields:
        ``("article", row)`` or ``("error", row)``, rows keyed like the ARTICLES / ERRORS
        schemas.

    Raises:
        ValueError: ``columns`` names a field the articles table does not have (on the
            first ``next()``: this is a generator).

    Example:
        >>> for kind, row in iter_articles("data/raw"):  # doctest: +SKIP
        ...     print(kind, row["path"])
    """
    fields = _resolve_columns(columns)  # a bad mapping fails before anything is read
    files, problems, _ = _scan_inputs(inputs)
    several_roots = len({root for _, root in files}) > 1

    def items() -> Iterator[tuple[str, dict[str, Any], int | None, str | None]]:
        for row in problems:
            yield "error", row, row["line"], None
        for path, root in files:
            file = path.as_posix() if several_roots else None
            for kind, row, line in _file_items(
                path,
                root=root,
                source=source,
                fields=fields,
                max_page_bytes=max_page_bytes,
                date_notes=date_notes,
            ):
                yield kind, row, line, file

    yield from _mark_duplicates(items())


def read_articles(
    inputs: str | Path | Iterable[str | Path],
    *,
    source: str | None = None,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``articles`` and ``errors`` tables of files and folders (see :func:`iter_articles`).

    Example:
        >>> articles, errors = read_articles("data/raw")  # doctest: +SKIP
    """
    articles: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for kind, row in iter_articles(
        inputs, source=source, columns=columns, max_page_bytes=max_page_bytes
    ):
        (articles if kind == "article" else errors).append(row)
    return conform(articles, ARTICLES), conform(errors, ERRORS)
