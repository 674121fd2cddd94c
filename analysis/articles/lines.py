"""Whole-line rules for scraped pages: boilerplate, footers, photo captions, bylines.

The patterns are data: ``boilerplate_lines.txt``, ``boilerplate_footer.txt``,
``photo_credits.txt`` and ``byline_roles.txt`` in ``analysis/resources/``.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from analysis.articles.dates import _MONTHS, parse_published_at
from analysis.paths import read_word_list

__all__ = ["is_boilerplate_line", "is_caption", "parse_byline"]


@cache
def _boilerplate_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_word_list("boilerplate_lines.txt")), re.I)


@cache
def _footer_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_word_list("boilerplate_footer.txt")), re.I)


@cache
def _credit_words() -> frozenset[str]:
    return frozenset(word.lower() for word in read_word_list("photo_credits.txt"))


def is_boilerplate_line(line: str) -> bool:
    """Whether a whole line is site furniture ("clear", "Read: ...", "Share on Twitter" ...)."""
    return bool(_boilerplate_pattern().fullmatch(line.strip()))


def _is_footer_start(line: str) -> bool:
    return bool(_footer_pattern().fullmatch(line.strip()))


_BRACKET_CREDIT = re.compile(r"\[([^\[\]]{1,120})\]\s*$")
_PAREN_CREDIT = re.compile(
    r"\(([^()]{0,80}\b(?:photo|photograph|image|picture|file|credit|illustration)\b[^()]{0,80})\)\.?\s*$",
    re.I,
)
_LABEL_CREDIT = re.compile(
    r"(?:^|[\s.])(?:photo(?:graph)?|image|picture|credit|illustration)s?(?:\s+by)?\s*:\s*[^\s.][^.]{0,80}$",
    re.I,
)
_CAPTION_START = re.compile(r"(?:caption|pictured|photo|image|above|top|file photo)\s*:\s*\S", re.I)
_MAX_CAPTION_CHARS = 600


def is_caption(line: str) -> bool:
    """Whether a paragraph is an image caption carrying a photo credit.

    Caption shapes: ``"... in Moscow [Sefa Karacan/Anadolu Agency]"`` (a bracketed credit
    with a "/" or a credit word from ``photo_credits.txt``), ``"... (AP Photo/Jane Doe)"``,
    ``"... Photograph: Jane Doe/Agency"``, or a leading ``"Caption:"`` / ``"Pictured:"``.
    """
    text = line.strip()
    if not text or len(text) > _MAX_CAPTION_CHARS:
        return False
    bracket = _BRACKET_CREDIT.search(text)
    if bracket and bracket.start() > 0:
        inside = bracket.group(1)
        words = set(re.findall(r"[a-z]+", inside.lower()))
        if "/" in inside or words & _credit_words():
            return True
    return bool(
        _PAREN_CREDIT.search(text) or _LABEL_CREDIT.search(text) or _CAPTION_START.match(text)
    )


# --------------------------------------------------------------------------- bylines

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_WORD = (
    rf"(?:[{_UPPER}][\w'’.\-]*|(?:de|van|von|der|den|da|al|bin|el|la|le|du|dos|del|di|ibn)\b)"
)
_NAME = rf"[{_UPPER}][\w'’.\-]*(?:\s+{_NAME_WORD}){{0,4}}"
_BYLINE = re.compile(
    rf"(?i:by|written by|words by|authors?)\s*:?\s+(?P<names>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)"
    r"(?P<rest>.*)"
)
_NOT_NAMES = {"the", "a", "an", *_MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}  # fmt: skip
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*")


def parse_byline(line: str) -> str | None:
    """The author names of a byline line, joined with "; ", or None if it is not one.

    ``"By Jane Doe and John Roe"`` -> ``"Jane Doe; John Roe"``. A final one-word item
    after a comma (``"By Jane Doe, Reuters"``) is an affiliation and is dropped. A date
    after a separator (``"By Jane Doe | 6 March 2020"``) is allowed.
    """
    text = line.strip()
    if len(text) > 160:
        return None
    match = _BYLINE.fullmatch(text)
    if not match:
        return None
    rest = match.group("rest").strip()
    if rest and not (rest[0] in "|•·—–-" or (rest[0] == "," and _date_after_separator(rest))):
        return None
    names = [n.strip() for n in _AUTHOR_SEPARATOR.split(match.group("names")) if n.strip()]
    if len(names) > 1 and "," in match.group("names") and _is_affiliation(names[-1]):
        names = names[:-1]
    if not names or any(name.split()[0].lower().rstrip(".") in _NOT_NAMES for name in names):
        return None
    return "; ".join(names)


@cache
def _byline_roles() -> frozenset[str]:
    return frozenset(word.lower() for word in read_word_list("byline_roles.txt"))


def _is_affiliation(item: str) -> bool:
    """Whether the last item of a byline is a role or outlet ("Staff Reporters", "Reuters")."""
    words = item.split()
    return len(words) == 1 or words[-1].lower().strip(".") in _byline_roles()


def _date_after_separator(text: str) -> pd.Timestamp | None:
    return parse_published_at(text.lstrip("|•·—–-,").strip())


def _byline_date(line: str) -> pd.Timestamp | None:
    match = _BYLINE.fullmatch(line.strip())
    if not match:
        return None
    rest = match.group("rest").strip()
    return _date_after_separator(rest) if rest else None
