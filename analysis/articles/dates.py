"""Publication dates and times in the formats news sites print, as UTC timestamps."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from analysis.paths import read_word_list

__all__ = [
    "DAY_FIRST",
    "EITHER",
    "MONTH_FIRST",
    "file_date_order",
    "numeric_date_order",
    "parse_published_at",
]

# How a numeric date with the year last can be read (see numeric_date_order)
DAY_FIRST, MONTH_FIRST, EITHER = "day-first", "month-first", "either"

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


def _orders(first: int, second: int) -> str | None:
    """The orders "first/second/year" can be read in: DAY_FIRST or MONTH_FIRST when only
    one gives a month ("13/10", "10/13"), EITHER when both do and the dates differ
    ("09/10"); None when neither does, or both give one date ("05/05")."""
    day_first, month_first = 1 <= second <= 12, 1 <= first <= 12
    if day_first and month_first:
        return EITHER if first != second else None
    return DAY_FIRST if day_first else MONTH_FIRST if month_first else None


def _is_numeric_year_last(match: re.Match[str]) -> bool:
    return match["month"].isdigit() and match.start("day") < match.start("year")


def _timestamp_from_match(match: re.Match[str], month_first: bool = False) -> pd.Timestamp | None:
    parts = match.groupdict()
    month_text = parts["month"].rstrip(".").lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    day, year = int(parts["day"]), int(parts["year"])
    if _is_numeric_year_last(match):
        # read day-first unless month_first; "03/16/2020" can only be month-first
        order = _orders(day, month)
        if order == MONTH_FIRST or (order == EITHER and month_first):
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
def _parse_date_string(text: str, month_first: bool = False) -> pd.Timestamp | None:
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
        stamp = _timestamp_from_match(match, month_first) if match else None
        if stamp is not None:
            return stamp
    return None


@lru_cache(maxsize=4096)
def _text_date_order(text: str) -> str | None:
    text = text.strip()
    if len(text) > 80:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match and _timestamp_from_match(match) is not None:
            return (
                _orders(int(match["day"]), int(match["month"]))
                if _is_numeric_year_last(match)
                else None
            )
    return None


def numeric_date_order(value: Any) -> str | None:
    """How a numeric date with the year last can be read, as :func:`parse_published_at`
    reads it: :data:`DAY_FIRST` or :data:`MONTH_FIRST` when only that order gives a date
    ("13/10/2025", "10/13/2025"), :data:`EITHER` when both do ("09/10/2025"); None for
    anything else (not a date, a month name, the year first, "05/05/2025").
    """
    if not isinstance(value, str):
        return None
    _, text = _split_date_prefix(value.strip())
    return _text_date_order(text)


def file_date_order(counts: Mapping[str | None, int]) -> str:
    """The order to read the dates of one file in, from the counts of
    :func:`numeric_date_order` over them: month-first when some date can only be read
    month-first and none only day-first; else day-first, the default (also when the file
    has dates of both orders, or only dates that read either way).
    """
    if counts.get(MONTH_FIRST, 0) and not counts.get(DAY_FIRST, 0):
        return MONTH_FIRST
    return DAY_FIRST


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


def parse_published_at(value: Any, *, month_first: bool = False) -> pd.Timestamp | None:
    """A publication time as a tz-aware UTC timestamp, or None when there is none.

    Accepts timestamps and dates (naive ones are taken as UTC), Unix epoch numbers
    (seconds, or milliseconds when larger than 10^11), and strings in the formats news
    sites print, optionally after "Published:" / "Updated:"-like prefixes:

    - ``"March 6, 2020 at 1:52 am"``, ``"Fri, Mar. 6, 2020 1:52 PM EST"``
    - ``"6 March 2020"``, ``"6th March 2020, 13:52 GMT"``
    - ``"2020-03-06T01:52"``, ``"2020-03-06 01:52:00+03:00"``, ``"2020/03/06"``
    - ``"06/03/2020 01:52"`` (numeric dates are day-first unless that is impossible, or
      ``month_first`` is set)
    - RFC 2822 (``"Fri, 06 Mar 2020 01:52:00 +0000"``)

    The whole string must be a date: text around it, a lone year, an unknown time zone or
    an impossible date give None rather than a guess.

    Args:
        value: the value to read.
        month_first: read a numeric date that reads either way ("09/10/2025") month-first
            (September 10); one that reads only one way is read that way. Exports choose
            this for a whole file (see :func:`file_date_order`).

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
    return _parse_date_string(text, month_first)


# a place of one to four capitalised words ("Rio de Janeiro", "Ürümqi"), a comma, then
# what must be a date
_CAPITALISED = r"[^\W\d_a-zß-öø-ÿ][\w'’.-]*"
_PLACE_WORD = rf"(?:{_CAPITALISED}|de|la|le|du|da|do|upon|on|of)"
_DATELINE = re.compile(rf"{_CAPITALISED}(?:[ \t]+{_PLACE_WORD}){{0,3}},[ \t]+(.+)")


def _date_line(line: str) -> tuple[str, pd.Timestamp] | None:
    """("published" | "updated", time) when the whole line is a date, a dateline (a place
    and a date: "Port Ellery, 20 March 2025"), or dates joined by "|" ("Published: 6 March
    2020 | Updated: 7 March 2020": the published one wins)."""
    text = line.strip()
    if len(text) > 120 or not any(ch.isdigit() for ch in text):
        return None
    kind, rest = _split_date_prefix(text)
    stamp = _parse_date_string(rest)
    if stamp is None and (dateline := _DATELINE.fullmatch(text)) is not None:
        stamp = _parse_date_string(dateline.group(1))
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
