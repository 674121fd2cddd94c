"""Export rows -> article rows or error rows; the column defaults and the error shape."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.articles import parse_published_at

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
_STAGE = "load"


class _LoadError(Exception):
    """A bad input item: becomes one errors row."""

    def __init__(self, error_type: str, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.line = line


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


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def _folder_source(path: Path) -> str | None:
    """The outlet named by the file's folder: a slug ("harbour-gazette") reads as "Harbour Gazette".

    Folder names that are not lower-case slugs are kept as written.
    """
    name = Path(os.path.abspath(path)).parent.name
    if _SLUG.fullmatch(name):
        return " ".join(word.capitalize() for word in re.split(r"[-_]", name))
    return name or None


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
    read_date: Callable[[Any], Any] = parse_published_at,
) -> tuple[str, dict[str, Any]]:
    """One export row as an ("article", row) or ("error", row) item; ``read_date`` reads
    its date (:func:`parse_published_at` in the file's order of numeric dates)."""
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
            f"{where}: {text_column!r} is of type {type(text).__name__}, not a string",
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
        "published_at": read_date(value("published_at")),
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
