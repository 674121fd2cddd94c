"""Raw article content -> clean article fields (title, date, byline, body text, captions).

Pure text functions, no disk access (reading files is :mod:`analysis.io.inputs`):

- :func:`parse_text_page` for scraped plain-text pages (site boilerplate, a title line, a
  date line, a byline and photo captions around the body);
- :func:`parse_html_page` for saved HTML pages (trafilatura, with a standard-library
  fallback when it finds no text);
- :func:`parse_published_at` for the date and time formats news sites print.

Body text is a list of paragraphs joined with ``"\\n\\n"``; whitespace inside a line is kept
as it is. The rules that are data (boilerplate lines, footer markers, photo-credit words,
date prefixes, time zones) live in ``analysis/resources/``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from analysis.paths import read_word_list

__all__ = [
    "is_boilerplate_line",
    "is_caption",
    "parse_byline",
    "parse_html_page",
    "parse_published_at",
    "parse_text_page",
]

# --------------------------------------------------------------------------- dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_LAYOUTS = {
    "mdy": rf"{_WEEKDAY}(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})",
    "dmy": rf"{_WEEKDAY}(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})",
    "num_dmy": r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})",
    "num_ymd": r"(?P<year>\d{4})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
}
_TIME = (
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\b\.?))?"
)
_TZ = (
    r"(?:\s*\(?(?P<tz>Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})\)?)?"
)
_DATE_TIME_SEP = r"(?:\s*(?:,|at|@|-|–|—|\||T|\s)\s*)"


def _compile_date_patterns() -> list[re.Pattern[str]]:
    patterns = []
    for layout in _DATE_LAYOUTS.values():
        patterns.append(rf"{layout}(?:{_DATE_TIME_SEP}{_TIME}{_TZ})?")
        patterns.append(rf"{_TIME}{_TZ}\s*(?:,|-|–|—|\||on)?\s*{layout}")
    return [re.compile(rf"\s*(?:{p})\s*", re.IGNORECASE) for p in patterns]


_DATE_PATTERNS = _compile_date_patterns()


@cache
def _timezones() -> dict[str, dt.tzinfo]:
    zones: dict[str, dt.tzinfo] = {}
    for line in read_word_list("timezones.txt"):
        name, _, value = line.partition("\t")
        value = value.strip()
        if re.fullmatch(r"[+-]\d{2}:\d{2}", value):
            sign = -1 if value[0] == "-" else 1
            hours, minutes = int(value[1:3]), int(value[4:6])
            zones[name.strip().upper()] = dt.timezone(
                sign * dt.timedelta(hours=hours, minutes=minutes)
            )
        else:
            zones[name.strip().upper()] = zoneinfo.ZoneInfo(value)
    return zones


def _parse_tz(text: str | None) -> dt.tzinfo | None | bool:
    """The zone of a time-zone token; None when absent; False when unknown."""
    if not text:
        return None
    token = text.strip().upper().replace(" ", "")
    offset = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", token)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        delta = dt.timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0))
        return dt.timezone(sign * delta) if delta < dt.timedelta(hours=15) else False
    return _timezones().get(token, False)


def _timestamp_from_match(match: re.Match[str]) -> pd.Timestamp | None:
    parts = match.groupdict()
    month_text = parts["month"].rstrip(".").lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    day, year = int(parts["day"]), int(parts["year"])
    if month_text.isdigit() and match.start("day") < match.start("year") and month > 12 >= day:
        # numeric dates are day-first; "03/16/2020" can only be month-first
        day, month = month, day
    hour = minute = second = 0
    if parts.get("hour") is not None:
        if parts.get("minute") is None and parts.get("ampm") is None:
            return None  # a lone number after a date is not a time
        hour, minute = int(parts["hour"]), int(parts["minute"] or 0)
        second = int(parts["second"] or 0)
        ampm = (parts.get("ampm") or "").replace(".", "").replace(" ", "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
    tz = _parse_tz(parts.get("tz"))
    if tz is False or not 1800 <= year <= 2200:
        return None
    try:
        moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=tz or dt.UTC)
    except ValueError:
        return None
    return pd.Timestamp(moment).tz_convert("UTC")


@lru_cache(maxsize=4096)
def _parse_date_string(text: str) -> pd.Timestamp | None:
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if len(text) >= 16 and text[4] == "-" and text[7] == "-" and text[10] in "T ":
        try:  # fast path for full ISO 8601 times, as exports store them
            return _to_utc(pd.Timestamp(dt.datetime.fromisoformat(text)))
        except ValueError:
            pass
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        stamp = _timestamp_from_match(match) if match else None
        if stamp is not None:
            return stamp
    return None


def _to_utc(stamp: pd.Timestamp) -> pd.Timestamp:
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


@cache
def _date_prefix_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for line in read_word_list("date_prefixes.txt"):
        kind, _, words = line.partition("\t")
        pattern = rf"\s*(?:{words.strip()})\b\s*(?:[:\-–—]\s*|on\s+)?"
        patterns.append((kind.strip(), re.compile(pattern, re.I)))
    return patterns


def _split_date_prefix(text: str) -> tuple[str | None, str]:
    """("published" | "updated" | None, the text after a "Published:"-like prefix)."""
    for kind, pattern in _date_prefix_patterns():
        match = pattern.match(text)
        if match and match.end() < len(text):
            return kind, text[match.end() :]
    return None, text


def parse_published_at(value: Any) -> pd.Timestamp | None:
    """A publication time as a tz-aware UTC timestamp, or None when there is none.

    Accepts timestamps and dates (naive ones are taken as UTC), Unix epoch numbers
    (seconds, or milliseconds when larger than 10^11), and strings in the formats news
    sites print, optionally after "Published:" / "Updated:"-like prefixes:

    - ``"March 6, 2020 at 1:52 am"``, ``"Fri, Mar. 6, 2020 1:52 PM EST"``
    - ``"6 March 2020"``, ``"6th March 2020, 13:52 GMT"``
    - ``"2020-03-06T01:52"``, ``"2020-03-06 01:52:00+03:00"``, ``"2020/03/06"``
    - ``"06/03/2020 01:52"`` (numeric dates are day-first unless that is impossible)
    - RFC 2822 (``"Fri, 06 Mar 2020 01:52:00 +0000"``)

    The whole string must be a date: text around it, a lone year, an unknown time zone or
    an impossible date give None rather than a guess.

    Example:
        >>> parse_published_at("March 6, 2020 at 1:52 am")
        Timestamp('2020-03-06 01:52:00+0000', tz='UTC')
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return None if pd.isna(value) else _to_utc(pd.Timestamp(value))
    if isinstance(value, dt.date):
        return pd.Timestamp(value.year, value.month, value.day, tz="UTC")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value or not 1e8 <= abs(value) < 1e14:  # NaN, or not an epoch
            return None
        unit = "ms" if abs(value) >= 1e11 else "s"
        return pd.Timestamp(value, unit=unit, tz="UTC")
    if not isinstance(value, str):
        return None
    _, text = _split_date_prefix(value.strip())
    return _parse_date_string(text)


