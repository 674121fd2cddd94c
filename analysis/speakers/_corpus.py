"""Corpus-wide speaker work: stable ids, alias and override files, surname merging and
the speakers table. Everything here depends only on the set of quotes, never on how the
corpus was split into chunks.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=100_000)
def normalize_name(name: str) -> str:
    """The form two spellings of one name share: no accents, case or dots, single spaces.

    >>> normalize_name("Recep Tayyip  Erdoğan")
    'recep tayyip erdogan'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("‘", "'").replace(".", " ")
    plain = _SPACES.sub(" ", plain.casefold()).strip(" ,;:'\"")
    if plain.startswith("the "):
        plain = plain[4:]
    return plain


@functools.lru_cache(maxsize=100_000)
def speaker_id_for(name: str) -> str:
    """Stable id of a canonical speaker name: ``"sp_"`` + 12 hex digits of its SHA-1."""
    return "sp_" + hashlib.sha1(normalize_name(name).encode("utf-8")).hexdigest()[:12]


def _read_csv(
    source: pd.DataFrame | str | Path | None, columns: list[str], what: str
) -> pd.DataFrame:
    if source is None:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    if isinstance(source, pd.DataFrame):
        frame = source
    else:
        path = Path(source)
        frame = pd.read_csv(path, dtype="string", comment="#", skipinitialspace=True)
    missing = [c for c in columns[:2] if c not in frame.columns]
    if missing:
        where = source if not isinstance(source, pd.DataFrame) else "frame"
        raise ValueError(f"{what} {where}: missing columns {missing}; expected {columns}")
    for column in columns:
        if column not in frame.columns:
            frame = frame.assign(**{column: pd.NA})
    return frame[columns].astype("string")


def read_aliases(source: pd.DataFrame | str | Path | None) -> dict[str, str]:
    """Alias file (``alias,canonical_name``) as {normalised alias: canonical name}.

    Raises:
        ValueError: the file lacks one of the two columns.
    """
    frame = _read_csv(source, ["alias", "canonical_name"], "alias file")
    out: dict[str, str] = {}
    for alias, canonical in zip(frame["alias"], frame["canonical_name"], strict=True):
        if pd.isna(alias) or pd.isna(canonical) or not str(canonical).strip():
            continue
        out[normalize_name(str(alias))] = str(canonical).strip()
    return out


def read_overrides(source: pd.DataFrame | str | Path | None) -> dict[str, dict[str, str]]:
    """Override file (``name,gender,speaker_type``; empty cells change nothing) by normalised name.

    Raises:
        ValueError: a missing column, or a gender/type outside the allowed values.
    """
    frame = _read_csv(source, ["name", "gender", "speaker_type"], "override file")
    out: dict[str, dict[str, str]] = {}
    allowed = {
        "gender": {"female", "male", "unknown"},
        "speaker_type": {"person", "organization", "unknown"},
    }
    for row in frame.itertuples(index=False):
        if pd.isna(row.name) or not str(row.name).strip():
            continue
        values = {}
        for column in ("gender", "speaker_type"):
            value = getattr(row, column)
            if pd.isna(value) or not str(value).strip():
                continue
            value = str(value).strip().casefold()
            if value not in allowed[column]:
                raise ValueError(
                    f"override file: {row.name!r} has {column} {value!r}; "
                    f"expected one of {sorted(allowed[column])}"
                )
            values[column] = value
        out[normalize_name(str(row.name))] = values
    return out


def canonical_names(
    names: Iterable[str], types: Iterable[str], aliases: dict[str, str]
) -> dict[str, str]:
    """Canonical display name for each distinct speaker name seen in the corpus.

    A one-word person name ("Erdogan") becomes the unique full name ending with that word
    ("Recep Tayyip Erdogan") when exactly one exists in the corpus; then aliases apply;
    then every spelling of one normalised name gets its most frequent spelling.
    """
    counts: Counter[str] = Counter()
    is_person: dict[str, bool] = {}
    for name, kind in zip(names, types, strict=True):
        counts[name] += 1
        is_person[name] = is_person.get(name, False) or kind != "organization"
    by_last: dict[str, set[str]] = {}
    for name in counts:
        norm = normalize_name(name)
        parts = norm.split()
        if len(parts) > 1 and is_person[name]:
            by_last.setdefault(parts[-1], set()).add(norm)
    mapped: dict[str, str] = {}
    for name in counts:
        norm = normalize_name(name)
        target = name
        if " " not in norm and is_person[name]:
            full = by_last.get(norm, set())
            if len(full) == 1:
                target = next(iter(full))
        target = aliases.get(normalize_name(target), target)
        mapped[name] = target
    # Most frequent spelling per normalised target (ties: alphabetical), so ids and names agree.
    spellings: dict[str, Counter[str]] = {}
    for name, target in mapped.items():
        norm = normalize_name(target)
        spelling = name if normalize_name(name) == norm else target
        spellings.setdefault(norm, Counter())[spelling] += counts[name]
    best = {norm: most_frequent(bucket.elements()) for norm, bucket in spellings.items()}
    return {name: best[normalize_name(target)] for name, target in mapped.items()}


def _combine_gender(per_article: list[tuple[str, str]]) -> tuple[str, str]:
    """One gender from per-article (gender, evidence) pairs; honorifics outrank pronouns."""
    for evidence in ("override", "honorific", "pronoun"):
        votes = Counter(g for g, e in per_article if e == evidence and g in ("female", "male"))
        if votes:
            (top, n_top), *rest = votes.most_common()
            n_other = rest[0][1] if rest else 0
            if n_top > 2 * n_other:
                return top, evidence
            return "unknown", "none"
    return "unknown", "none"


def most_frequent(values: Iterable[str]) -> str | None:
    """The most frequent non-null value (ties: alphabetical), or None."""
    counts = Counter(v for v in values if isinstance(v, str) and v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
