"""Mentions of people and organisations in text: runs of capitalised words, split into
title/role and name ("Russian President" + "Vladimir Putin"), organisations
("Northfield City Council") and bare titles ("the Russian President").

A mention is a plain tuple, and facts about each word are cached, so that a few hundred
mentions per article cost little.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from analysis.speakers._rules import DETERMINERS, NAME_PARTICLES, Rules, rules

_PARTICLES = frozenset(NAME_PARTICLES)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_TITLE_KEY_DROP = frozenset({"of", "the", "and", "for", "at", "in", "a", "an", "to", "on"})
# ", a doctor at the clinic,", ", the hospital's medical director,", ", Northfield's
# director of public health,", ", director of River Watch Calder,"
_APPOSITIVE = re.compile(
    r",[ \t]+(?:(?:a|an|the)[ \t]+|[\w-]+(?:'s|’s)[ \t]+)?([^,.;:!?“”\"\n]{2,60}?)[,.]"
)
_WORD = re.compile(r"[\w'’-]+")
#: Words that open a relative clause, which no role or kinship phrase starts with.
RELATIVE_WORDS = frozenset(("who", "whose", "whom", "which", "that"))
# "The planning inspector, " right before a name: a determiner opens the role, and the
# role opens its sentence (not "After meeting the mayor, Ruth Oyelowo said")
_ROLE_BEFORE_NAME = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?] )|(?<=[.!?][”\"] )|(?<=[(“\"]))"
    r"(?:The|An?|Its|His|Her|Their)[ \t]+([^,.;:!?“”\"\n]{2,80}),[ \t]+\Z"
)

_ANOTHER_ROLE = re.compile(r"[ \t]+and[ \t]+(?:the|an?|its|his|her|their)[ \t]+")

# Word flags
STOP, TITLE, HONORIFIC, ORG, DEMONYM, PARTICLE, ACRONYM, PLACE, MODIFIER, COMMON = (
    1 << i for i in range(10)
)
_INFO: dict[str, tuple[str, int]] = {}


class Mention(NamedTuple):
    """One mention of a possible speaker.

    ``kind`` is ``person`` (has name words), ``org`` or ``title`` (a role without a name).
    ``start``/``end`` span the whole mention in its text.
    """

    kind: str
    start: int
    end: int
    name: tuple[str, ...]
    title: str
    title_key: frozenset[str]
    gender: str
    surface: str
    of_rest: tuple[str, ...]  # words after "TITLE of ...", to re-split once names are known


def _bare(word: str) -> str:
    word = word.casefold().replace("’", "'")
    return word[:-1] if word.endswith(".") else word


def word_info(word: str, rules: Rules) -> tuple[str, int]:
    """(bare form, flags) of one word, cached."""
    got = _INFO.get(word)
    if got is not None:
        return got
    bare = _bare(word)
    flags = 0
    if bare in rules.name_stopwords:
        flags |= STOP
    if bare in rules.title_words:
        flags |= TITLE
    if bare in rules.honorifics:
        flags |= HONORIFIC
    if bare in rules.org_words or bare in rules.org_names:
        flags |= ORG
    if (
        bare in rules.demonym_words
        or bare.replace(".", "") in rules.demonym_words
        or (bare[-1:] == "s" and bare[:-1] in rules.demonym_adjectives)  # "Americans"
    ):
        flags |= DEMONYM
    if bare in _PARTICLES:
        flags |= PARTICLE
    if bare in rules.place_words:
        flags |= PLACE
    if bare in rules.title_modifiers:
        flags |= MODIFIER
    if not flags and bare in rules.common_words:
        flags = COMMON
    capitals = 2 <= len(word) <= 6 and word.isascii() and word.isalpha() and word.isupper()
    if capitals and not flags & DEMONYM:  # [A-Z]{2,6}: an acronym, unless a country ("UK")
        flags |= ACRONYM
    if len(_INFO) > 200_000:
        _INFO.clear()
    got = _INFO[word] = (bare, flags)
    return got


def title_key(words: list[str] | tuple[str, ...], rules: Rules) -> frozenset[str]:
    """Normalised title words: case-folded, no dots or filler, countries as demonyms."""
    out = set()
    bare = [_bare(w) for w in words]
    i = 0
    while i < len(bare):
        pair = f"{bare[i]} {bare[i + 1]}" if i + 1 < len(bare) else ""
        if pair and pair in rules.demonyms:
            out.add(rules.demonyms[pair])
            i += 2
            continue
        word = bare[i]
        if word.endswith("'s"):
            word = word[:-2]
        if word and word not in _TITLE_KEY_DROP and word not in rules.title_ignored:
            word = rules.title_expansions.get(word, word)
            out.add(rules.demonyms.get(word, word))
        i += 1
    return frozenset(out)


def _mention(kind, start, end, name=(), title="", key=frozenset(), gender="", surface="", rest=()):
    # tuple.__new__: a Mention without running its Python-level constructor
    return tuple.__new__(Mention, (kind, start, end, name, title, key, gender, surface, rest))


def parse_tokens(tokens: list[tuple[str, int, int]], text: str, rules: Rules) -> list[Mention]:
    """Mentions in one run of name tokens ``(word, start, end)`` (offsets into ``text``),
    with an empty ``surface`` (:func:`find_mentions` sets it from the whole text).

    The run "Moscow Russian President Vladimir Putin" gives one person mention with
    title "Moscow Russian President" and name ("Vladimir", "Putin").
    """
    cached = _INFO.get
    info = [cached(t[0]) or word_info(t[0], rules) for t in tokens]
    lo, hi = 0, len(tokens)
    while lo < hi and info[lo][1] & (STOP | PARTICLE):
        lo += 1
    while hi > lo and info[hi - 1][1] & PARTICLE:
        hi -= 1
    if lo == hi:
        return []
    if lo or hi < len(tokens):
        tokens, info = tokens[lo:hi], info[lo:hi]
    words = [t[0] for t in tokens]
    flags = [f for _, f in info]
    any_flags = 0  # the flags of any word: most runs are plain names with none
    for f in flags:
        any_flags |= f
    start, end = tokens[0][1], tokens[-1][2]
    if "'" in text[start:end] or "’" in text[start:end]:
        # A possessive inside the run ("Putin's spokesman Dmitry Peskov") ends one mention.
        for i, word in enumerate(words):
            cut = 2 if word.endswith(("'s", "’s")) else 1 if word.endswith(("s'", "s’")) else 0
            if cut and any(f & ORG for f in flags[i + 1 :]) and not any_flags & TITLE:
                break  # "Port Workers’ Union": one organisation's name
            if cut:
                left = [*tokens[:i], (word[:-cut], tokens[i][1], tokens[i][2] - cut)]
                return parse_tokens(left, text, rules) + parse_tokens(tokens[i + 1 :], text, rules)
    if "for" in words and "of" not in words:  # ("Lewis of the Center for ...": at "of")
        at = words.index("for")
        if any(f & ORG for f in flags[:at]):  # "Brennan Center for Justice": a body
            return [_mention("org", tokens[0][1], tokens[-1][2], tuple(words))]
        # "Clinton for Friday's": two runs
        return parse_tokens(tokens[:at], text, rules) + parse_tokens(tokens[at + 1 :], text, rules)
    caps = [w for w in words if len(w) >= 3 and w.isupper() and w.isalpha()]
    if caps and (len(caps) >= 2 or len(caps[0]) >= 7):
        return []  # a heading in capitals ("THE BORROWING Back when ...")
    n = len(words)
    # all(f & X for f in flags) is False as soon as one word has no flag at all
    plain_word = 0 in flags
    last = info[-1][0]
    if (
        n > 1
        and last in rules.group_words
        and last.endswith("s")
        and not last.endswith("ss")
        and not any_flags & (ORG | ACRONYM)
        and "of" not in words
    ):
        return [_mention("group", start, end, tuple(words))]  # "Labour MPs", "Tory MPs"

    split = -1
    if any_flags & (TITLE | HONORIFIC):
        for i in range(n - 2, -1, -1):
            if flags[i] & (TITLE | HONORIFIC) and not all(
                info[k][0] in NAME_SUFFIXES for k in range(i + 1, n)
            ):  # "Rev. Martin Luther King Jr.": "King" before a suffix is a name
                split = i
                break
    if split < 0:
        if flags[-1] & TITLE or (not plain_word and all(f & (TITLE | DEMONYM) for f in flags)):
            if all(f & DEMONYM for f in flags):
                return []
            key = title_key(words, rules)
            return [_mention("title", start, end, (), text[start:end], key)]
        if "of" in words:
            at = words.index("of")
            if info[0][0] in rules.group_words:
                # "Members of the Port Workers' Union": a group, and the union is named
                group = _mention("group", start, end, tuple(words))
                return [group, *_after_of(tokens[at + 1 :], text, rules)]
            if at >= 2 and not any(f & (ORG | ACRONYM) for f in flags[:at]):
                # "Grace Tennant of Saltmere": the person, then the place or organisation.
                return parse_tokens(tokens[:at], text, rules) + _after_of(
                    tokens[at + 1 :], text, rules
                )
            if at == 1 and not any_flags & (ORG | ACRONYM):
                # "(The Many) Lives of Donald J. Trump", "Footage of Al-Awlaki": no name is
                # one word and "of"; the mention is what follows
                return parse_tokens(tokens[2:], text, rules)
        if any_flags & (ORG | ACRONYM) or " ".join(b for b, _ in info) in rules.org_names:
            return [_mention("org", start, end, tuple(words))]
        if any_flags & PLACE or (not plain_word and all(f & (DEMONYM | PARTICLE) for f in flags)):
            return []
        if (
            n > 4
            and sum(1 for w, f in zip(words, flags, strict=True) if not f & PARTICLE and len(w) > 2)
            > 4
        ):
            return []  # five capitalised words are a headline, not a name
        return [_mention("person", start, end, tuple(words))]

    for d in range(1, split):
        if flags[d] & DEMONYM and not any(f & (TITLE | ORG | DEMONYM) for f in flags[:d]):
            # "(in) Moscow Russian President Vladimir Putin": the title starts at "Russian".
            return parse_tokens(tokens[:d], text, rules) + parse_tokens(tokens[d:], text, rules)
    gender = rules.honorifics.get(info[split][0], "")
    gender = "" if gender == "none" else gender
    name_from = split + 1
    of_rest: tuple[str, ...] = ()
    if words[name_from].casefold() == "of":
        rest = [i for i in range(name_from + 1, n) if words[i].casefold() != "the"]
        pair = " ".join(words[i] for i in rest[:2]).casefold()
        if len(rest) > 2 and pair in rules.demonyms:
            name_from = rest[2]  # "President of South Africa Cyril Ramaphosa"
        elif len(rest) > 1 and words[rest[0]].casefold() in rules.demonyms:
            name_from = rest[1]  # "President of Turkey Recep Tayyip Erdogan"
        elif len(rest) <= 2:
            name_from = n
        else:
            of_rest = tuple(words[i] for i in rest)
            name_from = rest[-2]
    title_end = tokens[name_from - 1][2]
    title_words = words[:name_from]
    if len(title_words) == 1 and not flags[0] & TITLE:
        title, key = "", frozenset()  # an honorific alone (Mr., Mrs.) is not a title
    else:
        title, key = text[start:title_end], title_key(title_words, rules)
    name = tuple(words[name_from:])
    if "of" in name[1:]:
        # "Mayor Grace Tennant of Saltmere": the name stops at "of".
        at = name_from + name.index("of")
        head = parse_tokens(tokens[:at], text, rules)
        return head + _after_of(tokens[at + 1 :], text, rules)
    if not name or all(f & STOP for f in flags[name_from:]):
        return [_mention("title", start, end, (), text[start:end], key, gender)]
    if any(f & ORG for f in flags[name_from:]) or (
        not title and any(f & ACRONYM for f in flags[name_from:])
    ):
        # "Democratic National Committee", "Health Ministry": the whole run is the body.
        return [_mention("org", start, end, tuple(words) if title else name)]
    return [_mention("person", start, end, name, title, key, gender, rest=of_rest)]


def _after_of(tokens: list[tuple[str, int, int]], text: str, rules: Rules) -> list[Mention]:
    """What follows "NAME of": an organisation is kept, anything else is a place."""
    return [m for m in parse_tokens(tokens, text, rules) if m.kind == "org"]


_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
_PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z-]*\.?)[ \t\u00a0]+$")


def _keeps_dot(word: str, rules: Rules) -> bool:
    """True when a word's final dot is an abbreviation's or an initial's, not a sentence end."""
    stem = word[:-1]
    return stem.casefold() in rules.abbreviations or _INITIALS.fullmatch(stem) is not None


