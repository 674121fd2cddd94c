"""Corpus-wide speaker work: stable ids, alias and override files, surname merging and
the speakers table. Everything here depends only on the set of quotes, never on how the
corpus was split into chunks.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.speakers._mentions import (
    COMMON,
    DEMONYM,
    ORG,
    PLACE,
    STOP,
    TITLE,
    mention_words,
    title_key,
    word_info,
)  # fmt: skip
from analysis.speakers._rules import rules

_SPACES = re.compile(r"\s+")
# Letters that are no base letter plus an accent, so NFKD leaves them whole (lower case:
# applied after casefold, which already turns "ß" into "ss").
_FOLDED_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "þ": "th", "ð": "d"}
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@functools.lru_cache(maxsize=100_000)
def normalize_name(name: str) -> str:
    """The form two spellings of one name share: no accents, case or dots, single spaces.

    Accents are dropped (é -> e), and letters of their own are spelt in plain Latin
    letters: ø -> o, æ -> ae, œ -> oe, ß -> ss, ł -> l, đ -> d, þ -> th, ð -> d.

    >>> normalize_name("Recep Tayyip  Erdoğan")
    'recep tayyip erdogan'
    >>> normalize_name("Søren Bækgaard")
    'soren baekgaard'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("‘", "'").replace(".", " ")
    plain = plain.casefold().translate(_FOLDED_LETTERS)
    plain = _SPACES.sub(" ", plain).strip(" ,;:'\"")
    if plain.startswith("the "):
        plain = plain[4:]
    return plain


@functools.lru_cache(maxsize=100_000)
def speaker_id_for(name: str) -> str:
    """Stable id of a canonical speaker name: ``"sp_"`` + 12 hex digits of its SHA-1."""
    return "sp_" + hashlib.sha1(normalize_name(name).encode("utf-8")).hexdigest()[:12]


_OVERRIDE_VALUES = {  # the values an override file's columns may take
    "gender": frozenset({"female", "male", "unknown"}),
    "speaker_type": frozenset({"person", "organization", "unknown"}),
}
_PEOPLE_ONLY = frozenset({"female", "male"})  # genders an organisation cannot have
# "#" outside quotation marks starts a comment that runs to the end of the line
_COMMENT = re.compile(r'^((?:[^"#\r\n]|"[^"\r\n]*")*)#[^\r\n]*')

RuleRows = list[tuple[str, dict[str, str]]]


def _text(value: object) -> str:
    """A cell as stripped text; "" for an empty or missing cell."""
    return value.strip() if isinstance(value, str) else ""


