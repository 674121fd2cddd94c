"""Pair quotation marks into quoted segments, telling apostrophes from quotes.

A segment is ``(start, end, pieces)``: ``start`` is the opening mark, ``end`` the end of
the closing mark (or of the paragraph for a quote left open), and ``pieces`` the content
spans without the marks, one per paragraph for a quote that runs over paragraphs.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

Span = tuple[int, int]
Segment = tuple[int, int, list[Span]]

_DOUBLE_CHARS = '"“”„«»‹›'  # and '' (two apostrophes)
# an alternation of single characters (look-arounds after the mark, not before it) so
# that the regex engine can skip ahead to the next candidate mark quickly; a mark inside
# a word (don’t, it's) can neither open nor close a quote and is not even found
_SINGLE = re.compile(r"(?:'(?<!'')(?!')|‘|’|‚)(?:(?<!\w.)|(?!\w))")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPENERS = frozenset("“„«‹‚‘")
_CLOSERS = frozenset("”»›’")
_BEFORE_OPEN = frozenset(" \t\xa0([{—–-/\u2009\u202f\"“”'‘’:;")
_AFTER_CLOSE = frozenset(" \t\xa0)]}.,;:!?—–-/…\u2009\u202f\"“”'‘’*")
_ELISIONS = re.compile(r"(?:\d\ds?\b|em\b|til\b|cause\b|n\b|tis\b|twas\b|bout\b|round\b)", re.I)
_MAX_SINGLE_WORDS = 120


def _can_open(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or text[start - 1] in _BEFORE_OPEN or text[start - 1] == "\n"
    after_ok = end < len(text) and not text[end].isspace()
    return before_ok and after_ok


def _can_close(text: str, start: int, end: int) -> bool:
    before_ok = start > 0 and not text[start - 1].isspace()
    after_ok = end >= len(text) or text[end] in _AFTER_CLOSE or text[end] == "\n"
    return before_ok and after_ok


def _double_tokens(text: str, marks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, role) of the given double quotation marks; role open/close/either."""
    return [
        (start, end, _double_role(text[start - 1 : start], mark, text[end : end + 1]))
        for start, end, mark in marks
    ]


