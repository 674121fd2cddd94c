"""VADER sentiment scores, computed with NLTK's rules only around the words that carry one.

NLTK's ``SentimentIntensityAnalyzer`` looks at every word of a text. :func:`sentiment_scores`
applies the same rules, with the analyzer's own lexicon and rule tables, only around the
words in the lexicon (a text without one is neutral: compound 0, neu 1), which is several
times faster. The tests check that both give the same four numbers, bit for bit, including
NLTK's quirks (a repeated word is read in the context of its first occurrence; "never",
"so" and "this" are matched case-sensitively).

The lexicon file ships inside the ``vaderSentiment`` package (its folder is added to
``nltk.data.path``; nothing is downloaded).
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from analysis.schemas import SENTIMENT

#: replacements before scoring: curly apostrophes become straight, double quotation marks
#: (which carry no sentiment and hide the word next to them from NLTK's lexicon look-up) go,
#: the straight one (") too; all of these but that one are non-ASCII
_STRAIGHTEN = {
    "\u2019": "'",  # ’ right single quotation mark / apostrophe
    "\u2018": "'",  # ‘
    "\u201b": "'",  # ‛
    "\u02bc": "'",  # ʼ modifier letter apostrophe
    "\u201c": "",  # “
    "\u201d": "",  # ”
    "\u201e": "",  # „
    "\u00ab": "",  # «
    "\u00bb": "",  # »
}
#: single quotation marks stripped (with whitespace) from both ends of a text
_EDGE_MARKS = "'‹›"
#: what NLTK's REGEX_REMOVE_PUNCTUATION ([ + escaped string.punctuation + ]) removes
_PUNCTUATION = string.punctuation
_DROP_PUNCTUATION = str.maketrans("", "", _PUNCTUATION)
#: (compound, pos, neu, neg) of a text without a word of two characters or more, and of one
#: whose words carry no valence: what NLTK's score_valence returns for them.
_NO_WORDS = (0.0, 0.0, 0.0, 0.0)
_NEUTRAL = (0.0, 0.0, 1.0, 0.0)


def normalize_sentiment_text(text: str) -> str:
    """The text VADER scores: straight apostrophes, no quotation marks.

    Curly apostrophes become ``'`` (so "don’t" is a negation); double quotation marks
    (straight, curly, guillemets) are removed wherever they are; single quotation marks and
    whitespace are stripped from both ends (an apostrophe inside the text is kept).

    Examples:
        >>> normalize_sentiment_text("“We don’t accept it,”")
        "We don't accept it,"
    """
    if not text.isascii():
        for mark, replacement in _STRAIGHTEN.items():  # str.replace: faster than translate
            text = text.replace(mark, replacement)
    text = text.replace('"', "")
    stripped = text.strip().strip(_EDGE_MARKS)
    while len(stripped) < len(text):  # whitespace and marks may alternate: "' «x» '"
        text, stripped = stripped, stripped.strip().strip(_EDGE_MARKS)
    return text


@lru_cache(maxsize=1)
def sentiment_analyzer():
    """NLTK's VADER analyzer with the lexicon from ``vaderSentiment`` (built once).

    :func:`sentiment_scores` takes its lexicon and rule tables from this analyzer; the test
    suite compares the two.
    """
    import nltk
    import vaderSentiment
    from nltk.sentiment import vader

    folder = str(Path(vaderSentiment.__file__).resolve().parent)
    if folder not in nltk.data.path:
        nltk.data.path.insert(0, folder)
    return vader.SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


class _Vader(NamedTuple):
    """NLTK VADER's lexicon and rule tables, as sets and dicts for fast look-ups."""

    lexicon: dict[str, float]
    #: lexicon words that get a valence (NLTK gives a booster word none, even if listed)
    valence_words: frozenset[str]
    boosters: dict[str, float]
    negations: frozenset[str]
    idioms: dict[str, float]
    #: the longest word of each multi-word idiom or booster ("kind of"): an idiom can only
    #: match where its longest word is among the 3 words before or 2 after a lexicon word
    idiom_keywords: frozenset[str]
    #: lowercase words that may change the valence of a lexicon word 3 words away or less
    #: (besides any word with "n't"): boosters, negations ("never"), "so", "this", "least"
    #: and the idiom keywords (with "kind", which scores nothing in "kind of")
    context_words: frozenset[str]
    punctuation_marks: frozenset[str]
    caps_increment: float
    negation_scalar: float
    dampener: float
    #: each whitespace-separated word met so far (two characters or more) -> its entry:
    #: (the token NLTK scores, that token lowercased, _VALENCE and _CONTEXT flags)
    words: dict[str, tuple[str, str, int]]


