"""Sentiment of sentences and quotes with NLTK's VADER, and its aggregates.

Scores are those of ``nltk.sentiment.vader.SentimentIntensityAnalyzer`` with the lexicon file
shipped inside the ``vaderSentiment`` package (its folder is added to ``nltk.data.path``;
nothing is downloaded). Before scoring, curly apostrophes are made straight (’ → ') so that
negations such as "don’t" are recognised, double quotation marks are removed (NLTK would
otherwise miss a word written as "word," with its marks) and single quotation marks around
the text are stripped: a quote is scored on its content.

NLTK's analyzer looks at every word of a text; :func:`sentiment_scores` applies the same
rules, with NLTK's lexicon and rule tables, only around the words that carry a valence (a
text without one is neutral: compound 0, neu 1), which is several times faster. The test
suite checks that both give the same four numbers.

``analysis process`` stores the four scores (compound in [-1, 1]; pos, neu, neg proportions)
on every sentence and quote, so reports aggregate without re-scoring.

Known differences from the ``vaderSentiment`` package's own analyzer (the test suite pins
them): NLTK looks a repeated word's context up at its *first* occurrence, so a text that
uses a sentiment word twice in different contexts ("not good ... good") can score
differently; and NLTK's pos/neu/neg proportions count "!"/"?" emphasis slightly
differently, while the compound score is the same.
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.bootstrap import bootstrap_totals, group_articles, group_rng, percentile_interval
from analysis.schemas import SENTIMENT
from analysis.share import empty_metric, fill_group_keys, lookup_values

#: sentiment_by / quoted_vs_narration output columns after the group columns.
SENTIMENT_SUMMARY = {
    "n_texts": "int64",
    "n_articles": "int64",
    "compound_mean": "float64",
    "compound_low": "float64",
    "compound_high": "float64",
    "pos_mean": "float64",
    "neu_mean": "float64",
    "neg_mean": "float64",
}

#: replacements before scoring: curly apostrophes become straight, double quotation marks
#: (which carry no sentiment and hide the word next to them from NLTK's lexicon look-up) go
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
    '"': "",
}
#: single quotation marks stripped (with whitespace) from both ends of a text
_EDGE_MARKS = "'‹›"
_GID = "_gid"
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
    for mark, replacement in _STRAIGHTEN.items():  # str.replace: faster than translate
        text = text.replace(mark, replacement)
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
    )


def _sentiment_rows(texts: Sequence[str]) -> list[tuple[float, float, float, float]]:
    """(compound, pos, neu, neg) of each text, exactly as NLTK's ``polarity_scores``."""
    vader = _vader()
    return [_vader_scores(text, vader) for text in texts]


def _vader_scores(text: str, vader: _Vader) -> tuple[float, float, float, float]:
    """(compound, pos, neu, neg) of ``text``, equal to NLTK's ``polarity_scores``.

    Only lexicon words get a valence, so only they and their neighbours are looked at.
    """
    tokens = _vader_tokens(text)
    lowered = [token.lower() for token in tokens]
    hit_words = vader.valence_words.intersection(lowered)
    if not hit_words:
        return _NEUTRAL if tokens else _NO_WORDS
    # In most texts no word can change another's valence: each then scores its lexicon value.
    in_context = not vader.context_words.isdisjoint(lowered) or "n't" in " ".join(lowered)
    n = len(tokens)
    but = lowered.index("but") if "but" in lowered else -1
    valences = []  # the non-zero valences in text order: NLTK's sum is over that order
    for position in _positions(lowered, hit_words):
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


def _vader_tokens(text: str) -> list[str]:
    """NLTK's ``SentiText.words_and_emoticons``: the words VADER scores, in order.

    Whitespace-separated tokens of two characters or more; a token made of a mark of
    NLTK's PUNC_LIST and a punctuation-free word of two characters or more ("good!!",
    "-bad") becomes that word (NLTK looks such tokens up in a dictionary of every word x
    mark of the text).
    """
    return [
        token if token.isalnum() else _without_edge_mark(token)
        for token in text.split()
        if len(token) > 1
    ]


