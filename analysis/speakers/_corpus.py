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
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.speakers._mentions import COMMON, DEMONYM, ORG, PLACE, STOP, TITLE, word_info
from analysis.speakers._rules import rules

_SPACES = re.compile(r"\s+")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


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


AliasSource = pd.DataFrame | str | Path | dict | None


def alias_map(aliases: AliasSource) -> dict[str, str]:
    """{normalised alias: canonical name} from an alias file, frame, dict or None."""
    if aliases is None:
        return {}
    if isinstance(aliases, dict):
        return {normalize_name(k): v for k, v in aliases.items()}
    return read_aliases(aliases)


def override_map(overrides: AliasSource) -> dict[str, dict[str, str]]:
    """{normalised name: {gender, speaker_type}} from an override file, frame, dict or None."""
    if overrides is None:
        return {}
    if isinstance(overrides, dict):
        return {normalize_name(k): v for k, v in overrides.items()}
    return read_overrides(overrides)


def name_group(normalized: str) -> str:
    """The group a normalised name is canonicalised in: names merge only within a group.

    A person's group is their surname, the last word but for "Jr."/"Sr."/"III"
    ("erdogan" for "recep tayyip erdogan", "king" for "martin luther king jr"); "X of Y"
    is in X's group, with "Y X" ("ministry" for "ministry of health" and "health
    ministry"). The corpus pass canonicalises each group of names apart from the others.
    """
    words = normalized.split()
    if len(words) == 3 and words[1] == "of":
        return words[0]
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


# flags of words that are no first or middle name ("on", "attacks", "senators", "former")
_NOT_NAME_WORD = STOP | COMMON | TITLE | ORG | DEMONYM | PLACE


def _name_word(word: str) -> bool:
    """True when a normalised word could be a first or middle name."""
    return not word_info(word, rules())[1] & _NOT_NAME_WORD