@lru_cache(maxsize=1)
def _vader() -> _Vader:
    analyzer = sentiment_analyzer()
    constants = analyzer.constants
    multi_word = [*constants.SPECIAL_CASE_IDIOMS, *constants.BOOSTER_DICT]
    idiom_keywords = frozenset(max(key.split(), key=len) for key in multi_word if " " in key)
    modifiers = [*constants.BOOSTER_DICT, *constants.NEGATE, "so", "this", "least"]
    return _Vader(
        lexicon=analyzer.lexicon,
        valence_words=frozenset(analyzer.lexicon.keys() - constants.BOOSTER_DICT.keys()),
        boosters=constants.BOOSTER_DICT,
        negations=frozenset(constants.NEGATE),
        idioms=constants.SPECIAL_CASE_IDIOMS,
        idiom_keywords=idiom_keywords,
        context_words=idiom_keywords.union(modifiers),
        punctuation_marks=frozenset(constants.PUNC_LIST),
        caps_increment=constants.C_INCR,
        negation_scalar=constants.N_SCALAR,
        dampener=constants.B_DECR,
        words={},
    )


#: flags of a word entry: its token is a lexicon word with a valence; it may change the
#: valence of a word near it (a context word, or a word with "n't")
_VALENCE = 1
_CONTEXT = 2
#: word entries kept at most (about 200 bytes each); the cache starts again when full
_MAX_WORDS = 100_000


def sentiment_rows(texts: Sequence[str]) -> list[tuple[float, float, float, float]]:
    """(compound, pos, neu, neg) of each text, exactly as NLTK's ``polarity_scores``."""
    vader = _vader()
    return [_vader_scores(text, vader) for text in texts]


def _vader_scores(text: str, vader: _Vader) -> tuple[float, float, float, float]:
    """(compound, pos, neu, neg) of ``text``, equal to NLTK's ``polarity_scores``.

    Only lexicon words get a valence, so only they and their neighbours are looked at.
    """
    words = vader.words
    tokens = []  # NLTK's SentiText.words_and_emoticons
    lowered = []
    positions = []  # of the tokens with a valence, ascending
    found = 0  # the flags of all tokens
    for word in text.split():
        if len(word) < 2:
            continue
        token, lower, flags = words.get(word) or _word_entry(word, vader)
        if flags & _VALENCE:
            positions.append(len(tokens))
        tokens.append(token)
        lowered.append(lower)
        found |= flags
    if not positions:
        return _NEUTRAL if tokens else _NO_WORDS
    # In most texts no word can change another's valence: each then scores its lexicon value.
    in_context = found & _CONTEXT
    n = len(tokens)
    but = lowered.index("but") if "but" in lowered else -1
    valences = []  # the non-zero valences in text order: NLTK's sum is over that order
    for position in positions:
        token = tokens[position]
        valence = vader.lexicon[lowered[position]]
        if token.isupper() and _caps_stand_out(tokens):
            increment = vader.caps_increment
            valence = valence + increment if valence > 0 else valence - increment
        if in_context:
            i = tokens.index(token)  # NLTK reads a repeated word in its first copy's context
            if lowered[i] == "kind" and i < n - 1 and lowered[i + 1] == "of":
                continue  # "kind of" is a dampener (see _idiom_valence), not a kind word
            valence = _valence_in_context(vader, tokens, lowered, i, valence)
        if but >= 0:  # words before the first "but" count half, words after 1.5 times
            if position < but:
                valence *= 0.5
            elif position > but:
                valence *= 1.5
        if valence:
            valences.append(valence)
    return _combined_scores(valences, n - len(valences), text)