# word before a run -> is it a title word (cached). No type hint: compiled with hints as C
# types (setup.py), dict[str, bool] would make the .get() below False instead of None
_TITLE_BEFORE = {}


def _title_start(text: str, pos: int, rules: Rules) -> int:
    """Where lower-case title words right before a run begin ("health minister" Laura
    Okafor, "Republican presidential candidate" Donald Trump); ``pos`` if there are none."""
    if pos < 2 or text[pos - 1] != " " or not text[pos - 2].isalpha():
        return pos  # fast exit: no word right before
    before = text[max(0, text.rfind(" ", max(0, pos - 32), pos - 1) + 1) : pos - 1]
    titled = _TITLE_BEFORE.get(before)
    if titled is None:
        if len(_TITLE_BEFORE) > 50_000:
            _TITLE_BEFORE.clear()
        titled = _TITLE_BEFORE[before] = bool(
            word_info(before.lstrip("(\"'“‘[—–-"), rules)[1] & TITLE
        )
    if not titled:
        return pos  # fast exit: the word right before is no title word
    start = pos
    for count in range(3):
        match = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
        if match is None:
            break
        flags = word_info(match.group(1), rules)[1]
        wanted = TITLE if not count else TITLE | ORG | DEMONYM | MODIFIER
        if not flags & wanted or flags & STOP:
            break
        start = match.start(1)
    return start


