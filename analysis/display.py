"""Quotes in context: one article rendered as HTML with its quotes highlighted.

:func:`show_article` returns an object that JupyterLab displays as HTML;
:func:`article_html` returns the same HTML as a string (for reports and files).

Every piece of article text, metadata and speaker name is HTML-escaped: an article that
contains ``<script>`` shows it as text. Overlapping spans (a speaker mention inside a
quote, a cue overlapping a mention) are rendered by cutting the text at every span
boundary and opening/closing the tags of the spans active in each piece, so the markup
is always well formed.
"""

from __future__ import annotations

import bisect
import hashlib
import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

#: Light ColorBrewer colours (Paired, Set3) that keep black text readable.
PALETTE = (
    "#a6cee3",
    "#fdbf6f",
    "#b2df8a",
    "#fb9a99",
    "#cab2d6",
    "#ffff99",
    "#8dd3c7",
    "#fccde5",
    "#bebada",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
)
UNKNOWN_COLOUR = "#d9d9d9"

_STYLE = """
<style>
.qa-article {font-family: Georgia, serif; max-width: 46em; line-height: 1.5;}
.qa-article h3 {margin-bottom: 0.2em;}
.qa-meta {color: #555; font-size: 0.9em;}
.qa-caption {color: #555; font-style: italic; font-size: 0.9em; margin: 0.3em 0;}
.qa-body {white-space: pre-wrap;}
.qa-quote {border-radius: 2px; padding: 0 1px;}
.qa-indirect {border-bottom: 1px dashed #333;}
.qa-cue {text-decoration: underline; text-decoration-thickness: 2px;}
.qa-speaker {font-weight: bold;}
.qa-legend {margin-top: 0.8em; font-size: 0.9em;}
.qa-legend span {display: inline-block; margin: 0 0.6em 0.3em 0; padding: 0 0.3em;}
</style>
"""


