"""The reporting-cue lexicon (from ``resources/reporting_verbs.txt`` and ``cue_phrases.txt``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analysis.paths import read_word_list

_VOWELS = set("aeiou")
# a latin-1 byte -> itself, or a blank for a non-word character (the \x00 of masked
# quotes stays: blanks there would make every masked character a place to try)
_BLANK_NON_WORD = bytes(i if i == 0 or re.match(r"\w", chr(i)) else 0x20 for i in range(256))
_MASKED_RUN = re.compile("\x00\x00*")  # a literal first: searched fast, unlike "\x00+"


@dataclass(frozen=True)
class Lexicon:
    """Cue word forms and their flags, and a trie-shaped pattern that finds them fast."""

    flags: dict[str, frozenset[str]]  # lower-case form -> flags
    pattern: re.Pattern[str]
    speaker_nouns: frozenset[str]
    # a blank followed by a cue, in a bytes copy of the text with non-word characters
    # blanked: the places where ``pattern`` can match, found with a fast literal search
    candidates: re.Pattern[bytes]


def trie_pattern(forms: list[str]) -> str:
    """One regex for many literal forms, shaped as a trie so that it fails fast; a space
    in a form matches any run of blanks. Where several forms match at a place, the
    longest wins (as in an alternation of the forms, longest first)."""
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + render(node[char])
            for char in sorted(node)
            if char
        ]
        body = "|".join(branches)
        if "" in node:
            return f"(?:{body})?" if branches else ""
        return f"(?:{body})" if len(branches) > 1 else body

    return render(trie)


def iter_cues(lexicon: Lexicon, text: str, lo: int = 0, hi: int | None = None):
    """(start, end) of every cue in text[lo:hi], left to right, longest phrase first.

    Cues are matched in lower case; a form written with capitals after its first letter
    ("SAID", "State") is not a cue.

    Example:
        >>> lexicon = load_lexicon()
        >>> [m for m in iter_cues(lexicon, "He said so, according to Ann.")]
        [(3, 7), (12, 24)]
    """
    hi = len(text) if hi is None else hi
    for start, end in _cue_matches(lexicon, text[lo:hi].lower()):
        start, end = start + lo, end + lo
        if start > 0 and text[start - 1] in "’'-":
            continue
        if end < len(text) and (
            text[end] == "-" or (text[end] in "’'" and text[end + 1 : end + 2].isalnum())
        ):
            continue
        if not text[start + 1 : end].islower() and end - start > 1:
            continue
        yield start, end


def _cue_matches(lexicon: Lexicon, lowered: str):
    """The spans that ``lexicon.pattern.finditer(lowered)`` gives, found faster.

    Trying the pattern at every character costs most of the time; it is tried only at
    candidates: after a blank in a copy where every non-word character is a blank (and
    every non-latin-1 one, a superset of the word starts) and right after masked quotes.
    """
    blanked = b" " + lowered.encode("latin-1", "replace").translate(_BLANK_NON_WORD)
    starts = [match.start() for match in lexicon.candidates.finditer(blanked)]
    starts += [match.end() for match in _MASKED_RUN.finditer(lowered)]
    position = 0
    for start in sorted(starts):
        if start < position:
            continue  # inside the previous match, as finditer would skip it
        match = lexicon.pattern.match(lowered, start)
        if match is not None:
            position = match.end()
            yield match.span()


def first_cue(lexicon: Lexicon, text: str, lo: int = 0, hi: int | None = None):
    """The first cue's (start, end) in text[lo:hi], or None."""
    return next(iter_cues(lexicon, text, lo, hi), None)


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _gerund(lemma: str, past: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    doubled = lemma + lemma[-1]
    if past.startswith(doubled) and past.endswith("ed"):
        return doubled + "ing"
    return lemma + "ing"


def verb_forms(line: str) -> tuple[list[str], frozenset[str]]:
    """Word forms and flags of one lexicon line ("tell told +object").

    Example:
        >>> sorted(verb_forms("admit admitted +speech")[0])
        ['admit', 'admits', 'admitted', 'admitting']
    """
    words = line.split()
    flags = frozenset(w[1:] for w in words if w.startswith("+"))
    plain = [w.lower() for w in words if not w.startswith("+")]
    lemma = plain[0]
    past = plain[1] if len(plain) > 1 else _past(lemma)
    participle = plain[2] if len(plain) > 2 else past
    forms = {past, participle, _gerund(lemma, past)}
    if "pastonly" not in flags:
        forms |= {lemma, _third_person(lemma)}
    return sorted(forms), flags


@cache
def load_lexicon() -> Lexicon:
    """The cue lexicon, read once from the package resources."""
    flags: dict[str, frozenset[str]] = {}
    for line in read_word_list("reporting_verbs.txt"):
        forms, line_flags = verb_forms(line)
        lemma = line.split()[0].lower()
        noun_forms = {lemma, _third_person(lemma)} if "noun" in line_flags else set()
        for form in forms:
            form_flags = line_flags if form in noun_forms else line_flags - {"noun"}
            flags[form] = flags.get(form, frozenset()) | form_flags
    for phrase in read_word_list("cue_phrases.txt"):
        key = " ".join(phrase.lower().split())
        flags[key] = frozenset({"phrase", "speech"})
    trie = trie_pattern(sorted(flags))
    # a look-behind instead of a leading \b: the same matches, found faster
    pattern = re.compile(rf"(?<!\w)(?:{trie})\b")
    candidates = re.compile(rf" (?=(?:{trie})\b)".encode("latin-1"))
    nouns = frozenset(w.lower() for w in read_word_list("speaker_nouns.txt"))
    return Lexicon(flags=flags, pattern=pattern, speaker_nouns=nouns, candidates=candidates)


_CUE_KINDS = ("thought", "evidence", "speech")


def cue_kind(cue: object, mention: object = None) -> str | None:
    """What a cue reports, from its lexicon flags: "speech" (said, told, according to),
    "thought" (believes, wants, plans, expected) or "evidence" (a poll found, showed; a
    speech cue whose speaker mention ends in a poll, study or count: "according to a
    poll", "a survey suggested"); None without a cue, for punctuation (a colon, a dash)
    and for a word the lexicon does not know."""
    if not isinstance(cue, str):
        return None
    flags = load_lexicon().flags.get(" ".join(cue.lower().split()), frozenset())
    kind = next((kind for kind in _CUE_KINDS if kind in flags), None)
    words = mention.split() if isinstance(mention, str) else []
    head = words[-1].lower().strip(".,;:") if words else ""
    if kind == "speech" and head in load_word_classes()["finding_nouns"]:
        return "evidence"
    return kind


@cache
def load_word_classes() -> dict[str, frozenset[str]]:
    """Word classes from ``resources/quote_words.txt`` ("name: word word ..." lines).

    Raises:
        ValueError: a line without "name:".
    """
    classes: dict[str, frozenset[str]] = {}
    for line in read_word_list("quote_words.txt"):
        name, sep, words = line.partition(":")
        if not sep or not name.strip():
            raise ValueError(f"quote_words.txt: expected 'name: words', got {line!r}")
        classes[name.strip()] = frozenset(words.split())
    return classes


def cue_flags(lexicon: Lexicon, cue: str) -> frozenset[str]:
    """Flags of a cue as matched in the text (case and inner spacing ignored)."""
    low = cue.lower()
    found = lexicon.flags.get(low)  # most cues are written as listed
    if found is not None:
        return found
    return lexicon.flags.get(" ".join(low.split()), frozenset())