def _rule_rows(source: pd.DataFrame | str | Path | None, columns: list[str], what: str) -> RuleRows:
    """The rows of a rule file or frame as ``(where, {column: text})``.

    ``where`` names the file and line ("data/aliases.csv line 3") or the frame row; an
    empty or missing cell is "". A file is UTF-8 (a BOM is fine) with a header naming the
    columns (others are ignored); blank lines and ``#`` comments are skipped.

    Raises:
        ValueError: the header lacks one of the first two ``columns``, or a row has another
            number of fields than the header.
    """
    if source is None:
        return []
    if isinstance(source, pd.DataFrame):
        _check_header([str(c) for c in source.columns], columns, f"{what} frame")
        return [
            (f"frame row {i}", {c: _text(row.get(c)) for c in columns})
            for i, row in enumerate(source.to_dict("records"))
        ]
    path = Path(source)
    lines: list[tuple[int, list[str]]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader((_COMMENT.sub(r"\1", line) for line in file), skipinitialspace=True)
            first = 1  # the line a record starts on (a quoted field may span lines)
            for fields in reader:
                if any(f.strip() for f in fields):
                    lines.append((first, [f.strip() for f in fields]))
                first = reader.line_num + 1
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValueError(f"{what} {path}: cannot read it as UTF-8 CSV ({error})") from None
    header = lines[0][1] if lines else []
    _check_header(header, columns, f"{what} {path}")
    rows = []
    for line, fields in lines[1:]:
        if len(fields) != len(header):
            raise ValueError(
                f"{path} line {line}: expected {len(header)} fields ({','.join(header)}), "
                f"got {len(fields)}"
            )
        cells = dict(zip(header, fields, strict=True))
        rows.append((f"{path} line {line}", {c: cells.get(c, "") for c in columns}))
    return rows


def _check_header(header: list[str], columns: list[str], where: str) -> None:
    """Raise ValueError when ``header`` lacks one of the first two ``columns``."""
    missing = [c for c in columns[:2] if c not in header]
    if missing:
        raise ValueError(f"{where}: missing columns {missing}; expected {columns}")


def _alias_targets(rows: RuleRows) -> dict[str, str]:
    """{normalised alias: canonical name} of alias rows, each chain followed to its end
    (A -> B and B -> C give A -> C); an alias of itself changes nothing.

    Raises:
        ValueError: a row lacks its alias or canonical name, an alias has two canonical
            names, one canonical name is spelled two ways, or aliases form a cycle.
    """
    targets: dict[str, tuple[str, str, str]] = {}  # normalised alias: (alias, canonical, where)
    spelled: dict[str, tuple[str, str]] = {}  # normalised canonical: (spelling, where)
    for where, row in rows:
        alias, canonical = row["alias"], row["canonical_name"]
        if not alias or not canonical:
            raise ValueError(
                f"{where}: alias {alias!r} and canonical_name {canonical!r}: both are needed"
            )
        key, target = normalize_name(alias), normalize_name(canonical)
        if key in targets and normalize_name(targets[key][1]) != target:
            raise ValueError(
                f"{where}: alias {alias!r} -> {canonical!r}, but {targets[key][2]} has "
                f"{targets[key][0]!r} -> {targets[key][1]!r}"
            )
        if target in spelled and spelled[target][0] != canonical:
            raise ValueError(
                f"{where}: canonical name {canonical!r} is spelled {spelled[target][0]!r} "
                f"on {spelled[target][1]}; spell it one way"
            )
        targets.setdefault(key, (alias, canonical, where))
        spelled.setdefault(target, (canonical, where))
    out: dict[str, str] = {}
    for key, (_, canonical, _) in targets.items():
        chain = [key]
        while (step := normalize_name(canonical)) in targets and step != chain[-1]:
            if step in chain:
                names = [targets[k][0] for k in chain[chain.index(step) :]] + [targets[step][0]]
                raise ValueError(
                    f"{targets[step][2]}: aliases form a cycle: {' -> '.join(map(repr, names))}"
                )
            chain.append(step)
            canonical = targets[step][1]
        out[key] = canonical
    return out


def read_aliases(source: pd.DataFrame | str | Path | None) -> dict[str, str]:
    """Alias file (``alias,canonical_name``) as {normalised alias: canonical name}, chains
    followed to their end (see :func:`_alias_targets`).

    Raises:
        ValueError: naming the file and line: a missing column, a row with another number
            of fields than the header or without alias or canonical name, an alias with two
            canonical names, a canonical name spelled two ways, or a cycle of aliases.
    """
    return _alias_targets(_rule_rows(source, ["alias", "canonical_name"], "alias file"))


def _override_entries(rows: RuleRows) -> dict[str, tuple[str, dict[str, str]]]:
    """{normalised name: (name, {gender, speaker_type})} of override rows; empty cells
    change nothing.

    Raises:
        ValueError: a value outside ``_OVERRIDE_VALUES``, a gender for an organisation
            (gender applies to people only), values without a name, or one name
            overridden two ways.
    """
    out: dict[str, tuple[str, dict[str, str]]] = {}
    first: dict[str, str] = {}  # where each name was first overridden
    for where, row in rows:
        name, values = row["name"], {}
        for column, allowed in _OVERRIDE_VALUES.items():
            value = row[column].casefold()
            if value and value not in allowed:
                raise ValueError(
                    f"{where}: {name!r} has {column} {value!r}; expected one of {sorted(allowed)}"
                )
            if value:
                values[column] = value
        if values.get("speaker_type") == "organization" and values.get("gender") in _PEOPLE_ONLY:
            raise ValueError(
                f"{where}: {name!r} is an organization and has gender {values['gender']!r}; "
                "gender applies only to people"
            )
        if not name:
            if values:
                raise ValueError(f"{where}: the name is empty")
            continue
        key = normalize_name(name)
        if key in out and out[key][1] != values:
            raise ValueError(f"{where}: {name!r} is overridden otherwise on {first[key]}")
        out.setdefault(key, (name, values))
        first.setdefault(key, where)
    return out


def read_overrides(source: pd.DataFrame | str | Path | None) -> dict[str, dict[str, str]]:
    """Override file (``name,gender,speaker_type``; empty cells change nothing) by normalised name.

    Raises:
        ValueError: naming the file and line: a missing column, a row with another number
            of fields than the header, a gender/type outside the allowed values, a gender
            for an organisation, or one name overridden two ways.
    """
    return override_map(source)


AliasSource = pd.DataFrame | str | Path | dict | None


def alias_map(aliases: AliasSource) -> dict[str, str]:
    """{normalised alias: canonical name} from an alias file, frame, dict or None, checked
    and with chains followed as by :func:`read_aliases`."""
    if isinstance(aliases, dict):
        rows = [
            (f"aliases {k!r}", {"alias": _text(k), "canonical_name": _text(v)})
            for k, v in aliases.items()
        ]
        return _alias_targets(rows)
    return read_aliases(aliases)


def _override_rows(overrides: AliasSource) -> RuleRows:
    """The rows of an override file, frame, dict ({name: {gender, speaker_type}}) or None,
    as :func:`_rule_rows` gives them."""
    if isinstance(overrides, dict):
        wrong = [k for k, v in overrides.items() if not isinstance(v, dict)]
        if wrong:
            raise ValueError(
                f"overrides {wrong[0]!r}: expected a dict such as {{'gender': 'female'}}"
            )
        return [
            (
                f"overrides {k!r}",
                {"name": _text(k)} | {c: _text(v.get(c)) for c in _OVERRIDE_VALUES},
            )
            for k, v in overrides.items()
        ]
    return _rule_rows(overrides, ["name", "gender", "speaker_type"], "override file")


def override_map(overrides: AliasSource) -> dict[str, dict[str, str]]:
    """{normalised name: {gender, speaker_type}} from an override file, frame, dict or None,
    checked as by :func:`read_overrides`."""
    entries = _override_entries(_override_rows(overrides))
    return {key: values for key, (_, values) in entries.items()}


def override_warnings(
    overrides: AliasSource, aliases: AliasSource, speakers: pd.DataFrame, most: int = 10
) -> list[str]:
    """What an override file did not do as meant to a speakers table, as sentences: the
    names that are no speaker's name (a typo, or an alias: overrides name the canonical
    speaker), and the organisations it gives a gender; at most ``most`` names each.

    Args:
        overrides: the override file, frame, dict or None.
        aliases: the alias file, frame, dict or None the table was made with.
        speakers: the speakers table (``name`` and ``speaker_type``).
    """
    entries = _override_entries(_override_rows(overrides))
    if not entries:
        return []
    alias_of = alias_map(aliases)
    type_of = {
        normalize_name(name): kind
        for name, kind in zip(speakers["name"], speakers["speaker_type"], strict=True)
        if isinstance(name, str)
    }
    unmatched, organisations = [], []
    for key, (name, values) in entries.items():
        if key not in type_of:
            hint = f" (an alias: name the speaker {alias_of[key]!r})" if key in alias_of else ""
            unmatched.append(f"{name!r}{hint}")
        elif type_of[key] == "organization" and values.get("gender") in _PEOPLE_ONLY:
            organisations.append(f"{name!r} ({values['gender']})")
    warnings = []
    for what, names in (
        ("overrides naming no speaker", unmatched),
        ("overrides giving a gender to an organisation", organisations),
    ):
        if names:
            more = f"; and {len(names) - most} more" if len(names) > most else ""
            warnings.append(f"{what}: {'; '.join(names[:most])}{more}")
    return warnings


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


_GENDERS = frozenset({"female", "male"})


@functools.lru_cache(maxsize=10_000)
def name_evidence(gender: object, gender_evidence: object, title: object) -> str:
    """What one article says of a speaker, as the corpus pass keeps it: a gender an
    honorific gives, or one pronouns give marked "~" (they were resolved, so less sure),
    and the title words of the speaker's title, sorted ("male president" for "President
    Obama", "~female" for a woman only pronouns tell of; "" for nothing)."""
    words = []
    if gender in _GENDERS:
        words.append(gender if gender_evidence == "honorific" else "~" + gender)
    if isinstance(title, str) and title:
        rules_ = rules()
        words += sorted(title_key(mention_words(title), rules_) & rules_.title_words)
    return " ".join(words)


def _one_fitting(
    evidence: set[str], candidates: dict[str, set[str]], with_evidence: int, without: int
) -> str | None:
    """The one candidate full name a one-word name's evidence fits, or None.

    The one-word name must have evidence (a gender an honorific gives, title words) in
    at least as many of its articles (``with_evidence``) as it has none in (``without``).
    A candidate fits when it has that gender (in some article, pronouns included) and
    shares a title word with it.
    """
    evidence = {word for word in evidence if not word.startswith("~")}
    genders, titles = evidence & _GENDERS, evidence - _GENDERS
    if len(genders) > 1 or not evidence or with_evidence < without:
        # no evidence, or not in most articles; or a name used for a man and a woman
        return None
    fitting = [
        name
        for name, theirs in candidates.items()
        if genders <= {word.lstrip("~") for word in theirs} and (not titles or titles & theirs)
    ]
    return fitting[0] if len(fitting) == 1 else None


def canonical_names(
    counts: Mapping[tuple[str, ...], int], aliases: dict[str, str]
) -> dict[str, str]:
    """Canonical display name for each distinct speaker name seen in the corpus.

    People only, and only where the corpus leaves one candidate, within a
    :func:`name_group` (so the result for a name depends only on the names of its group):

    - a one-word name ("Erdogan") becomes the full name ending with that word; when
      there are several ("Barack Obama", "Michelle Obama"), the one the one-word name's
      evidence fits alone (its gender, a title word: "President Obama");
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
    most often; an alias target is spelled as the alias file spells it, also where the
    corpus spells it otherwise (so one speaker id always has one name).

    Args:
        counts: in how many articles of the corpus each (speaker name, speaker type,
            evidence) speaks (:func:`name_evidence`; the evidence may be left out).
        aliases: {normalised alias: canonical name}.
    """
    name_counts: Counter[str] = Counter()
    is_person: dict[str, bool] = {}
    evidence_words: dict[str, set[str]] = {}  # of each name
    with_evidence: Counter[str] = Counter()  # articles that say something of each name
    for key, n in counts.items():
        name, kind = key[0], key[1]
        name_counts[name] += n
        is_person[name] = is_person.get(name, False) or kind != "organization"
        if len(key) > 2 and key[2]:
            words = key[2].split()
            evidence_words.setdefault(name, set()).update(words)
            if any(not word.startswith("~") for word in words):
                with_evidence[name] += n
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
    evidence_of: dict[str, set[str]] = {}  # of each normalised name, then of each target
    for name, words in evidence_words.items():
        evidence_of.setdefault(norm_of[name], set()).update(words)
    with_evidence_of: Counter[str] = Counter()  # of each normalised name
    for name, n in with_evidence.items():
        with_evidence_of[norm_of[name]] += n
    for n in full:
        if n in evidence_of:
            evidence_of.setdefault(target[n], set()).update(evidence_of[n])
    mapped: dict[str, str] = {}
    for name, n in norm_of.items():
        if is_person[name] and " " not in n:
            finals = {target[c] for c in by_last.get(n, [])}
            if len(finals) > 1:
                found = _one_fitting(
                    evidence_of.get(n, set()),
                    {f: evidence_of.get(f, set()) for f in finals},
                    with_evidence_of[n],
                    articles[n] - with_evidence_of[n],
                )
                finals = {found} if found else finals
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
    # an alias target's spelling is the alias file's, also where the text spells it
    # otherwise: only the file's spelling is known in every share of the name groups
    file_spelling = {normalize_name(target): target for target in aliases.values()}
    out: dict[str, str] = {}
    for name, n in mapped.items():
        alias = aliases.get(norm_of[name]) or aliases.get(n)
        if alias is not None:
            out[name] = alias
        elif n in file_spelling:
            out[name] = file_spelling[n]
        else:
            out[name] = best_spelling[n][1] if n in best_spelling else name
    return out
