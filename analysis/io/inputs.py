"""Reading raw inputs from disk into ``articles`` rows and ``errors`` rows.

Inputs are files or folders (read recursively, in sorted order, skipping hidden files and
README files). Page-like files hold one article each (``.txt`` scraped pages, ``.html``
pages); exports hold one article per row (``.jsonl``, ``.csv`` / ``.tsv``, ``.parquet``) and
are streamed, so a large export never sits in memory.

Every input item ends up as exactly one ``("article", row)`` or ``("error", row)`` item:
bad input (empty or binary files, undecodable bytes, broken JSON lines, rows without text,
missing columns, oversized pages, duplicate ids, unknown formats, empty folders, missing
paths) becomes an ``errors`` row with stage ``"load"``, a snake_case ``error_type`` and a
readable message; it never stops a run.

``article_id`` is stable across runs and machines: the row's own id field when it has one,
else the file's path relative to the input root (posix), plus ``":LINE"`` for exports (the
1-based line of a JSON Lines file, the 1-based data row of a CSV or Parquet file).
``content_hash`` is the sha256 of the page's bytes, or of the row as read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.articles import parse_html_page, parse_published_at, parse_text_page
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
]

#: Largest page-like file (.txt, .html) read, in bytes; larger ones get an error row.
DEFAULT_MAX_PAGE_BYTES = 20 * 1024 * 1024

#: For each articles field, the export columns tried in order (exact name first, then
#: case-insensitively). ``columns={"text": "story"}`` replaces the list for one field.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "article_id": ("article_id", "id", "url"),
    "text": ("text", "body", "content", "article_text", "full_text", "maintext"),
    "title": ("title", "headline"),
    "published_at": (
        "date",
        "published",
        "published_at",
        "publish_date",
        "date_published",
        "pubdate",
        "datetime",
    ),  # fmt: skip
    "source": ("source", "outlet", "publisher", "site_name", "sitename"),
    "author": ("author", "byline", "authors"),
    "url": ("url", "link"),
    "captions": ("captions",),
}
_FIELD_ALIASES = {"id": "article_id", "date": "published_at", "published": "published_at"}

_PAGE_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
_EXPORT_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip
_STAGE = "load"
_SNIFF_BYTES = 8192
_SURROGATE = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.I)
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


class _LoadError(Exception):
    """A bad input item: becomes one errors row."""

    def __init__(self, error_type: str, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.line = line


# --------------------------------------------------------------------------- listing


def _is_skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().startswith("readme")


def _as_paths(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(inputs, str | Path):
        return [Path(inputs)]
    return [Path(item) for item in inputs]


def _absolute(path: Path) -> Path:
    """The absolute, normalised path, without following symbolic links."""
    return Path(os.path.abspath(path))


def _input_root(paths: Sequence[Path]) -> Path:
    """The folder ids are relative to: the input folder, a file's folder, or their common one."""
    folders = [_absolute(path if path.is_dir() else path.parent) for path in paths if path.exists()]
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath(folders))