def _word_entry(word: str, vader: _Vader) -> tuple[str, str, int]:
    """The entry of a whitespace-separated word of two characters or more, cached.

    NLTK's token for it is the word itself or, for a word made of a mark of NLTK's
    PUNC_LIST and a punctuation-free word of two characters or more ("good!!", "-bad"),
    that word (NLTK looks such tokens up in a dictionary of every word x mark of the text).
    """
    token = word if word.isalnum() else _without_edge_mark(word, vader.punctuation_marks)
    lower = token.lower()
    if lower == token:
        lower = token  # one string, not two, in the cache
    flags = _VALENCE if lower in vader.valence_words else 0
    if lower in vader.context_words or "n't" in lower:
        flags |= _CONTEXT
    if len(vader.words) >= _MAX_WORDS:
        vader.words.clear()
    entry = vader.words[word] = (token, lower, flags)
    return entry


def _without_edge_mark(token: str, marks: frozenset[str]) -> str:
    """``token`` without the mark of NLTK's PUNC_LIST at one of its ends, if NLTK strips it."""
    without_head = token.lstrip(_PUNCTUATION)
    core = without_head.rstrip(_PUNCTUATION)
    if len(core) < 2 or len(core.translate(_DROP_PUNCTUATION)) != len(core):
        return token
    head = token[: len(token) - len(without_head)]
    tail = without_head[len(core) :]
    if (head in marks and not tail) or (tail in marks and not head):
        return core
    return token


def _valence_in_context(
    vader: _Vader, tokens: list[str], lowered: list[str], i: int, valence: float
) -> float:
    """NLTK's ``sentiment_valence`` of the lexicon word at ``i``, from its own ``valence``.

    The valence is shifted by boosters, negations and "never so/this" among the 3 words
    before it that are not lexicon words, set by an idiom around it, and negated after
    "least" (not "at least").
    """
    around = lowered[max(i - 3, 0) : i + 3]
    if vader.context_words.isdisjoint(around) and "n't" not in " ".join(around):
        return valence  # no word around this one changes it
    increment = vader.caps_increment
    for distance in (1, 2, 3):
        if i < distance:
            break
        word = lowered[i - distance]
        if word in vader.lexicon:
            continue
        if word in vader.boosters:
            scalar = vader.boosters[word]
            if valence < 0:
                scalar *= -1
            if tokens[i - distance].isupper() and _caps_stand_out(tokens):
                scalar = scalar + increment if valence > 0 else scalar - increment
            if distance == 2:
                scalar *= 0.95
            elif distance == 3:
                scalar *= 0.9
            valence = valence + scalar
        # NLTK compares "never", "so" and "this" case-sensitively, and for distance 3 lets
        # "so"/"this" right before the word count without "never" (kept for equal scores).
        if distance == 2 and tokens[i - 2] == "never" and tokens[i - 1] in ("so", "this"):
            valence *= 1.5
        elif distance == 3 and (
            (tokens[i - 3] == "never" and tokens[i - 2] in ("so", "this"))
            or tokens[i - 1] in ("so", "this")
        ):
            valence *= 1.25
        elif word in vader.negations or "n't" in word:
            valence *= vader.negation_scalar
        if distance == 3 and not vader.idiom_keywords.isdisjoint(tokens[i - 3 : i + 3]):
            valence = _idiom_valence(vader, tokens, i, valence)
    least = i > 0 and lowered[i - 1] == "least" and "least" not in vader.lexicon
    if least and (i == 1 or lowered[i - 2] not in ("at", "very")):
        valence *= vader.negation_scalar
    return valence