def surface_at(text: str, start: int, end: int) -> str:
    """The mention as written, with a "the" right before it."""
    if text[start - 1 : start] == " " and text[max(0, start - 4) : start].casefold() == "the ":
        start -= 4
    return text[start:end]


def _analyse_span(span: str, rules: Rules, opens_sentence: bool = False) -> list[Mention]:
    """Mentions in one span (title words before a run, then the run), offsets into it.

    A word that is no name word but for the capital that opens a sentence ("Absent Donald
    Trump", "Given Bernie Sanders") is left out, at the span's start when
    ``opens_sentence`` and after a sentence's dot inside the span, when two words or more
    follow it: English writes some first names in lower case too ("rob", "guy"), and
    "Rob Portman" stays whole.
    """
    pieces: list[list[tuple[str, int, int]]] = [[]]
    end = 0
    # a span's words are separated by spaces, tabs or no-break spaces only (see the run
    # pattern): str.split finds them
    for word in span.split():
        start = span.find(word, end)
        end = start + len(word)
        if word.endswith(".") and not _keeps_dot(word, rules):
            pieces[-1].append((word[:-1], start, end - 1))
            pieces.append([])
        else:
            pieces[-1].append((word, start, end))
    out: list[Mention] = []
    for i, tokens in enumerate(pieces):
        if len(tokens) > 2 and (i or opens_sentence) and word_info(tokens[0][0], rules)[1] & COMMON:
            tokens = tokens[1:]
        if tokens:
            out.extend(parse_tokens(tokens, span, rules))
    return out