def _relative(path: Path, root: Path) -> str:
    try:
        return _absolute(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _walk_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """(files, empty folders) under ``folder``; an empty folder is reported at its top."""
    files: list[Path] = []
    empty: list[Path] = []
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        if _is_skipped(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            sub_files, sub_empty = _walk_folder(path)
            files.extend(sub_files)
            empty.extend(sub_empty)
        elif entry.is_file():
            files.append(path)
    if not files:
        return [], [folder]
    return files, empty


def _scan_inputs(
    inputs: str | Path | Iterable[str | Path],
) -> tuple[list[tuple[Path, Path]], list[dict[str, Any]]]:
    """Input files as (file, root), and error rows for missing paths and empty folders."""
    paths = _as_paths(inputs)
    root = _input_root(paths)
    found: dict[str, tuple[Path, Path]] = {}
    problems: list[dict[str, Any]] = []
    for path in paths:
        if not path.exists():
            problems.append(
                _error_row(
                    path.as_posix(), None, None, "not_found", f"{path}: no such file or folder"
                )
            )
        elif path.is_dir():
            files, empty = _walk_folder(path)
            for folder in empty:
                relative = _relative(folder, root)
                problems.append(
                    _error_row(
                        relative or ".",
                        None,
                        None,
                        "no_input_files",
                        f"folder {relative or '.'}: no readable file"
                        " (hidden files and README files are skipped)",
                    )
                )
            for file in files:
                found.setdefault(_relative(file, root), (file, root))
        else:
            found.setdefault(_relative(path, root), (path, root))
    return [found[key] for key in sorted(found)], problems


def list_input_files(inputs: str | Path | Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """The files to read, as (file, input root) pairs, sorted by their relative path.

    Folders are read recursively; hidden files and folders and README files are skipped;
    paths that do not exist are left out (:func:`iter_articles` reports them). The root is
    the input folder, a single file's folder, or the common folder of several inputs, so
    ``article_id`` and ``path`` are relative to it.
    """
    files, _ = _scan_inputs(inputs)
    return files


# --------------------------------------------------------------------------- rows


def _error_row(
    path: str, article_id: str | None, line: int | None, error_type: str, message: str
) -> dict[str, Any]:
    return {
        "path": path,
        "article_id": article_id,
        "line": line,
        "stage": _STAGE,
        "error_type": error_type,
        "message": message,
    }


def _error_item(
    path: str, article_id: str | None, line: int | None, error_type: str, message: str
) -> tuple[str, dict[str, Any], int | None]:
    return "error", _error_row(path, article_id, line, error_type, message), line


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _folder_source(path: Path) -> str | None:
    return _absolute(path).parent.name or None


def _clean_value(value: Any) -> str | None:
    """A metadata value as a stripped string (lists joined with "; "), None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, list | tuple):
        parts = [part for part in (_clean_value(item) for item in value) if part]
        return "; ".join(parts) or None
    if isinstance(value, dict):
        return _clean_value(value.get("name"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _captions(value: Any) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, Iterable):
        return [str(item) for item in value if item is not None and str(item).strip()]
    return []


def _resolve_columns(
    columns: Mapping[str, str | Sequence[str]] | None,
) -> dict[str, tuple[str, ...]]:
    resolved = dict(DEFAULT_COLUMNS)
    for field, names in (columns or {}).items():
        key = _FIELD_ALIASES.get(field, field)
        if key not in resolved:
            raise ValueError(
                f"columns: unknown field {field!r}; known fields: {', '.join(DEFAULT_COLUMNS)}"
            )
        resolved[key] = (names,) if isinstance(names, str) else tuple(names)
    return resolved


def _pick_columns(
    available: Iterable[str], fields: dict[str, tuple[str, ...]]
) -> dict[str, str | None]:
    """For each field, the first candidate present in ``available`` (then case-insensitively)."""
    names = list(available)
    lowered: dict[str, str] = {}
    for name in names:
        lowered.setdefault(name.lower(), name)
    exact = set(names)
    picked: dict[str, str | None] = {}
    for field, candidates in fields.items():
        choice = next((c for c in candidates if c in exact), None)
        if choice is None:
            choice = next((lowered[c.lower()] for c in candidates if c.lower() in lowered), None)
        picked[field] = choice
    return picked


def _row_item(
    record: Mapping[str, Any],
    picked: Mapping[str, str | None],
    fields: Mapping[str, tuple[str, ...]],
    *,
    relative: str,
    line: int,
    unit: str,
    source: str | None,
    folder_source: str | None,
    content_hash: str,
) -> tuple[str, dict[str, Any]]:
    """One export row as an ("article", row) or ("error", row) item."""
    own_id = _clean_value(record.get(picked["article_id"])) if picked["article_id"] else None
    article_id = own_id or f"{relative}:{line}"
    where = f"{relative} {unit} {line}"
    text_column = picked["text"]
    if text_column is None:
        tried = ", ".join(fields["text"])
        return "error", _error_row(
            relative, article_id, line, "missing_text", f"{where}: no text field (tried {tried})"
        )
    text = record.get(text_column)
    if text is None or (isinstance(text, float) and text != text):
        return "error", _error_row(
            relative, article_id, line, "missing_text", f"{where}: {text_column!r} is empty"
        )
    if not isinstance(text, str):
        return "error", _error_row(
            relative,
            article_id,
            line,
            "invalid_text",
            f"{where}: {text_column!r} is a {type(text).__name__}, not a string",
        )
    if not text.strip():
        return "error", _error_row(
            relative, article_id, line, "missing_text", f"{where}: {text_column!r} is blank"
        )

    def value(field: str) -> Any:
        column = picked[field]
        return record.get(column) if column else None

    row = {
        "article_id": article_id,
        "source": _clean_value(value("source")) or source or folder_source,
        "title": _clean_value(value("title")),
        "published_at": parse_published_at(value("published_at")),
        "author": _clean_value(value("author")),
        "url": _clean_value(value("url")),
        "text": text,
        "captions": _captions(value("captions")),
        "path": relative,
        "content_hash": content_hash,
    }
    for field in ("text", "title", "author", "source", "url", "captions"):
        values = row[field] if field == "captions" else [row[field]]
        for content in values:
            try:
                (content or "").encode("utf-8")
            except UnicodeEncodeError as error:  # undecodable bytes, or a lone surrogate escape
                return "error", _error_row(
                    relative,
                    article_id,
                    line,
                    "undecodable",
                    f"{where}: {field} is not valid text at char {error.start}",
                )
    return "article", row


# --------------------------------------------------------------------------- decoding


def _looks_western(text: str) -> bool:
    """Whether cp1252-decoded text looks like Latin-script text rather than mojibake."""
    letters = sum(ch.isalpha() for ch in text[:20000])
    non_ascii = sum(ch.isalpha() and not ch.isascii() for ch in text[:20000])
    return letters == 0 or non_ascii / letters < 0.3


def decode_page(data: bytes, *, html: bool = False) -> str:
    """The text of a page's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, the
    charset an HTML page declares, Windows-1252 / Latin-1, else charset-normalizer's guess.

    Nothing is decoded lossily: bytes no encoding explains raise an error.

    Raises:
        ValueError: the bytes are binary (NUL or control bytes) or cannot be decoded;
            the message starts with "binary" or "undecodable".
    """
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ValueError(f"undecodable: invalid UTF-16 ({error.reason})") from error
    if b"\x00" in data:
        raise ValueError("binary: the file contains NUL bytes")
    text = _decode_text_bytes(data, html=html)
    if len(_CONTROL.findall(text[:100000])) > max(2, len(text[:100000]) // 200):
        raise ValueError("binary: the file is mostly control characters")
    return text


def _decode_text_bytes(data: bytes, *, html: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _looks_western(western):
        return western
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    if western is not None:
        return western
    raise ValueError(
        "undecodable: not UTF-8, Windows-1252 or any encoding charset-normalizer knows"
    )


def _sniff_export_encoding(path: Path) -> tuple[str, bool]:
    """(encoding, whether every byte decodes): UTF-8 when the whole file decodes as UTF-8,
    else Windows-1252 when that does, else UTF-8 with undecodable rows reported one by one."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, True
    return "utf-8-sig", False


def _check_export_start(path: Path) -> None:
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        raise _LoadError("empty_file", f"{path.name}: the file is empty")
    if b"\x00" in head:
        raise _LoadError("binary_file", f"{path.name}: the file contains NUL bytes (binary?)")


# --------------------------------------------------------------------------- files


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


def _csv_items(
    path: Path, relative: str, fields: dict[str, tuple[str, ...]], *, delimiter: str, **context: Any
) -> Iterator[tuple[str, dict[str, Any]]]:
    csv.field_size_limit(2**31 - 1)  # article texts are longer than csv's 128 KiB default
    encoding, clean = _sniff_export_encoding(path)
    with open(path, encoding=encoding, errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise _LoadError("empty_file", f"{relative}: no header row")
        picked = _pick_columns(header, fields)
        missing = ", ".join(fields["text"])
        number = 0
        for number, values in enumerate(reader, start=1):
            record = dict(zip(header, values, strict=False))
            if picked["text"] is None:
                own_id = (
                    _clean_value(record.get(picked["article_id"])) if picked["article_id"] else None
                )
                yield _error_item(
                    relative,
                    own_id or f"{relative}:{number}",
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
        max_page_bytes: larger .txt / .html files get a ``file_too_large`` error row.

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


def _file_items(
    path: Path,
    *,
    root: Path,
    source: str | None,
    fields: dict[str, tuple[str, ...]],
    max_page_bytes: int,
) -> Iterator[tuple[str, dict[str, Any], int | None]]:
    """(kind, row, line) items of one file; see :func:`iter_file_items`."""
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
        if kind == "parquet":
            items = _parquet_items(path, relative, fields, **context)
        else:
            _check_export_start(path)
            if kind == "jsonl":
                items = _jsonl_items(path, relative, fields, **context)
            else:
                delimiter = "\t" if kind == "tsv" else ","
                items = _csv_items(path, relative, fields, delimiter=delimiter, **context)
        for item in items:
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


def mark_duplicate_ids(
    items: Iterable[tuple[str, dict[str, Any]]],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Pass items through, turning an article whose id was already seen into a
    ``duplicate_id`` error row naming the first one (path, and line when known)."""
    yield from _mark_duplicates(
        (kind, row, _line_of(row["article_id"], row["path"]) if kind == "article" else None)
        for kind, row in items
    )


def _mark_duplicates(
    items: Iterable[tuple[str, dict[str, Any], int | None]],
) -> Iterator[tuple[str, dict[str, Any]]]:
    first_seen: dict[str, tuple[str, int | None]] = {}
    for kind, row, line in items:
        if kind != "article":
            yield kind, row
            continue
        article_id = row["article_id"]
        first = first_seen.get(article_id)
        if first is None:
            first_seen[article_id] = (row["path"], line)
            yield kind, row
            continue
        yield (
            "error",
            _error_row(
                row["path"],
                article_id,
                line,
                "duplicate_id",
                f"{_where(row['path'], line)}: article id {article_id!r} already used by "
                f"{_where(*first)}",
            ),
        )


def _where(path: str, line: int | None) -> str:
    return path + (f" line {line}" if line else "")


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
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Stream the articles and errors of files and folders, one item at a time.

    Missing paths and folders without readable files come first as error rows; then each
    file's items in sorted path order. Articles whose id repeats an earlier one become
    ``duplicate_id`` errors.

    Args:
        inputs: files and folders (folders are read recursively).
        source: outlet for items whose data names none (else the file's folder name).
        columns: export column names, our field -> their column, e.g.
            ``{"text": "story", "published_at": "pub_date"}``.
        max_page_bytes: larger .txt / .html files get a ``file_too_large`` error row.

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
    files, problems = _scan_inputs(inputs)

    def items() -> Iterator[tuple[str, dict[str, Any], int | None]]:
        for row in problems:
            yield "error", row, row["line"]
        for path, root in files:
            yield from _file_items(
                path, root=root, source=source, fields=fields, max_page_bytes=max_page_bytes
            )

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