@lru_cache(maxsize=1 << 15)  # the same tokens recur ("said.", "year,")
def _without_edge_mark(token: str) -> str:
    """``token`` without the mark of NLTK's PUNC_LIST at one of its ends, if NLTK strips it."""
    without_head = token.lstrip(_PUNCTUATION)
    core = without_head.rstrip(_PUNCTUATION)
    if len(core) < 2 or len(core.translate(_DROP_PUNCTUATION)) != len(core):
        return token
    head = token[: len(token) - len(without_head)]
    tail = without_head[len(core) :]
    marks = _vader().punctuation_marks
    if (head in marks and not tail) or (tail in marks and not head):
        return core
    return token


def _positions(words: list[str], wanted: frozenset[str]) -> list[int]:
    """Every position of a word of ``wanted`` in ``words``, ascending."""
    positions = []
    for word in wanted:
        position = -1
        for _ in range(words.count(word)):
            position = words.index(word, position + 1)
            positions.append(position)
    return sorted(positions)


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
        round(compound, 4),
        round(math.fabs(pos_sum / size), 3),
        round(math.fabs(n_neutral / size), 3),
        round(math.fabs(neg_sum / size), 3),
    )


def sentiment_scores(text: str) -> dict[str, float]:
    """VADER scores of one text after :func:`normalize_sentiment_text`.

    Returns:
        ``{"sentiment_compound": ..., "sentiment_pos": ..., "sentiment_neu": ...,
        "sentiment_neg": ...}``.
    """
    (scores,) = _sentiment_rows([normalize_sentiment_text(text)])
    return dict(zip(SENTIMENT, scores, strict=True))


def score_sentiment(frame: pd.DataFrame, *, text_column: str = "text") -> pd.DataFrame:
    """A copy of ``frame`` with the VADER scores of ``text_column`` added.

    Adds the :data:`analysis.schemas.SENTIMENT` columns (``sentiment_compound`` in [-1, 1],
    ``sentiment_pos/neu/neg`` proportions). Each distinct text is scored once. Null texts get
    NaN scores. Existing sentiment columns are overwritten.

    Args:
        frame: sentences (``text_column="text"``) or quotes (``text_column="quote_text"``).
        text_column: the column holding the text.

    Returns:
        A new frame: the input columns plus the four sentiment columns.

    Raises:
        KeyError: ``text_column`` is missing.
    """
    if text_column not in frame.columns:
        raise KeyError(f"no column {text_column!r} to score; columns are {list(frame.columns)}")
    out = frame.copy()
    texts = out[text_column].astype("string")
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    rows = _sentiment_rows([normalize_sentiment_text(text) for text in uniques.tolist()])
    table = np.array([*rows, (np.nan,) * 4]).reshape(-1, 4)  # the last row: code -1, null text
    rows = table[codes]
    for j, column in enumerate(SENTIMENT):
        out[column] = pd.Series(rows[:, j], index=out.index, dtype=SENTIMENT[column])
    return out