def canonical_names(
    counts: Mapping[tuple[str, str], int], aliases: dict[str, str]
) -> dict[str, str]:
    """Canonical display name for each distinct speaker name seen in the corpus.

    People only, and only where the corpus leaves one candidate, within a
    :func:`name_group` (so the result for a name depends only on the names of its group):

    - a one-word name ("Erdogan") becomes the full name ending with that word;
    - a shorter full name becomes the longer one it ends with or shares first and last
      word with ("Tayyip Erdogan", "Hillary Clinton" -> "Hillary Rodham Clinton"), when
      the words it adds could be names (not "Attacks On Donald Trump") and one article's
      form does not rename a name several articles use (a one-off "Vermonter Bernie
      Sanders");
    - a name that opens with words that are no names, or that only one article uses,
      becomes the full name after them when the corpus has it ("Senators Mitch McConnell"
      -> "Mitch McConnell");
    - names that differ only by initials merge ("Donald Trump", "Donald J. Trump")
      unless two different initials exist ("George W. Bush", "George H. W. Bush");
    - organisations "Health Ministry" and "Ministry of Health" merge.

    Then aliases apply, and each canonical name is spelled the way the corpus spells it
    most often (the alias file's spelling for an alias target).

    Args:
        counts: in how many articles of the corpus each (speaker name, speaker type)
            speaks.
        aliases: {normalised alias: canonical name}.
    """
    name_counts: Counter[str] = Counter()
    is_person: dict[str, bool] = {}
    for (name, kind), n in counts.items():
        name_counts[name] += n
        is_person[name] = is_person.get(name, False) or kind != "organization"
    counts = name_counts
    norm_of = {name: normalize_name(name) for name in counts}
    articles: Counter[str] = Counter()  # of each normalised name
    for name, n in norm_of.items():
        articles[n] += counts[name]
    group_of = {n: name_group(n) for n in set(norm_of.values())}
    full = sorted({n for name, n in norm_of.items() if is_person[name] and " " in n})
    by_last: dict[str, list[str]] = {}
    # Longer names by (surname, words they end with) and by (surname, first word, last
    # word), so finding the longer forms of a name does not scan all names of its surname.
    by_ending: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    by_first_last: dict[tuple[str, str, str], list[str]] = {}
    for n in full:
        surname = group_of[n]
        if n.split()[-1] != surname and " of " in n:
            continue  # "X of Y": in X's group, no one's longer form
        words = n.split()
        by_last.setdefault(surname, []).append(n)
        for start in range(1, len(words)):
            by_ending.setdefault((surname, tuple(words[start:])), []).append(n)
        if len(words) > 2:
            by_first_last.setdefault((surname, words[0], words[-1]), []).append(n)

    def longer(n: str) -> str | None:
        """The one longer name ``n`` ends with or shares first and last word with."""
        parts = n.split()
        if parts[-1] != group_of[n]:
            return None  # ends with "Jr." (no longer form ends so), or "X of Y"
        candidates = set(by_ending.get((parts[-1], tuple(parts)), ()))
        if len(parts) == 2:
            candidates.update(by_first_last.get((parts[-1], parts[0], parts[-1]), ()))
        found = set()
        for other in candidates:
            added = [p for p in other.split() if p not in parts]
            # only initials more: the initials rule decides
            if all(len(p) == 1 for p in added) or not all(map(_name_word, added)):
                continue
            if articles[other] > 1 or articles[n] == 1:
                found.add(other)
        return found.pop() if len(found) == 1 else None

    def shorter_form(n: str) -> str:
        """The full name of the same group ``n`` ends with, when the words before it are
        no names ("Senators Mitch McConnell") or ``n`` is one article's form of a name more
        articles use and the only longer form of it ("Crooked Hillary Clinton", but not
        "Mary Ann Smith" beside "Jo Ann Smith"); else ``n``."""
        words = n.split()
        for start in range(1, len(words) - 1):
            rest = " ".join(words[start:])
            if rest not in full_set or group_of[rest] != group_of[n]:
                continue
            if not any(map(_name_word, words[:start])):
                return rest
            longer_forms = by_ending.get((group_of[n], tuple(words[start:])), [])
            if articles[n] == 1 < articles[rest] and longer_forms == [n]:
                return rest
        return n

    full_set = set(full)
    target: dict[str, str] = {}
    for n in full:
        step, seen = shorter_form(n), {n}
        while (nxt := longer(step)) is not None and nxt not in seen:
            step = nxt
            seen.add(nxt)
        target[n] = step
    # names that differ only by initials
    by_plain: dict[tuple[str, str], set[str]] = {}
    for n in set(target.values()):
        plain = " ".join(p for p in n.split() if len(p) > 1)
        by_plain.setdefault((group_of[n], plain), set()).add(n)
    uses: Counter[str] = Counter()  # how often the corpus uses the names ending up as each target
    for name, n in norm_of.items():
        uses[target.get(n, n)] += counts[name]
    sources_of: dict[str, list[str]] = {}
    for n, t in target.items():
        sources_of.setdefault(t, []).append(n)
    for group in by_plain.values():
        with_initials = [n for n in group if any(len(p) == 1 for p in n.split())]
        if len(group) > 1 and len(with_initials) <= 1:
            chosen = max(group, key=lambda n: (uses[n], n))
            for member in group:
                for n in sources_of.get(member, ()):
                    target[n] = chosen
    # "Health Ministry" and "Ministry of Health": one organisation, the more used spelling
    org_norms = Counter()
    for name, n in norm_of.items():
        if not is_person[name]:
            org_norms[n] += counts[name]
    org_forms: dict[str, str] = {}
    for n in org_norms:
        parts = n.split()
        if len(parts) == 2:
            other = f"{parts[1]} of {parts[0]}"
            if other in org_norms and group_of[other] == group_of[n]:
                chosen = max((n, other), key=lambda x: (org_norms[x], x))
                org_forms[n] = org_forms[other] = chosen
    mapped: dict[str, str] = {}
    for name, n in norm_of.items():
        if is_person[name] and " " not in n:
            candidates = by_last.get(n, [])
            finals = {target[c] for c in candidates}
            n = finals.pop() if len(finals) == 1 else n
        elif n in target:
            n = target[n]
        elif not is_person[name]:
            n = org_forms.get(n, n)
        mapped[name] = n
    # each canonical name's most used spelling: (-count, spelling) is least for it
    best_spelling: dict[str, tuple[int, str]] = {}
    for name, n in norm_of.items():
        if isinstance(name, str) and name and counts[name] > 0:
            candidate = (-counts[name], name)
            if n not in best_spelling or candidate < best_spelling[n]:
                best_spelling[n] = candidate
    out: dict[str, str] = {}
    for name, n in mapped.items():
        alias = aliases.get(norm_of[name]) or aliases.get(n)
        if alias is not None:
            out[name] = alias
            continue
        out[name] = best_spelling[n][1] if n in best_spelling else name
    return out