# --------------------------------------------------------------------------- rules


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


def _date_line(line: str) -> tuple[str, pd.Timestamp] | None:
    """("published" | "updated", time) when the whole line is a date, or dates joined by
    "|" ("Published: 6 March 2020 | Updated: 7 March 2020": the published one wins)."""
    text = line.strip()
    if len(text) > 120 or not any(ch.isdigit() for ch in text):
        return None
    kind, rest = _split_date_prefix(text)
    stamp = _parse_date_string(rest)
    if stamp is not None:
        return kind or "published", stamp
    found: list[tuple[str, pd.Timestamp]] = []
    for part in re.split(r"\s*[|•·]\s*", text):
        kind, rest = _split_date_prefix(part)
        stamp = _parse_date_string(rest)
        if stamp is None:
            return None
        found.append((kind or "published", stamp))
    published = [item for item in found if item[0] == "published"]
    return (published or found)[0] if found else None


# --------------------------------------------------------------------------- text pages

_HEADER_UNITS = 10  # lines other than boilerplate that may come before the body
_WORD = re.compile(r"\S+")


def _is_body_like(line: str) -> bool:
    return len(line) > 180 or len(_WORD.findall(line)) > 25


def _is_title_like(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= 250 and not text.endswith((".", ",", ";", ":")) and not _is_body_like(text)
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
    first title-like line. Boilerplate lines (``boilerplate_lines.txt``) are dropped
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


# --------------------------------------------------------------------------- HTML pages

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "button", "select"}  # fmt: skip
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}  # fmt: skip
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "figure", "table", "section", "article", "blockquote", "pre", "hr"}  # fmt: skip
_BR = "\x1e"  # stands for <br> while whitespace is collapsed
_SPACE = re.compile(r"[ \t\r\n\f]+")


