"""One input file -> its article and error items: pages (.txt, .html) and exports
(.jsonl, .csv / .tsv, .parquet), streamed."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from analysis.articles import parse_html_page, parse_published_at, parse_text_page
from analysis.articles.dates import (
    DAY_FIRST,
    EITHER,
    MONTH_FIRST,
    file_date_order,
    numeric_date_order,
)
from analysis.io.inputs.decoding import (
    _check_export_start,
    _sniff_export_encoding,
    decode_page,
)
from analysis.io.inputs.listing import (
    _absolute,
    _relative,
)
from analysis.io.inputs.rows import (
    DEFAULT_MAX_PAGE_BYTES,
    _clean_value,
    _error_item,
    _folder_source,
    _LoadError,
    _pick_columns,
    _resolve_columns,
    _row_item,
    _sha256,
)

_PAGE_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
_EXPORT_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip
_SURROGATE = re.compile("[\udc80-\udcff]")
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.I)


def _page_item(
    path: Path, relative: str, *, kind: str, source: str | None, max_page_bytes: int
) -> tuple[str, dict[str, Any]]:
    size = path.stat().st_size
    if size > max_page_bytes:
        raise _LoadError(
            "file_too_large",
            f"{relative}: {size} bytes, more than the page limit of {max_page_bytes} bytes",
        )
    data = path.read_bytes()
    if not data.strip():
        raise _LoadError("empty_file", f"{relative}: the file is empty")
    try:
        raw = decode_page(data, html=kind == "html")
    except ValueError as error:
        reason = str(error)
        error_type = "binary_file" if reason.startswith("binary") else "undecodable"
        raise _LoadError(error_type, f"{relative}: {reason}") from error
    if kind == "text" and _HTML_START.match(raw[:1024]):
        kind = "html"
    fields = parse_html_page(raw) if kind == "html" else parse_text_page(raw)
    if not fields["text"].strip():
        raise _LoadError(
            "empty_text", f"{relative}: no article text left after removing site boilerplate"
        )
    return "article", {
        "article_id": relative,
        "source": fields.get("source") or source or _folder_source(path),
        "title": fields["title"],
        "published_at": fields["published_at"],
        "author": fields["author"],
        "url": fields.get("url"),
        "text": fields["text"],
        "captions": fields["captions"],
        "path": relative,
        "content_hash": _sha256(data),
    }


def _jsonl_items(
    path: Path, relative: str, fields: dict[str, tuple[str, ...]], **context: Any
) -> Iterator[tuple[str, dict[str, Any]]]:
    encoding, clean = _sniff_export_encoding(path)
    last_keys: list[str] = []
    picked: dict[str, str | None] = {}
    with open(path, encoding=encoding, errors="surrogateescape", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue  # blank lines carry no item
            fallback_id = f"{relative}:{number}"
            if not clean and _SURROGATE.search(line):
                yield _error_item(
                    relative,
                    fallback_id,
                    number,
                    "undecodable",
                    f"{relative} line {number}: bytes that are not valid {encoding} text",
                )
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                yield _error_item(
                    relative,
                    fallback_id,
                    number,
                    "invalid_json",
                    f"{relative} line {number}: broken JSON ({error})",
                )
                continue
            if not isinstance(record, dict):
                yield _error_item(
                    relative,
                    fallback_id,
                    number,
                    "invalid_row",
                    f"{relative} line {number}: a JSON {type(record).__name__}, not an object",
                )
                continue
            keys = list(record)
            if keys != last_keys:  # rows of an export usually share their keys
                picked, last_keys = _pick_columns(keys, fields), keys
            content_hash = _sha256(line.rstrip("\r\n").encode("utf-8"))
            kind, row = _row_item(
                record,
                picked,
                fields,
                relative=relative,
                line=number,
                unit="line",
                content_hash=content_hash,
                **context,
            )
            yield kind, row, number


def _csv_records(
    handle: TextIO, *, delimiter: str, max_chars: int
) -> Iterator[tuple[list[str] | None, int, str | None]]:
    """The records of a CSV file as (values, first line, problem); ``values`` is None for a
    malformed record and ``problem`` says why.

    Quoting is read strictly. A malformed record (a quotation mark that is never closed, a
    closing quotation mark not followed by a delimiter, more than ``max_chars``
    characters) is only its first line: reading goes on at the line after it, so an
    unclosed quotation mark does not swallow the rows that follow. Quoted fields that
    span lines and close properly are read as usual.
    """
    lines = enumerate(handle, start=1)
    again: deque[tuple[int, str]] = deque()  # lines to read again after a malformed record
    taken: list[tuple[int, str]] = []  # (line number, line) of the record being read
    size = 0

    def next_line() -> str | None:
        nonlocal size
        item = again.popleft() if again else next(lines, None)
        if item is None:
            return None
        taken.append(item)
        size += len(item[1])
        if size > max_chars:
            raise csv.Error(f"record longer than {max_chars} characters")
        return item[1]

    while True:
        try:
            for values in csv.reader(iter(next_line, None), delimiter=delimiter, strict=True):
                yield values, taken[0][0], None
                taken.clear()
                size = 0
            return
        except csv.Error as error:
            first = taken[0][0] if taken else 0
            again.extendleft(reversed(taken[1:]))
            taken.clear()
            size = 0
            yield None, first, str(error)


def _quoting_reason(error: str, *, delimiter: str) -> str:
    """A CSV reader's complaint as a reason a person can act on."""
    if error == "unexpected end of data":
        return "a quoted field is never closed (its quotation mark runs to the end of the file)"
    if error.startswith("record longer than"):
        return f"a {error} (a quotation mark that is never closed?)"
    separator = "a tab" if delimiter == "\t" else f"{delimiter!r}"
    return (
        f"broken quoting ({error}): a quoted field must end with a quotation mark followed "
        f"by {separator} or the end of the line, and quotation marks inside it are doubled"
    )