class HtmlFragment:
    """A piece of HTML that Jupyter displays as HTML (``.data`` holds the string)."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data

    def __str__(self) -> str:
        return self.data

    def __repr__(self) -> str:
        return f"HtmlFragment({len(self.data)} characters of HTML)"


def _esc(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def speaker_colours(speaker_ids: list[str]) -> dict[str, str]:
    """A colour per speaker id: hashed into the palette, moved to the next free colour on
    a clash inside this set (so one article never shows two speakers in one colour while
    the palette lasts). The same set of ids always gets the same colours."""
    colours: dict[str, str] = {}
    used: set[int] = set()
    for sid in sorted(set(speaker_ids)):
        slot = int(hashlib.sha1(sid.encode("utf-8")).hexdigest()[:8], 16) % len(PALETTE)
        if len(used) < len(PALETTE):
            while slot in used:
                slot = (slot + 1) % len(PALETTE)
        used.add(slot)
        colours[sid] = PALETTE[slot]
    return colours


def _article_row(article: str | Mapping | pd.Series, articles: pd.DataFrame | None) -> dict:
    if isinstance(article, str):
        if articles is None:
            raise ValueError(f"article {article!r}: pass articles= to look it up")
        found = articles[articles["article_id"] == article]
        if found.empty:
            raise KeyError(f"article {article!r} is not in the articles table")
        return found.iloc[0].to_dict()
    if isinstance(article, pd.Series):
        return article.to_dict()
    if hasattr(article, "_asdict"):  # a row from DataFrame.itertuples()
        return dict(article._asdict())
    return dict(article)


def _span(start: Any, end: Any, size: int) -> tuple[int, int] | None:
    if _missing(start) or _missing(end):
        return None
    start, end = max(0, int(start)), min(size, int(end))
    return (start, end) if start < end else None


def _body_html(text: str, spans: list[tuple[int, int, int, str]]) -> str:
    """The escaped text cut at every span boundary, each piece wrapped in the open tags of
    the spans covering it (sorted by order, then start) and as many ``</span>``.

    ``spans`` are ``(start, end, order, open tag)`` with ``0 <= start < end <= len(text)``.
    One sweep over the cut points keeps the covering spans sorted, so the work grows with
    the text, the spans and the markup written, not with spans times cut points.
    """
    opening: dict[int, list[tuple[int, int, str]]] = {}
    closing: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, order, tag in spans:
        opening.setdefault(start, []).append((order, start, tag))
        closing.setdefault(end, []).append((order, start, tag))
    cuts = sorted({0, len(text), *opening, *closing})
    active: list[tuple[int, int, str]] = []  # the spans covering the current piece, sorted
    body: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        for key in closing.get(lo, ()):
            del active[bisect.bisect_left(active, key)]
        for key in opening.get(lo, ()):
            bisect.insort(active, key)
        piece = html.escape(text[lo:hi], quote=False)
        if active:
            body.append("".join(tag for _, _, tag in active) + piece + "</span>" * len(active))
        else:
            body.append(piece)
    return "".join(body)


def article_html(
    article: str | Mapping | pd.Series,
    *,
    articles: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
) -> str:
    """One article as an HTML string with its quotes highlighted (see :func:`show_article`)."""
    row = _article_row(article, articles)
    article_id = row.get("article_id")
    text = "" if _missing(row.get("text")) else str(row["text"])
    size = len(text)
    if quotes is not None and len(quotes) and not _missing(article_id):
        mine = quotes[quotes["article_id"] == article_id]
    else:
        mine = pd.DataFrame(columns=["start_char", "end_char"])
    mine = mine.sort_values(["start_char", "end_char"]) if len(mine) else mine

    def value(record: dict, name: str) -> Any:
        got = record.get(name)
        return None if _missing(got) else got

    records = mine.to_dict("records")
    colours = speaker_colours([r["speaker_id"] for r in records if value(r, "speaker_id")])
    # spans: (start, end, order, open tag); order keeps quote outside cue outside mention
    spans: list[tuple[int, int, int, str]] = []
    legend: dict[str, list] = {}
    for number, record in enumerate(records, start=1):
        sid = value(record, "speaker_id")
        name = value(record, "speaker_name") or "unknown speaker"
        colour = colours.get(sid, UNKNOWN_COLOUR) if sid else UNKNOWN_COLOUR
        confidence = value(record, "confidence")
        hover = (
            f"quote {number}: {value(record, 'quote_type') or 'quote'} · {name}"
            f" · {value(record, 'attribution') or 'unknown'}"
            + (f" · confidence {float(confidence):.2f}" if confidence is not None else "")
            + (
                f" · mention: {value(record, 'speaker_mention')}"
                if value(record, "speaker_mention")
                else ""
            )
        )
        kind = _esc(value(record, "quote_type") or "quote")
        quote_span = _span(record.get("start_char"), record.get("end_char"), size)
        if quote_span:
            tag = (
                f'<span class="qa-quote qa-{kind}" style="background:{colour}" '
                f'title="{_esc(hover)}" data-speaker="{_esc(sid)}">'
            )
            spans.append((*quote_span, 0, tag))
        cue_span = _span(record.get("cue_start_char"), record.get("cue_end_char"), size)
        if cue_span:
            spans.append(
                (*cue_span, 1, f'<span class="qa-cue" title="cue: {_esc(value(record, "cue"))}">')
            )
        mention_span = _span(record.get("speaker_start_char"), record.get("speaker_end_char"), size)
        if mention_span:
            tag = f'<span class="qa-speaker" style="background:{colour}" title="{_esc(hover)}">'
            spans.append((*mention_span, 2, tag))
        key = sid or ""
        entry = legend.setdefault(key, [name if sid else "unknown speaker", colour, 0])
        entry[2] += 1

    body = _body_html(text, spans)

    meta = " · ".join(
        _esc(v)
        for v in (
            row.get("source"),
            _date(row.get("published_at")),
            row.get("author"),
        )
        if _esc(v)
    )
    captions = row.get("captions")
    caption_html = ""
    if isinstance(captions, list | tuple) or hasattr(captions, "tolist"):
        items = list(captions.tolist() if hasattr(captions, "tolist") else captions)
        caption_html = "".join(f'<div class="qa-caption">{_esc(c)}</div>' for c in items if _esc(c))
    legend_html = "".join(
        f'<span style="background:{colour}">{_esc(name)} ({n})</span>'
        for _, (name, colour, n) in sorted(legend.items(), key=lambda kv: (-kv[1][2], kv[1][0]))
    )
    return (
        f'{_STYLE}<div class="qa-article" data-article="{_esc(article_id)}">'
        f"<h3>{_esc(row.get('title')) or _esc(article_id)}</h3>"
        f'<div class="qa-meta">{meta}</div>{caption_html}'
        f'<div class="qa-body">{body}</div>'
        f'<div class="qa-legend">{legend_html or "no quotes found"}</div></div>'
    )


def _date(value: Any) -> str:
    if _missing(value):
        return ""
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(value)


def show_article(
    article: str | Mapping | pd.Series,
    *,
    articles: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
) -> HtmlFragment:
    """Show one article in JupyterLab with each quote in its speaker's colour.

    The cue is underlined and the speaker mention bold; hovering a quote shows its type,
    speaker, attribution and confidence. A legend lists the speakers. All text is escaped.

    Args:
        article: an ``article_id`` (looked up in ``articles``), or an articles row.
        articles: the articles table (needed when ``article`` is an id).
        quotes: the quotes table (after ``attribute_speakers`` for speaker colours).

    Returns:
        An object Jupyter renders as HTML; ``.data`` is the HTML string.

    Raises:
        KeyError: the id is not in ``articles``.

    Example:
        >>> show_article("northfield-courier/2025-01-22-hospital-waiting-times.txt",
        ...              articles=articles, quotes=quotes)  # doctest: +SKIP
    """
    return HtmlFragment(article_html(article, articles=articles, quotes=quotes))
