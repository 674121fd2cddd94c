"""Scraped plain-text news pages -> title, date, byline, body text and captions."""

from __future__ import annotations

import re
from typing import Any

from analysis.articles.dates import _date_line, _split_date_prefix
from analysis.articles.lines import (
    _byline_date,
    _is_footer_start,
    is_boilerplate_line,
    is_caption,
    parse_byline,
)

__all__ = ["parse_text_page"]

_HEADER_UNITS = 10  # lines other than boilerplate that may come before the body
_WORD = re.compile(r"\S+")
#: A headline does not end like a sentence or a clause, also not inside closing marks:
#: 'said: "We are closing."' and '(It opened in 1984.)' are body text.
_SENTENCE_ENDS = (".", ",", ";", ":")
_CLOSING_MARKS = "\"'\u201d\u2019\u00bb)]"


def _is_body_like(line: str) -> bool:
    return len(line) > 180 or len(_WORD.findall(line)) > 25


def _is_title_like(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= 250
        and not text.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_ENDS)
        and not _is_body_like(text)
    )


def _split_units(raw: str) -> list[tuple[int, str]]:
    """Non-blank lines as (paragraph number, line); blank lines separate paragraphs.

    A page without any blank line (one paragraph per line, as many scrapers write) has
    one paragraph per line.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    units: list[tuple[int, str]] = []
    block, previous_blank, saw_blank = 0, True, False
    for line in text.split("\n"):
        if not line.strip():
            if not previous_blank:
                block += 1
            previous_blank, saw_blank = True, True
            continue
        units.append((block, line.strip()))
        previous_blank = False
    if not saw_blank or (units and all(b == units[0][0] for b, _ in units)):
        units = [(index, line) for index, (_, line) in enumerate(units)]
    return units


def _join_units(units: list[tuple[int, str]]) -> str:
    paragraphs: list[list[str]] = []
    last_block = None
    for block, line in units:
        if block != last_block:
            paragraphs.append([])
            last_block = block
        paragraphs[-1].append(line)
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


def _clean_body_units(
    units: list[tuple[int, str]], fields: dict[str, Any]
) -> list[tuple[int, str]]:
    """Drop boilerplate and the footer, move captions and prefixed dates into ``fields``."""
    body: list[tuple[int, str]] = []
    for block, line in units:
        if body and _is_footer_start(line):
            break
        if is_boilerplate_line(line) or _is_footer_start(line):
            continue
        if is_caption(line):
            fields["captions"].append(line)
            continue
        kind, rest = _split_date_prefix(line)
        if kind is not None and rest != line:
            dated = _date_line(line)
            if dated is not None:
                fields.setdefault(f"_{dated[0]}", dated[1])
                continue
        body.append((block, line))
    while body and _date_line(body[-1][1]) is not None:  # a date printed below the article
        dated = _date_line(body.pop()[1])
        if dated is not None:
            fields.setdefault(f"_{dated[0]}", dated[1])
    return body


def parse_text_page(raw: str) -> dict[str, Any]:
    """Title, date, byline, body text and captions of a scraped plain-text news page.

    The page header (the lines before the first body paragraph) is read for a date line,
    a byline and the title: the title is the last title-like line before the first date
    or byline (lines above it, such as menu leftovers and taglines, are dropped), else the
    first line when it is title-like. A title-like line is at most 25 words and 180
    characters and does not end with ".", ",", ";" or ":", also not before closing quotation
    marks or brackets (``said: "We are closing."`` is body text); with no title, the
    whole text is the body. Boilerplate lines (``boilerplate_lines.txt``) are dropped
    anywhere, a footer marker (``boilerplate_footer.txt``) ends the body, and captions with
    photo credits go to ``captions``.

    Args:
        raw: The page as decoded text.

    Returns:
        A dict with ``title`` (str | None), ``published_at`` (UTC Timestamp | None),
        ``author`` (str | None, several joined with "; "), ``text`` (paragraphs joined
        with "\\n\\n", "" when there is no body) and ``captions`` (list[str]).
    """
    fields: dict[str, Any] = {"title": None, "author": None, "captions": []}
    units = _split_units(raw)

    header: list[tuple[int, int, str, str]] = []  # (unit index, block, line, kind)
    body_start = len(units)
    for index, (block, line) in enumerate(units):
        if sum(h[3] != "boilerplate" for h in header) >= _HEADER_UNITS:
            body_start = index
            break
        if is_boilerplate_line(line) or _is_footer_start(line):
            kind = "boilerplate"
        elif is_caption(line):
            kind = "caption"
        elif (dated := _date_line(line)) is not None:
            kind = "date"
            fields.setdefault(f"_{dated[0]}", dated[1])
        elif (author := parse_byline(line)) is not None:
            kind = "byline"
            fields["author"] = fields["author"] or author
            if (stamp := _byline_date(line)) is not None:
                fields.setdefault("_published", stamp)
        elif _is_body_like(line) or any(h[3] in {"date", "byline"} for h in header):
            body_start = index  # the first paragraph, or any text after the date/byline
            break
        else:
            kind = "other"
        header.append((index, block, line, kind))

    anchor = next((i for i, h in enumerate(header) if h[3] in {"date", "byline"}), None)
    candidates = [i for i, h in enumerate(header) if h[3] == "other" and _is_title_like(h[2])]
    title_at = None
    first_other = next((i for i, h in enumerate(header) if h[3] == "other"), None)
    if anchor is not None and any(i < anchor for i in candidates):
        title_at = max(i for i in candidates if i < anchor)
    elif candidates and candidates[0] == first_other:
        title_at = first_other

    kept: list[tuple[int, str]] = []
    for position, (_, block, line, kind) in enumerate(header):
        if position == title_at:
            fields["title"] = line
        elif kind == "caption":
            fields["captions"].append(line)
        elif kind == "other" and (title_at is None or position > title_at):
            kept.append((block, line))
    body = _clean_body_units(kept + units[body_start:], fields)

    published = fields.pop("_published", None)
    updated = fields.pop("_updated", None)
    fields["published_at"] = published if published is not None else updated
    fields["text"] = _join_units(body)
    return fields