class _PageParser(HTMLParser):
    """Collects metadata, <p> paragraphs and <figcaption> texts of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_tag = ""
        self.h1 = ""
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self.paragraphs: list[str] = []
        self.captions: list[str] = []
        self.authors: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._buffers: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").lower()
            if key and attr.get("content") and key not in self.meta:
                self.meta[key] = attr["content"].strip()
            return
        if tag == "link" and "canonical" in attr.get("rel", "").lower().split():
            self.canonical = self.canonical or attr.get("href")
            return
        if tag == "time" and attr.get("datetime"):
            self.times.append(attr["datetime"])
        if tag in _VOID_TAGS:
            if tag == "br":
                for buffer in self._buffers.values():
                    buffer.append(_BR)
            return
        if tag in _BLOCK_TAGS and "p" in self._stack:
            self.handle_endtag("p")  # a block element closes an open <p>
        self._stack.append(tag)
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "script" and "ld+json" in attr.get("type", ""):
            self._buffers["ld"] = []
        elif tag in {"p", "figcaption", "title", "h1"} and tag not in self._buffers:
            self._buffers[tag] = []
        elif tag == "a" and "author" in attr.get("rel", "").lower().split():
            self._buffers["author"] = []

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            if open_tag in _SKIP_TAGS:
                self._skip -= 1
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        key = "ld" if tag == "script" else "author" if tag == "a" else tag
        buffer = self._buffers.pop(key, None)
        if buffer is None:
            return
        if key == "ld":
            self.json_ld.append("".join(buffer))
            return
        text = "\n".join(_SPACE.sub(" ", part).strip() for part in "".join(buffer).split(_BR))
        text = text.strip()
        if not text:
            return
        if key == "title":
            self.title_tag = self.title_tag or text
        elif key == "h1":
            self.h1 = self.h1 or text
        elif key == "figcaption":
            self.captions.append(text)
        elif key == "author":
            self.authors.append(text)
        elif key == "p" and not self._skip and "figcaption" not in self._stack:
            self.paragraphs.append(text)

    def handle_data(self, data: str) -> None:
        for key, buffer in self._buffers.items():
            if not self._skip or key in {"ld", "title", "author", "h1"}:
                buffer.append(data)


def _json_ld_article(blocks: list[str]) -> dict[str, Any]:
    """The first Article-like object of the page's JSON-LD blocks (empty dict if none)."""
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(
                isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds
            ):
                return item
    return {}


def _names(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_names(v) for v in value) if name]
        return "; ".join(dict.fromkeys(names)) or None
    return None