@lru_cache(maxsize=4096)  # a few hundred contexts come back again and again
def _double_role(before: str, mark: str, after: str) -> str:
    """The role of a double mark between two characters ("" at an edge of the text)."""
    can_open = (not before or before in _BEFORE_OPEN or before == "\n") and (
        bool(after) and not after.isspace()
    )
    can_close = (bool(before) and not before.isspace()) and (
        not after or after in _AFTER_CLOSE or after == "\n"
    )
    if mark in _OPENERS:
        return "close" if can_close and not can_open else "open"
    if mark in _CLOSERS:
        return "open" if can_open and not can_close else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _double_marks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, mark) of the double quotation marks, in order (str.find is faster
    than a regex here); of a run of apostrophes, the last two."""
    marks = []
    for mark in _DOUBLE_CHARS:
        at = text.find(mark)
        while at >= 0:
            marks.append((at, at + 1, mark))
            at = text.find(mark, at + 1)
    at = text.find("''")
    while at >= 0:
        end = at + 2
        while text.startswith("'", end):
            end += 1
        marks.append((end - 2, end, "''"))
        at = text.find("''", end)
    marks.sort()
    return marks


def _paragraphs(text: str) -> list[Span]:
    return [m.span() for m in _PARAGRAPH.finditer(text)]


def _starts_with_opener(text: str, lo: int, hi: int) -> int | None:
    """End of the opening mark that starts text[lo:hi] (after blanks), else None."""
    position = lo
    while position < hi and text[position] in " \t\xa0":
        position += 1
    if text.startswith("''", position):
        return position + 2
    if position < hi and text[position] in '"“„«':
        return position + 1
    return None


def _double_segments(text: str, paragraphs: list[Span]) -> list[Segment]:
    segments: list[Segment] = []
    carried: tuple[int, list[Span]] | None = None  # open quote continued from a paragraph
    # marks never span a newline, so one scan of the text serves every paragraph
    marks = _double_marks(text)
    mark_starts = [mark[0] for mark in marks]
    for index, (lo, hi) in enumerate(paragraphs):
        first = bisect.bisect_left(mark_starts, lo)
        last = bisect.bisect_left(mark_starts, hi, first)
        if first == last and carried is None:
            continue
        tokens = _double_tokens(text, marks[first:last])
        open_at: tuple[int, int] | None = None  # (mark start, content start)
        pieces: list[Span] = []
        if carried is not None:
            reopen = _starts_with_opener(text, lo, hi)
            if reopen is not None:
                open_at, pieces = (carried[0], reopen), carried[1]
                tokens = [tok for tok in tokens if tok[0] >= reopen]
            carried = None
        for start, end, role in tokens:
            if open_at is None:
                if role in ("open", "either"):
                    open_at, pieces = (start, end), []
            elif role in ("close", "either"):
                if start > open_at[1] or pieces:
                    segments.append((open_at[0], end, [*pieces, (open_at[1], start)]))
                open_at, pieces = None, []
            else:  # a second opener: the first one was stray
                if not pieces:
                    open_at = (start, end)
        if open_at is None:
            continue
        content = (open_at[1], hi)
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        words = len(text[content[0] : content[1]].split())
        if following and words >= 4 and _starts_with_opener(text, *following) is not None:
            carried = (open_at[0], [*pieces, content])
        elif pieces or words >= 3:
            segments.append((open_at[0], hi, [*pieces, content]))
    return segments


def _single_segments(text: str, lo: int, hi: int, blocked: list[Span]) -> list[Segment]:
    """Quotes in single marks within text[lo:hi], outside the blocked (double-quoted) spans.

    A pair may hold whole double quotes (British style: ‘He told me “wait”, so I did.’).
    ``blocked`` is sorted and non-overlapping; lookups use bisection, so a paragraph full
    of apostrophes stays linear.
    """
    block_starts = [s for s, _ in blocked]

    def blocked_at(position: int) -> bool:
        index = bisect.bisect_right(block_starts, position) - 1
        return index >= 0 and position < blocked[index][1]

    opens, closes = [], []
    for match in _SINGLE.finditer(text, lo, hi):
        start, end, mark = match.start(), match.end(), match.group()
        if blocked_at(start):
            continue
        if mark != "’" and _can_open(text, start, end) and not _ELISIONS.match(text, end):
            opens.append((start, end))
        elif mark != "‘" and _can_close(text, start, end):
            before = text[start - 1]
            after = text[end + 1] if end + 1 < len(text) else ""
            if before in "sS" and text[end : end + 1] == " " and after.islower():
                continue  # plural possessive: the voters' choice
            closes.append((start, end))
    close_starts = [s for s, _ in closes]
    segments: list[Segment] = []
    position = lo
    for start, end in opens:
        if start < position:
            continue
        index = bisect.bisect_right(close_starts, end)
        if index >= len(closes):
            continue
        close = closes[index]
        if len(text[end : close[0]].split()) > _MAX_SINGLE_WORDS:
            continue
        if blocked_at(close[0]):
            continue  # the close is in a double quote opened inside: not a pair
        segments.append((start, close[1], [(end, close[0])]))
        position = close[1]
    return segments


def find_quote_segments(text: str) -> list[Segment]:
    """Quoted segments of a text, in order, never overlapping.

    Double marks (“ ” " '' „ « ») are paired first, paragraph by paragraph; a quote left
    open at a paragraph end continues when the next paragraph opens again. Single marks
    (‘ ’ ') are paired outside double quotes only, and only where the context rules out
    an apostrophe (don’t, Erdogan’s, the ’90s, the voters’ choice). A single-quoted
    segment may hold double quotes (British style: ‘He told me “wait”, so I did.’);
    those are nested in it and left out, as single marks inside double quotes are.

    Example:
        >>> find_quote_segments("He said “yes.” Don’t.")
        [(8, 14, [(9, 13)])]
    """
    paragraphs = _paragraphs(text)
    doubles = _double_segments(text, paragraphs)
    blocked = [(s, e) for s, e, _ in doubles]
    singles: list[Segment] = []
    if "'" not in text and "‘" not in text:
        return sorted(doubles)
    for lo, hi in paragraphs:
        if text.find("'", lo, hi) >= 0 or text.find("‘", lo, hi) >= 0:
            local = [(s, e) for s, e in blocked if e > lo and s < hi]
            singles.extend(_single_segments(text, lo, hi, local))
    return sorted(_outside(doubles, singles) + singles)


def _outside(segments: list[Segment], outer: list[Segment]) -> list[Segment]:
    """The segments not nested in one of the (sorted, non-overlapping) outer segments."""
    outer_starts = [s for s, _, _ in outer]
    kept = []
    for segment in segments:
        index = bisect.bisect_right(outer_starts, segment[0]) - 1
        if index < 0 or segment[1] > outer[index][1]:
            kept.append(segment)
    return kept