# The mentions of each span as plain tuples of strings and numbers, their title keys
# replaced by an index into _TITLE_KEYS: the garbage collector stops tracking such
# tuples (not Mention tuples, lists or frozensets), so a large cache does not slow down
# every full collection. Span -> (its mentions inside a sentence, those when it opens a
# sentence, or None when they are the same).
_SPANS: dict[str, tuple[tuple[tuple, ...], tuple[tuple, ...] | None]] = {}
_TITLE_KEYS: list[frozenset[str]] = []
_TITLE_KEY_INDEX: dict[frozenset[str], int] = {}


def _cached_span(span: str, rules: Rules, opens_sentence: bool) -> tuple[tuple, ...]:
    """:func:`_analyse_span` as stored in ``_SPANS``."""
    out = []
    for m in _analyse_span(span, rules, opens_sentence):
        index = _TITLE_KEY_INDEX.get(m.title_key)
        if index is None:
            index = _TITLE_KEY_INDEX[m.title_key] = len(_TITLE_KEYS)
            _TITLE_KEYS.append(m.title_key)
        out.append((m.kind, m.start, m.end, m.name, m.title, index, m.gender, m.of_rest))
    return tuple(out)


def _opens_sentence(text: str, pos: int) -> bool:
    """True when ``pos`` starts a text or a sentence (maybe after a quotation mark)."""
    while pos > 0 and text[pos - 1] in " \t\u00a0\"“‘'([":
        pos -= 1
    return pos == 0 or text[pos - 1] in ".!?:\n"