def _fallback_fields(parser: _PageParser) -> dict[str, Any]:
    meta, ld = parser.meta, _json_ld_article(parser.json_ld)
    title = (
        meta.get("og:title")
        or _names(ld.get("headline"))
        or meta.get("twitter:title")
        or parser.h1
        or parser.title_tag
        or None
    )
    published = None
    for value in [
        meta.get("article:published_time"),
        ld.get("datePublished"),
        meta.get("datepublished"),
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("parsely-pub-date"),
        *parser.times[:1],
        meta.get("article:modified_time"),
        ld.get("dateModified"),
    ]:
        published = parse_published_at(value) if value else None
        if published is not None:
            break
    author = meta.get("author") or _names(ld.get("author")) or _names(parser.authors)
    if author and author.startswith(("http://", "https://")):
        author = None
    author_meta = meta.get("article:author", "")
    if not author and author_meta and not author_meta.startswith(("http://", "https://")):
        author = author_meta
    return {
        "title": title,
        "published_at": published,
        "author": author,
        "source": meta.get("og:site_name") or _names(ld.get("publisher")),
        "url": parser.canonical or meta.get("og:url") or _names(ld.get("url")),
        "paragraphs": parser.paragraphs,
        "captions": parser.captions,
    }


def _trafilatura_fields(raw: str) -> dict[str, Any] | None:
    try:
        import trafilatura

        document = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    except Exception:  # noqa: BLE001 - a third-party extractor failing means: use the fallback
        return None
    if document is None:
        return None
    fields = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return {key: fields.get(key) for key in ("title", "author", "date", "sitename", "url", "text")}


def parse_html_page(raw: str, *, use_trafilatura: bool = True) -> dict[str, Any]:
    """Title, date, author, site name, URL, body text and captions of an HTML news page.

    The main text and metadata come from trafilatura (no network access); when it finds
    no text, the page's own ``<p>`` elements outside navigation, headers, footers and
    figures are used. Publication times from the page's metadata (``article:published_time``,
    JSON-LD ``datePublished``, ``<time datetime>``) win over trafilatura's day-level date.
    ``<figcaption>`` texts and caption-like paragraphs go to ``captions``.

    Args:
        raw: The page's HTML as decoded text.
        use_trafilatura: False to use only the standard-library fallback (fast).

    Returns:
        A dict with ``title``, ``published_at``, ``author``, ``source`` (site name),
        ``url``, ``text`` (paragraphs joined with "\\n\\n") and ``captions``.
    """
    parser = _PageParser()
    parser.feed(raw)
    parser.close()
    own = _fallback_fields(parser)
    extracted = _trafilatura_fields(raw) if use_trafilatura else None
    extracted = extracted or {}

    title = (extracted.get("title") or own["title"] or "").strip() or None
    published = own["published_at"]
    if published is None and extracted.get("date"):
        published = parse_published_at(extracted["date"])
    fields: dict[str, Any] = {
        "title": title,
        "published_at": published,
        "author": (extracted.get("author") or own["author"] or "").strip() or None,
        "source": (extracted.get("sitename") or own["source"] or "").strip() or None,
        "url": (own["url"] or extracted.get("url") or "").strip() or None,
        "captions": list(dict.fromkeys(own["captions"])),
    }
    if extracted.get("text"):
        paragraphs = [line.strip() for line in extracted["text"].split("\n") if line.strip()]
    else:
        paragraphs = list(own["paragraphs"])
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    known_captions = set(fields["captions"])
    body_units = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph in known_captions:
            continue
        if index < 3 and (parse_byline(paragraph) or _date_line(paragraph)):
            fields["author"] = fields["author"] or parse_byline(paragraph)
            continue
        body_units.append((index, paragraph))
    body = _clean_body_units(body_units, fields)
    if fields["published_at"] is None:
        fields["published_at"] = fields.pop("_published", None) or fields.pop("_updated", None)
    fields.pop("_published", None)
    fields.pop("_updated", None)
    fields["text"] = _join_units(body)
    return fields