def _csv_items(
    path: Path,
    relative: str,
    fields: dict[str, tuple[str, ...]],
    *,
    delimiter: str,
    max_chars: int,
    **context: Any,
) -> Iterator[tuple[str, dict[str, Any]]]:
    csv.field_size_limit(2**31 - 1)  # article texts are longer than csv's 128 KiB default
    encoding, clean = _sniff_export_encoding(path)
    with open(path, encoding=encoding, errors="surrogateescape", newline="") as handle:
        if delimiter == ",":
            first = handle.readline(65536)
            if ";" in first and "," not in first:
                delimiter = ";"  # a spreadsheet's export in a comma-decimal locale
            handle.seek(0)
        records = _csv_records(handle, delimiter=delimiter, max_chars=max_chars)
        header, _, problem = next(records, (None, 0, None))
        if problem is not None:
            reason = _quoting_reason(problem, delimiter=delimiter)
            raise _LoadError("bad_quoting", f"{relative} line 1 (the header): {reason}")
        if not header:
            raise _LoadError("empty_file", f"{relative}: no header row")
        picked = _pick_columns(header, fields)
        missing = ", ".join(fields["text"])
        number = 0
        for number, (values, first_line, problem) in enumerate(records, start=1):
            where = f"{relative} row {number} (line {first_line})"
            fallback_id = f"{relative}:{number}"
            if values is None:
                reason = _quoting_reason(str(problem), delimiter=delimiter)
                yield _error_item(
                    relative,
                    fallback_id,
                    number,
                    "bad_quoting",
                    f"{where}: {reason}; the row is skipped, reading goes on at line "
                    f"{first_line + 1}",
                )
                continue
            if not values:
                continue  # a blank line carries no item (its row number is kept: ids stay put)
            record = dict(zip(header, values, strict=False))
            own_id = (
                _clean_value(record.get(picked["article_id"])) if picked["article_id"] else None
            )
            if len(values) < len(header) or any(values[len(header) :]):  # empty extras are fine
                likely = (
                    "a line break in a field that is not quoted, or empty cells left out at "
                    "the end of the row?"
                    if len(values) < len(header)
                    else "a delimiter in a field that is not quoted?"
                )
                yield _error_item(
                    relative,
                    own_id or fallback_id,
                    number,
                    "wrong_field_count",
                    f"{where}: {len(values)} fields, the header has {len(header)} ({likely})",
                )
                continue
            if picked["text"] is None:
                yield _error_item(
                    relative,
                    own_id or fallback_id,
                    number,
                    "missing_column",
                    f"{relative} row {number}: no text column (tried {missing}; "
                    f"the header has {', '.join(header)})",
                )
                continue
            content_hash = _sha256(
                json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogateescape")
            )
            kind, row = _row_item(
                record,
                picked,
                fields,
                relative=relative,
                line=number,
                unit="row",
                content_hash=content_hash,
                **context,
            )
            yield kind, row, number
        if number == 0:
            raise _LoadError("no_rows", f"{relative}: a header but no rows")