def sentiment_by(
    frame: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("speaker_name",),
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean sentiment per group, with a 95% interval from resampling articles.

    Null group values (e.g. an unresolved speaker's name) become ``"unknown"``. Rows whose
    compound score is NaN are left out. A group from a single article has NaN bounds.

    Args:
        frame: scored sentences or quotes (see :func:`score_sentiment`), with ``article_id``.
        by: group column(s), e.g. ``"speaker_name"`` or ``["source", "month"]``.
        ci: compute the bootstrap interval of the mean compound score.
        n_boot: number of bootstrap resamples.
        seed: random seed.

    Returns:
        Columns: group columns, then :data:`SENTIMENT_SUMMARY`; sorted by group.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [name for name in [*by, "article_id", *SENTIMENT] if name not in frame.columns]
    if missing:
        raise KeyError(f"sentiment_by needs column(s) {missing}; run score_sentiment first")
    data = frame.loc[frame["sentiment_compound"].notna()].copy()
    if data.empty:
        return empty_metric(frame, by, SENTIMENT_SUMMARY)
    data = fill_group_keys(data, by)
    data["article_id"] = data["article_id"].astype("string")
    if by:
        data[_GID] = data.groupby(by, sort=True, dropna=False, observed=True).ngroup()
    else:
        data[_GID] = 0
    table = (
        data.groupby([_GID, *by], sort=True, dropna=False, observed=True)
        .agg(
            n_texts=("sentiment_compound", "size"),
            n_articles=("article_id", "nunique"),
            compound_mean=("sentiment_compound", "mean"),
            pos_mean=("sentiment_pos", "mean"),
            neu_mean=("sentiment_neu", "mean"),
            neg_mean=("sentiment_neg", "mean"),
        )
        .reset_index()
    )
    low = np.full(len(table), np.nan)
    high = low.copy()
    if ci and n_boot >= 1:
        group_keys = data[by].astype("string").to_numpy() if by else None
        row_of = pd.Series(np.arange(len(table)), index=table[_GID].to_numpy())
        articles = data["article_id"].to_numpy()
        compound = data["sentiment_compound"].to_numpy(dtype="float64")
        for group, positions in group_articles(data):
            codes, values = pd.factorize(articles[positions], sort=True)
            totals = bootstrap_totals(
                codes,
                np.zeros(len(positions), dtype="int64"),
                np.column_stack([compound[positions], np.ones(len(positions))]),
                n_articles=len(values),
                n_categories=1,
                n_boot=n_boot,
                rng=group_rng(seed, group_keys[positions[0]] if by else ()),
            )
            means = totals[0, :, 0] / totals[1, :, 0]
            row = row_of.loc[group]
            estimate = table["compound_mean"].to_numpy()[row]
            low[row], high[row] = percentile_interval(means, estimate)
    table["compound_low"], table["compound_high"] = low, high
    table = table[[*by, *SENTIMENT_SUMMARY]].reset_index(drop=True)
    for name, dtype in SENTIMENT_SUMMARY.items():
        table[name] = table[name].astype(dtype)
    return table


def quoted_vs_narration(
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    articles: pd.DataFrame | None = None,
    quote_types: Sequence[str] | None = None,
    narration: str = "sentences",
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Sentiment of quoted speech against the journalist's own narration.

    *Quoted* texts are the quotes (their content, scored without the marks). *Narration* is,
    with ``narration="sentences"``, every sentence that does not overlap any quote span of
    its article (a sentence that carries a quote, even an indirect one, mixes both voices
    and is left out); with ``narration="remainder"``, every sentence with the quote spans
    cut out (what is left, e.g. "the mayor said on Monday", is scored again; remainders
    without a letter are dropped). Unscored inputs are scored on the fly.

    Args:
        sentences: the sentences table (scored or not).
        quotes: the quotes table (scored or not).
        by: group column(s) beside ``text_kind``, e.g. ``"source"``; columns missing from
            a table are looked up in ``articles`` (``month`` is derived from
            ``published_at``).
        articles: the articles table, needed when grouping by article columns.
        quote_types: keep only these quote types (e.g. ``["direct"]``) on the quoted side;
            None = all. Narration always excludes text covered by quotes of any type.
        narration: ``"sentences"`` (whole sentences free of quotes) or ``"remainder"``
            (every sentence, minus its quoted parts).
        ci: compute bootstrap intervals (articles resampled).
        n_boot: number of bootstrap resamples.
        seed: random seed.

    Returns:
        Columns: group columns, ``text_kind`` (``"quote"`` / ``"narration"``), then
        :data:`SENTIMENT_SUMMARY`.
    """
    by = [by] if isinstance(by, str) else list(by)
    if not all(name in sentences.columns for name in SENTIMENT):
        sentences = score_sentiment(sentences, text_column="text")
    if not all(name in quotes.columns for name in SENTIMENT):
        quotes = score_sentiment(quotes, text_column="quote_text")
    # Narration is what no quote of any type covers; the type filter applies to quotes only.
    if narration == "sentences":
        narration_texts = _narration_sentences(sentences, quotes)
    elif narration == "remainder":
        narration_texts = _narration_remainders(sentences, quotes)
    else:
        raise ValueError(f"narration must be 'sentences' or 'remainder', not {narration!r}")
    if quote_types is not None:
        quotes = quotes[quotes["quote_type"].isin(list(quote_types)).fillna(False)]
    columns = ["article_id", *SENTIMENT]
    parts = []
    for kind, part in (("quote", quotes), ("narration", narration_texts)):
        part = _with_article_columns(part, by, articles)
        parts.append(part[[*by, *columns]].assign(text_kind=kind))
    both = pd.concat(parts, ignore_index=True)
    both["text_kind"] = both["text_kind"].astype("string")
    table = sentiment_by(both, by=[*by, "text_kind"], ci=ci, n_boot=n_boot, seed=seed)
    if table.empty:
        return table
    order = {"quote": 0, "narration": 1}
    table = table.assign(_order=table["text_kind"].map(order))
    table = table.sort_values([*by, "_order"], kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)


def _quote_overlaps(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """(sentence position, quote start, quote end) for every sentence/quote overlap."""
    left = sentences[["article_id", "start_char", "end_char"]].reset_index(drop=True)
    left["_row"] = np.arange(len(left))
    right = quotes[["article_id", "start_char", "end_char"]].rename(
        columns={"start_char": "_q_start", "end_char": "_q_end"}
    )
    pairs = left.merge(right, on="article_id", how="inner")
    overlap = (pairs["start_char"] < pairs["_q_end"]) & (pairs["_q_start"] < pairs["end_char"])
    return pairs.loc[overlap]


def _narration_sentences(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Sentences that overlap no quote span (char offsets, end exclusive)."""
    if sentences.empty or quotes.empty:
        return sentences
    quoted = np.isin(np.arange(len(sentences)), _quote_overlaps(sentences, quotes)["_row"])
    return sentences.iloc[~quoted]


def _narration_remainders(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Every sentence with its quote spans cut out; changed texts are scored again."""
    if sentences.empty or quotes.empty:
        return sentences
    overlaps = _quote_overlaps(sentences, quotes)
    texts = sentences["text"].astype("string").tolist()
    starts = sentences["start_char"].to_numpy()
    overlaps = overlaps.sort_values(["_row", "_q_start"], kind="stable")
    rows = overlaps["_row"].to_numpy()
    q_starts = overlaps["_q_start"].to_numpy(dtype="int64")
    q_ends = overlaps["_q_end"].to_numpy(dtype="int64")
    bounds = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1], True])
    remainders = {}
    for first, last in zip(bounds[:-1], bounds[1:], strict=False):
        row = int(rows[first])
        start, text = int(starts[row]), texts[row]
        if not isinstance(text, str):
            continue
        pieces, position = [], 0
        for q_start, q_end in zip(q_starts[first:last], q_ends[first:last], strict=True):
            cut_start = min(max(int(q_start) - start, 0), len(text))
            pieces.append(text[position:cut_start] if cut_start > position else "")
            position = max(position, min(int(q_end) - start, len(text)))
        pieces.append(text[position:])
        remainders[row] = " ".join(piece.strip() for piece in pieces if piece.strip())
    changed = np.array(sorted(remainders), dtype="int64")
    rescored = score_sentiment(
        sentences.iloc[changed].assign(text=[remainders[row] for row in changed]),
        text_column="text",
    )
    has_letter = rescored["text"].str.contains(r"[^\W\d_]", regex=True).fillna(False)
    kept = np.ones(len(sentences), dtype=bool)
    kept[changed] = False
    out = pd.concat([sentences.iloc[kept], rescored[has_letter.to_numpy(dtype=bool)]])
    return out


def _with_article_columns(
    frame: pd.DataFrame, by: list[str], articles: pd.DataFrame | None
) -> pd.DataFrame:
    missing = [name for name in by if name not in frame.columns]
    if not missing:
        return frame
    if articles is None:
        raise KeyError(f"group column(s) {missing} not in the table; pass articles=")
    from analysis.share import annotate_quotes

    context = annotate_quotes(articles[["article_id"]], articles)
    absent = [name for name in missing if name not in context.columns]
    if absent:
        raise KeyError(f"group column(s) {absent} found neither in the table nor in articles")
    lookup = context.drop_duplicates("article_id").set_index("article_id")
    frame = frame.copy()
    for name in missing:
        frame[name] = lookup_values(frame["article_id"], lookup[name])
    return frame
