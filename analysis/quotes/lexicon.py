"""The reporting-cue lexicon (from ``resources/reporting_verbs.txt`` and ``cue_phrases.txt``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analysis.paths import read_word_list

_VOWELS = set("aeiou")


@dataclass(frozen=True)
class Lexicon:
    """Cue word forms and their flags, and the compiled pattern that finds them."""

    flags: dict[str, frozenset[str]]  # lower-case form -> flags
    pattern: re.Pattern[str]
    speaker_nouns: frozenset[str]


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
    alternatives = sorted(flags, key=len, reverse=True)
    body = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in alternatives)
    pattern = re.compile(rf"(?<![\w’'-])(?:{body})(?![\w-]|[’']\w)", re.IGNORECASE)
    nouns = frozenset(w.lower() for w in read_word_list("speaker_nouns.txt"))
    return Lexicon(flags=flags, pattern=pattern, speaker_nouns=nouns)


def cue_flags(lexicon: Lexicon, cue: str) -> frozenset[str]:
    """Flags of a cue as matched in the text (case and inner spacing ignored)."""
    return lexicon.flags.get(" ".join(cue.lower().split()), frozenset())