def _json_default(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.isoformat()
    return str(value)


def _parquet_items(
    path: Path, relative: str, fields: dict[str, tuple[str, ...]], **context: Any
) -> Iterator[tuple[str, dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise _LoadError(
            "unreadable_file", f"{relative}: not a readable Parquet file ({error})"
        ) from error
    names = parquet.schema_arrow.names
    picked = _pick_columns(names, fields)
    needed = sorted({column for column in picked.values() if column})
    number = 0
    with parquet:
        for batch in parquet.iter_batches(batch_size=1024, columns=needed):
            for record in batch.to_pylist():
                number += 1
                if picked["text"] is None:
                    own_id = (
                        _clean_value(record.get(picked["article_id"]))
                        if picked["article_id"]
                        else None
                    )
                    yield _error_item(
                        relative,
                        own_id or f"{relative}:{number}",
                        number,
                        "missing_column",
                        f"{relative} row {number}: no text column (tried {', '.join(fields['text'])}; "
                        f"the file has {', '.join(names)})",
                    )
                    continue
                row_bytes = json.dumps(
                    record, sort_keys=True, ensure_ascii=False, default=_json_default
                )
                kind, row = _row_item(
                    record,
                    picked,
                    fields,
                    relative=relative,
                    line=number,
                    unit="row",
                    content_hash=_sha256(row_bytes.encode("utf-8", "surrogatepass")),
                    **context,
                )
                yield kind, row, number
    if number == 0:
        raise _LoadError("no_rows", f"{relative}: no rows")


def iter_file_items(
    path: str | Path,
    *,
    root: str | Path,
    source: str | None = None,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The ("article", row) and ("error", row) items of one input file.

    Args:
        path: the file.
        root: the input root; ``path`` and ``article_id`` are relative to it.
        source: outlet for items whose data names none (else the file's folder name).
        columns: export column names, our field -> their column (or list of columns).
        max_page_bytes: larger .txt / .html files get a ``file_too_large`` error row, longer
            CSV records a ``bad_quoting`` one.

    Yields:
        ``("article", row)`` with the ``ARTICLES`` columns, or ``("error", row)`` with the
        ``ERRORS`` columns. Duplicate ids are not checked here (see :func:`iter_articles`).
    """
    for kind, row, _ in _file_items(
        Path(path),
        root=_absolute(Path(root)),
        source=source,
        fields=_resolve_columns(columns),
        max_page_bytes=max_page_bytes,
    ):
        yield kind, row


def _export_date_order(
    items: Callable[[Callable[[Any], Any]], Iterator[tuple]], relative: str
) -> tuple[str, dict[str, Any] | None]:
    """The order to read an export's numeric dates in (a first pass over its items, which
    only notes how each date can be read), and a note for the run's summary when
    ambiguous dates ("09/10/2025") were read in the default order because no date settled
    it (none that reads only one way, or some of each way).
    """
    counts: Counter[str | None] = Counter()

    def note_order(value: Any) -> None:
        counts[numeric_date_order(value)] += 1

    try:
        for _ in items(note_order):
            pass
    except Exception:  # noqa: BLE001 - the second pass reports what is wrong with the file
        pass
    order = file_date_order(counts)
    settled = bool(counts[DAY_FIRST]) != bool(counts[MONTH_FIRST])
    if not counts[EITHER] or settled:
        return order, None
    return order, {
        "path": relative,
        "n_ambiguous": counts[EITHER],
        "order": order,
        "reason": (
            "the file has dates of both orders"
            if counts[DAY_FIRST]
            else "no date in the file settles the order"
        ),
    }


def _file_items(
    path: Path,
    *,
    root: Path,
    source: str | None,
    fields: dict[str, tuple[str, ...]],
    max_page_bytes: int,
    date_notes: list[dict[str, Any]] | None = None,
) -> Iterator[tuple[str, dict[str, Any], int | None]]:
    """(kind, row, line) items of one file; see :func:`iter_file_items`.

    The numeric dates of an export are read in one order, chosen from all of them (see
    :func:`_export_date_order`); a note on ambiguous dates read in the default order is
    appended to ``date_notes``.
    """
    relative = _relative(path, root)
    suffix = path.suffix.lower()
    produced = 0
    try:
        if suffix in _PAGE_KINDS:
            kind, row = _page_item(
                path,
                relative,
                kind=_PAGE_KINDS[suffix],
                source=source,
                max_page_bytes=max_page_bytes,
            )
            yield kind, row, None
            return
        if suffix not in _EXPORT_KINDS:
            raise _LoadError(
                "unsupported_format",
                f"{relative}: unknown file type {suffix or '(no extension)'!r}; expected "
                f"{', '.join(sorted({*_PAGE_KINDS, *_EXPORT_KINDS}))}",
            )
        kind = _EXPORT_KINDS[suffix]
        if path.stat().st_size == 0:
            raise _LoadError("empty_file", f"{relative}: the file is empty")
        context = {"source": source, "folder_source": _folder_source(path)}
        if kind != "parquet":
            _check_export_start(path)

        def items(read_date: Callable[[Any], Any]) -> Iterator[tuple]:
            if kind == "parquet":
                return _parquet_items(path, relative, fields, read_date=read_date, **context)
            if kind == "jsonl":
                return _jsonl_items(path, relative, fields, read_date=read_date, **context)
            return _csv_items(
                path,
                relative,
                fields,
                delimiter="\t" if kind == "tsv" else ",",
                max_chars=max_page_bytes,
                read_date=read_date,
                **context,
            )

        order, note = _export_date_order(items, relative)
        if note is not None and date_notes is not None:
            date_notes.append(note)
        month_first = order == MONTH_FIRST
        for item in items(functools.partial(parse_published_at, month_first=month_first)):
            if month_first and item[0] == "article":
                # the same bytes read another way: a re-run reuses no article of this
                # file processed when it was read day-first
                row = item[1]
                row["content_hash"] = _sha256(f"{row['content_hash']} month-first".encode())
            produced += 1
            yield item
        if produced == 0:
            raise _LoadError("empty_file", f"{relative}: no rows (only blank lines)")
    except _LoadError as error:
        yield _error_item(
            relative,
            relative if suffix in _PAGE_KINDS else None,
            error.line,
            error.error_type,
            error.message,
        )
    except OSError as error:
        yield _error_item(
            relative,
            None,
            None,
            "read_error",
            f"{relative}: cannot read ({error.strerror or error})",
        )
    except Exception as error:  # noqa: BLE001 - bad input must never stop a run
        after = f" after {produced} items" if produced else ""
        yield _error_item(
            relative,
            None,
            None,
            "parse_error",
            f"{relative}: {type(error).__name__}: {error}{after}",
        )
