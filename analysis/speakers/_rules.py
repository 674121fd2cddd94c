"""The speaker rules, read once from the data files in ``analysis/resources/``.

Everything here is built lazily on first use and cached, so importing the package does
no work. The regular expressions are compiled from the word lists, so adding a title or
an honorific to its file is all it takes to teach the resolver a new one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from analysis.paths import read_word_list
from analysis.quotes.lexicon import trie_pattern

#: Personal pronouns that can stand for a quoted person, with the gender they state.
PERSON_PRONOUNS = {
    "he": "male",
    "him": "male",
    "his": "male",
    "himself": "male",
    "she": "female",
    "her": "female",
    "hers": "female",
    "herself": "female",
}
#: The other gender of a person's ("male" -> "female").
OTHER_GENDER = {"male": "female", "female": "male"}
#: Pronouns that name a group or a thing, never one person.
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "you"})
THING_PRONOUNS = frozenset({"it", "its", "which", "that", "this"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose"})
#: First words that make a mention indefinite ("a source", "one official", "two residents").
INDEFINITE_WORDS = frozenset(
    {
        "a",
        "an",
        "one",
        "another",
        "some",
        "several",
        "many",
        "most",
        "few",
        "other",
        "others",
        "two",
        "three",
        "four",
        "five",
        "multiple",
        "various",
        "numerous",
        "unnamed",
        "anonymous",
        "someone",
        "somebody",
    }
)
#: Person nouns that stand for someone unnamed ("the woman said"), never a title.
UNNAMED_NOUNS = frozenset(
    {"man", "woman", "boy", "girl", "gentleman", "lady", "mother", "father", "son"}
    | {"daughter", "wife", "husband", "brother", "sister", "grandmother", "grandfather"}
    | {"widow", "widower"}
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
#: Lower-case words allowed between two capitalised name words ("Bashar al-Assad",
#: "Ministry of Health", "Ludwig van Beethoven").
NAME_PARTICLES = ("of", "the", "de", "del", "della", "der", "di", "da", "dos", "du", "van", "von")
NAME_PARTICLES += ("bin", "ibn", "abu", "al", "el", "la", "le", "y")
# "for" joins the name of a body ("Department for Transport", "Office for National
# Statistics"); a run with it and no organisation word before it is split there
NAME_PARTICLES += ("for",)


@dataclass(frozen=True)
class Rules:
    """The word lists and patterns the resolver uses (see :func:`rules`)."""

    title_words: frozenset[str]
    honorifics: dict[str, str]  # "mr" -> "male"
    org_words: frozenset[str]
    org_names: frozenset[str]
    place_words: frozenset[str]
    title_modifiers: frozenset[str]
    title_ignored: frozenset[str]
    title_subordinates: frozenset[str]  # "vice": the vice president is not "the president"
    offices: frozenset[str]  # "senator", "president": one is not described by another
    title_expansions: dict[str, str]  # "gov" -> "governor"
    group_words: frozenset[str]
    collective_words: frozenset[str]
    person_nouns: dict[str, str]  # "woman" -> "female", "politician" -> ""
    kin_nouns: dict[str, str]  # "wife" -> "female": the gender of a person named beside it
    document_nouns: frozenset[str]  # "report": "A State Department report found"
    countries: dict[str, str]  # "us" -> "U.S.": demonyms.txt's countries, by folded name
    name_stopwords: frozenset[str]
    common_words: frozenset[str]
    demonyms: dict[str, str]  # "russia" -> "russian"
    demonym_words: frozenset[str]
    demonym_adjectives: frozenset[str]  # "american", not "america": "Americans" is plural
    abbreviations: frozenset[str]
    run_pattern: re.Pattern[str]
    pronoun_patterns: tuple[re.Pattern[str], ...]
    sentence_break: re.Pattern[str]
    unnamed_person: re.Pattern[str]
    verb_after: re.Pattern[str]
    verb_before: re.Pattern[str]
    speech_verb: re.Pattern[str]


def _common_words() -> frozenset[str]:
    """Words the English Punkt model saw in lower case inside sentences and never with a
    capital there ("absent", "given", "lives"): when one opens a sentence, its capital
    says nothing, and it is no name word."""
    import punkt
    from punkt.rules.orthography import OrthoContext as Seen

    seen = punkt.load_model("english").ortho_context
    lower = int(Seen.MID_LC)  # plain ints: testing 25,000 flags as enums costs 20 ms
    upper = int(Seen.MID_UC | Seen.UNK_UC)  # with a capital inside a sentence, or maybe there
    return frozenset(w for w, flags in seen.items() if flags & lower and not flags & upper)


def _strip_dot(word: str) -> str:
    return word[:-1] if word.endswith(".") else word


@functools.cache
def rules() -> Rules:
    """The speaker rules, read from the resource files once per process."""
    titles = [line.casefold() for line in read_word_list("titles.txt")]
    title_words = frozenset(_strip_dot(w) for line in titles for w in line.split())
    abbreviations = {_strip_dot(w) for line in titles for w in line.split() if w.endswith(".")}
    honorifics: dict[str, str] = {}
    for line in read_word_list("honorifics.txt"):
        word, _, gender = line.partition(" ")
        honorifics[_strip_dot(word).casefold()] = gender.strip() or "none"
        if word.endswith("."):
            abbreviations.add(_strip_dot(word).casefold())
    expansions: dict[str, str] = {}
    for line in read_word_list("title_abbreviations.txt"):
        short, _, word = line.casefold().partition(" ")
        expansions[_strip_dot(short)] = word.strip()
        abbreviations.add(_strip_dot(short))
    title_words = title_words | frozenset(expansions)
    person_nouns: dict[str, str] = {}
    kin_nouns: dict[str, str] = {}
    for line in read_word_list("person_nouns.txt"):
        noun, gender, *marks = line.casefold().split()
        person_nouns[noun] = "" if gender == "any" else gender
        if "kin" in marks:
            kin_nouns[noun] = person_nouns[noun]
    demonyms: dict[str, str] = {}
    countries: dict[str, str] = {}
    for line in read_word_list("demonyms.txt"):
        country, _, demonym = line.partition("=")
        demonyms[country.strip().casefold()] = demonym.strip().casefold()
        countries[country.strip().casefold().replace(".", "")] = country.strip()
    demonym_words = frozenset(
        w for pair in demonyms.items() for part in pair for w in part.replace(".", "").split()
    )

    # A run of capitalised words, with name particles between them ("Bashar al-Assad",
    # "Ministry of Health"). Dots stay on the words here; find_mentions splits a run at a
    # word that ends a sentence. Kept this simple on purpose: it is the hot loop. The
    # quantifiers are possessive (*+, ++): the same runs, as giving back a character never
    # helps here, and the regex engine keeps no state to give it back with.
    upper = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĠĢĤĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŜŞŠŢŤŪŮŰŲŹŻŽ"
    particles = "|".join(NAME_PARTICLES)
    space = "[ \t\u00a0]++"
    word = rf"[{upper}][\w'’.-]*+"
    run = rf"{word}(?:{space}(?:(?:{particles}){space})*+(?:(?:al|el)-)?{word})*+"
    # "the woman", "a 71-year-old man": someone the article does not name
    # (as tries: the regex engine tries them at every space, or every word)
    unnamed = trie_pattern([n for n in person_nouns if n in UNNAMED_NOUNS])
    verbs = trie_pattern(read_word_list("speech_verbs.txt"))
    # Sentence ends, except after an abbreviation (Mr., Gov.) or an initial (George W. Bush).
    # One look-behind per length of abbreviation (a look-behind has one width): a few
    # tests at each full stop instead of one per abbreviation.
    by_length: dict[int, list[str]] = {}
    for abbreviation in sorted(abbreviations):
        if abbreviation.isalpha():
            by_length.setdefault(len(abbreviation), []).append(re.escape(abbreviation.capitalize()))
    not_after = "".join(
        rf"(?<!\b(?:{'|'.join(words)})\.)" for _, words in sorted(by_length.items())
    )
    # One character class first, so the regex engine can skip ahead fast; what must
    # follow (a space, then a capital or digit) is checked before the abbreviations.
    after = r"[\"”’')\]]*[ \t\u00a0]+(?=[\"“‘(\[]?[A-Z0-9])"
    sentence_break = rf"[.!?\n](?:(?<=\n)\n*|(?={after}){not_after}(?<!\b[A-Z]\.){after})"
    return Rules(
        title_words=title_words,
        honorifics=honorifics,
        org_words=frozenset(read_word_list("organization_words.txt")),
        org_names=frozenset(w.casefold() for w in read_word_list("organization_names.txt")),
        place_words=frozenset(read_word_list("place_words.txt")),
        title_modifiers=frozenset(read_word_list("title_modifiers.txt"))
        | frozenset(read_word_list("title_ignored.txt")),
        title_ignored=frozenset(read_word_list("title_ignored.txt")),
        title_subordinates=frozenset(read_word_list("title_subordinates.txt")),
        offices=frozenset(read_word_list("offices.txt")),
        title_expansions=expansions,
        group_words=frozenset(read_word_list("group_words.txt"))
        | frozenset(read_word_list("collective_words.txt")),
        collective_words=frozenset(read_word_list("collective_words.txt")),
        person_nouns=person_nouns,
        kin_nouns=kin_nouns,
        document_nouns=frozenset(read_word_list("document_nouns.txt")),
        name_stopwords=frozenset(read_word_list("name_stopwords.txt")),
        common_words=_common_words(),
        demonyms=demonyms,
        countries=countries,
        demonym_words=demonym_words,
        demonym_adjectives=frozenset(demonyms.values()),
        abbreviations=frozenset(abbreviations),
        run_pattern=re.compile(run),
        # Subject and possessive forms only: "him"/"her" are mostly objects, someone else.
        # (Counting "her" before a content word as possessive, like "his", was tried on
        # PolNeAR train: it gave as many men a female vote as women one, so it stays out.)
        # One pattern per first two letters and case: a pattern that starts with a literal
        # is searched much faster than one that starts with a class of letters.
        pronoun_patterns=tuple(
            re.compile(rf"{start}(?<![\w'’]{start}){rest}\b")
            for stem, rest in (("he", "(?:rself)?"), ("hi", "(?:s|mself)"), ("she", ""))
            for start in (stem, stem.capitalize())
        ),
        sentence_break=re.compile(sentence_break),
        # a space, then the noun: a literal first character the regex engine finds fast
        # (the caller reads tabs as spaces and checks the article before the noun)
        unnamed_person=re.compile(rf" (?:{unnamed})\b"),
        verb_after=re.compile(rf"[ \t\u00a0]+(?:{verbs})\b"),
        verb_before=re.compile(r"\b(?:said|says|told|added|wrote)[ \t\u00a0]+$"),
        speech_verb=re.compile(rf"(?<![\w'’-])(?:{verbs})\b"),
    )