_SKIP, _SINGLE, _SPAN = 0, 1, 2
_PRONOUN_I = re.compile(r"[ \t\u00a0]I\.?\Z")
_REGNAL_TITLES = ("King ", "Queen ", "Pope ", "Emperor ", "Tsar ", "Czar ")
_RUNS: dict[str, tuple[int, str, int]] = {}


def _run_kind(run: str, rules: Rules) -> tuple[int, str, int]:
    """What :func:`find_mentions` does with a run of capitalised words: ``(_SKIP, "", 0)``,
    ``(_SINGLE, word, cut)`` for a lone name word, ``(_SPAN, "", cut)`` to analyse it;
    ``cut`` is 1 when the run ends with a sentence's dot (and longer for the pronoun "I"
    closing it: "Suddenly I", "In America I said")."""
    pronoun = _PRONOUN_I.search(run)
    if pronoun is not None and not run.startswith(_REGNAL_TITLES):  # but "Queen Elizabeth I"
        what, word, _ = _run_kind(run[: pronoun.start()], rules)
        return what, word, len(run) - pronoun.start()
    if " " in run or "\t" in run or "\u00a0" in run:
        return _SPAN, "", 0
    word, cut = run, 0
    if word[-1] == "." and not _keeps_dot(word, rules):
        word, cut = word[:-1], 1
    flags = word_info(word, rules)[1]
    if flags & (STOP | DEMONYM | PLACE) or (word[1:2] == "-" and word[0] in "DRI"):
        return _SKIP, "", 0  # also party-state tags: (D-Calif.), (R-Texas), (I-Vt.)
    if not flags & (TITLE | ORG | ACRONYM | HONORIFIC) and "'" not in word and "’" not in word:
        return _SINGLE, word, cut
    return _SPAN, "", cut