def _caps_stand_out(tokens: list[str]) -> bool:
    """NLTK's ``allcap_differential``: some but not all words are in ALL CAPS."""
    return 0 < sum(map(str.isupper, tokens)) < len(tokens)


def _idiom_valence(vader: _Vader, tokens: list[str], i: int, valence: float) -> float:
    """NLTK's ``_idioms_check`` for the word at ``i`` (>= 3): idioms set the valence."""
    w = tokens
    two_one = f"{w[i - 2]} {w[i - 1]}"
    three_two = f"{w[i - 3]} {w[i - 2]}"
    before = [f"{w[i - 1]} {w[i]}", f"{two_one} {w[i]}", two_one, f"{w[i - 3]} {two_one}"]
    for sequence in [*before, three_two]:
        if sequence in vader.idioms:
            valence = vader.idioms[sequence]
            break
    if len(w) - 1 > i and f"{w[i]} {w[i + 1]}" in vader.idioms:
        valence = vader.idioms[f"{w[i]} {w[i + 1]}"]
    if len(w) - 1 > i + 1 and f"{w[i]} {w[i + 1]} {w[i + 2]}" in vader.idioms:
        valence = vader.idioms[f"{w[i]} {w[i + 1]} {w[i + 2]}"]
    if three_two in vader.boosters or two_one in vader.boosters:
        valence = valence + vader.dampener
    return valence


def _combined_scores(
    valences: list[float], n_neutral: int, text: str
) -> tuple[float, float, float, float]:
    """NLTK's ``score_valence``: compound and proportions, with "!" and "?" emphasis."""
    total = float(sum(valences))
    question_marks = text.count("?")
    if question_marks <= 1:
        question_emphasis = 0
    else:
        question_emphasis = question_marks * 0.18 if question_marks <= 3 else 0.96
    emphasis = min(text.count("!"), 4) * 0.292 + question_emphasis
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    compound = total / math.sqrt(total * total + 15)
    pos_sum = 0.0
    neg_sum = 0.0
    for valence in valences:
        if valence > 0:
            pos_sum += valence + 1  # + 1: a neutral word counts 1
        else:
            neg_sum += valence - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += emphasis
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= emphasis
    size = pos_sum + math.fabs(neg_sum) + n_neutral
    return (
        _rounded(compound, 4),
        _rounded(math.fabs(pos_sum / size), 3),
        _rounded(math.fabs(n_neutral / size), 3),
        _rounded(math.fabs(neg_sum / size), 3),
    )


def _rounded(value: float, digits: int) -> float:
    """``round(value, digits)``, the same float, without round()'s decimal conversion.

    Below 1e9, ``value * 10**digits`` as a float is within 1e-7 of its exact value, so
    away from a half it has the whole number round() finds, and that number divided by
    ``10**digits`` is the float nearest the decimal, which round() returns too. Near a
    half (and for NaN or large values) round() itself decides.
    """
    scale = 10.0**digits
    scaled = math.fabs(value) * scale
    if not scaled < 1e9:
        return round(value, digits)
    whole = float(math.floor(scaled))
    fraction = scaled - whole
    if not math.fabs(fraction - 0.5) > 1e-6:
        return round(value, digits)
    return math.copysign((whole + (fraction > 0.5)) / scale, value)


def sentiment_scores(text: str) -> dict[str, float]:
    """VADER scores of one text after :func:`normalize_sentiment_text`.

    Returns:
        ``{"sentiment_compound": ..., "sentiment_pos": ..., "sentiment_neu": ...,
        "sentiment_neg": ...}``.
    """
    (scores,) = sentiment_rows([normalize_sentiment_text(text)])
    return dict(zip(SENTIMENT, scores, strict=True))