def find_mentions(
    text: str, rules: Rules, singles: list[tuple[str, int, int]] | None = None
) -> list[Mention]:
    """Every mention in ``text``, in order of position.

    With ``singles``, a lone capitalised word with nothing else to it ("Putin", "Idlib")
    is appended there as ``(word, start, end)`` instead of becoming a person mention:
    most of them are never needed, and this is the hot loop. Runs are classified once per
    distinct run text, and longer spans analysed once per distinct span text (names
    repeat a lot) and moved into place.
    """
    out: list[Mention] = []
    runs = _RUNS
    spans, title_keys = _SPANS, _TITLE_KEYS
    new = tuple.__new__  # a Mention from a tuple, without its Python-level constructor
    for run in rules.run_pattern.finditer(text):
        run_start, end = run.span()
        if run_start and (text[run_start - 1].isalnum() or text[run_start - 1] in "'’"):
            continue  # capitals inside a word (McDONALD, iPhone)
        run_text = run.group()
        got = runs.get(run_text)
        if got is None:
            if len(runs) > 100_000:
                runs.clear()
            got = runs[run_text] = _run_kind(run_text, rules)
        what, word, cut = got
        if what == _SKIP:
            continue
        end -= cut
        if what == _SINGLE:
            if singles is not None:
                singles.append((word, run_start, end))
            else:
                surface = surface_at(text, run_start, end)
                out.append(_mention("person", run_start, end, (word,), surface=surface))
            continue
        base = run_start
        if text[run_start - 1 : run_start] == " " and text[run_start - 2 : run_start - 1].isalpha():
            base = _title_start(text, run_start, rules)  # a word right before: a title's?
        span = text[base:end]
        got = spans.get(span)
        if got is None:
            if len(spans) > 50_000:  # bounded: about 20 MB at most
                spans.clear()
                _TITLE_KEYS.clear()
                _TITLE_KEY_INDEX.clear()
            inside = opening = _cached_span(span, rules, False)
            if word_info(span.split(None, 1)[0], rules)[1] & COMMON:  # rare
                opening = _cached_span(span, rules, True)
            got = spans[span] = (inside, None if opening == inside else opening)
        parsed, opening = got
        if opening is not None and _opens_sentence(text, base):
            parsed = opening
        for kind, start, stop, name, title, key, gender, rest in parsed:
            start += base
            stop += base
            first = start  # surface_at, inlined: the hot loop
            if (
                text[start - 1 : start] == " "
                and text[max(0, start - 4) : start].casefold() == "the "
            ):
                first -= 4
            surface = text[first:stop]
            out.append(
                new(
                    Mention,
                    (kind, start, stop, name, title, title_keys[key], gender, surface, rest),
                )
            )
    return out


@functools.lru_cache(maxsize=20_000)
def mention_parse(mention: str) -> tuple[Mention, ...]:
    """The mentions inside one speaker-mention string (cached: mentions repeat a lot)."""
    return tuple(find_mentions(mention, rules()))


def appositive_title(text: str, end: int, rules: Rules) -> tuple[str, frozenset[str]] | None:
    """The role in an appositive right after a name ("Hugh Hill, a doctor at the clinic,")."""
    match = _APPOSITIVE.match(text, end)
    if (
        match is None
        or rules.speech_verb.match(match.group(1))
        or match.group(1).split(" ", 1)[0] in RELATIVE_WORDS
    ):
        return None  # "Tom Greaves, said the landlord ...", "Jo Lee, who was ...": no role
    return _role(match.group(1).strip(), rules)


def role_before(text: str, start: int, rules: Rules) -> tuple[str, frozenset[str]] | None:
    """The role in an appositive right before a name ("The planning inspector, Ruth
    Oyelowo,": the caller checks the comma after the name)."""
    match = _ROLE_BEFORE_NAME.search(text, max(0, start - 90), start)
    if match is None:
        return None
    # "The president and the first lady, Michelle Obama,": only the last role is hers
    return _role(_ANOTHER_ROLE.split(match.group(1).strip())[-1], rules)


def _role(phrase: str, rules: Rules) -> tuple[str, frozenset[str]] | None:
    """(phrase, title key) when the phrase has a title word, else None (cached)."""
    got = _APPOSITIVES.get(phrase, False)
    if got is False:
        if len(_APPOSITIVES) > 20_000:
            _APPOSITIVES.clear()
        words = _WORD.findall(phrase)
        titled = any(word_info(w, rules)[1] & TITLE for w in words)
        got = _APPOSITIVES[phrase] = (phrase, title_key(words, rules)) if titled else None
    return got


_APPOSITIVES: dict[str, tuple[str, frozenset[str]] | None] = {}  # phrase -> role (cached)


_WORDS: dict[str, tuple[str, ...]] = {}


def mention_words(mention: str) -> list[str]:
    """Lower-case words of a mention string, determiners included (cached: the resolver
    asks for the words of the same few mentions many times)."""
    got = _WORDS.get(mention)
    if got is None:
        if len(_WORDS) > 20_000:
            _WORDS.clear()
        got = _WORDS[mention] = tuple(
            [w.casefold().replace("’", "'") for w in _WORD.findall(mention)]
        )
    return list(got)


def is_determiner(word: str) -> bool:
    return word in DETERMINERS
