"""Sentiment of sentences and quotes with NLTK's VADER, and its aggregates.

Scores come from ``nltk.sentiment.vader.SentimentIntensityAnalyzer`` with the lexicon file
shipped inside the ``vaderSentiment`` package (its folder is added to ``nltk.data.path``;
nothing is downloaded). Before scoring, curly apostrophes are made straight (’ → ') so that
negations such as "don’t" are recognised, double quotation marks are removed (NLTK would
otherwise miss a word written as "word," with its marks) and single quotation marks around
the text are stripped: a quote is scored on its content.

``analysis process`` stores the four scores (compound in [-1, 1]; pos, neu, neg proportions)
on every sentence and quote, so reports aggregate without re-scoring.

Known differences from the ``vaderSentiment`` package's own analyzer (the test suite pins
them): NLTK looks a repeated word's context up at its *first* occurrence, so a text that
uses a sentiment word twice in different contexts ("not good ... good") can score
differently; and NLTK's pos/neu/neg proportions count "!"/"?" emphasis slightly
differently, while the compound score is the same.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

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

_SCORE_KEYS = {"compound": "sentiment_compound", "pos": "sentiment_pos", "neu": "sentiment_neu"}
_SCORE_KEYS["neg"] = "sentiment_neg"
_STRAIGHTEN = str.maketrans(
    {
        "\u2019": "'",  # ’ right single quotation mark / apostrophe
        "\u2018": "'",  # ‘
        "\u201b": "'",  # ‛
        "\u02bc": "'",  # ʼ modifier letter apostrophe
        "\u201c": None,  # “ double quotation marks carry no sentiment and hide the word
        "\u201d": None,  # ”   next to them from NLTK's lexicon look-up: removed
        "\u201e": None,  # „
        "\u00ab": None,  # «
        "\u00bb": None,  # »
        '"': None,
    }
)
_EDGE_MARKS = re.compile(r"^[\s'‹›]+|[\s'‹›]+$")
_GID = "_gid"
_PUNCTUATION = string.punctuation
#: what NLTK's REGEX_REMOVE_PUNCTUATION ([ + escaped string.punctuation + ]) removes
_DROP_PUNCTUATION = str.maketrans("", "", _PUNCTUATION)
_PUNCTUATION_SET = frozenset(_PUNCTUATION)


def normalize_sentiment_text(text: str) -> str:
    """The text VADER scores: straight apostrophes, no quotation marks.

    Curly apostrophes become ``'`` (so "don’t" is a negation); double quotation marks
    (straight, curly, guillemets) are removed wherever they are; single quotation marks and
    whitespace are stripped from both ends (an apostrophe inside the text is kept).

    Examples:
        >>> normalize_sentiment_text("“We don’t accept it,”")
        "We don't accept it,"
    """
    return _EDGE_MARKS.sub("", text.translate(_STRAIGHTEN))


@lru_cache(maxsize=1)
def sentiment_analyzer():
    """NLTK's VADER analyzer with the lexicon from ``vaderSentiment`` (built once).

    The returned analyzer scores exactly like ``nltk.sentiment.vader`` (a test compares
    them); only its tokenisation step is rewritten to run in linear time (NLTK builds a
    dictionary of every word x punctuation pair for each sentence).
    """
    import nltk
    import vaderSentiment
    from nltk.sentiment import vader

    folder = str(Path(vaderSentiment.__file__).resolve().parent)
    if folder not in nltk.data.path:
        nltk.data.path.insert(0, folder)

    class FastSentiText(vader.SentiText):
        def __init__(self, text: str, punc_list: list[str]) -> None:
            self.text = text
            self.PUNC_LIST = punc_list
            self.words_and_emoticons = self._words_and_emoticons()
            self._is_cap_diff: bool | None = None

        @property
        def is_cap_diff(self) -> bool:  # needed only for sentiment-laden words: computed late
            if self._is_cap_diff is None:
                self._is_cap_diff = self.allcap_differential(self.words_and_emoticons)
            return self._is_cap_diff

        def _words_and_emoticons(self) -> list[str]:
            words_only = {
                word for word in self.text.translate(_DROP_PUNCTUATION).split() if len(word) > 1
            }
            punctuation = set(self.PUNC_LIST)
            tokens = [token for token in self.text.split() if len(token) > 1]
            for i, token in enumerate(tokens):
                if token[0] not in _PUNCTUATION_SET and token[-1] not in _PUNCTUATION_SET:
                    continue
                # NLTK maps "p+word" and "word+p" (p in PUNC_LIST, word punctuation-free)
                # to word: p is then exactly the token's leading/trailing punctuation run.
                lead = len(token) - len(token.lstrip(_PUNCTUATION))
                if lead and token[:lead] in punctuation and token[lead:] in words_only:
                    tokens[i] = token[lead:]
                    continue
                trail = len(token) - len(token.rstrip(_PUNCTUATION))
                if trail and token[-trail:] in punctuation and token[:-trail] in words_only:
                    tokens[i] = token[:-trail]
            return tokens

    class FastAnalyzer(vader.SentimentIntensityAnalyzer):
        def polarity_scores(self, text: str) -> dict[str, float]:
            constants = self.constants
            sentitext = FastSentiText(text, constants.PUNC_LIST)
            words = sentitext.words_and_emoticons
            first_index: dict[str, int] | None = None
            sentiments: list[float] = []
            lexicon = self.lexicon
            for item in words:
                lowered = item.lower()
                if lowered not in lexicon:  # NLTK gives such a word valence 0 whatever its context
                    sentiments.append(0)
                    continue
                if first_index is None:  # NLTK scores a repeated word at its first position
                    first_index = {}
                    for idx, token in enumerate(words):
                        first_index.setdefault(token, idx)
                i = first_index[item]
                if (
                    i < len(words) - 1 and lowered == "kind" and words[i + 1].lower() == "of"
                ) or lowered in constants.BOOSTER_DICT:
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words, sentiments)
            return self.score_valence(sentiments, text)

    return FastAnalyzer(lexicon_file="vader_lexicon.txt")


def sentiment_scores(text: str) -> dict[str, float]:
    """VADER scores of one text after :func:`normalize_sentiment_text`.

    Returns:
        ``{"sentiment_compound": ..., "sentiment_pos": ..., "sentiment_neu": ...,
        "sentiment_neg": ...}``.
    """
    scores = sentiment_analyzer().polarity_scores(normalize_sentiment_text(text))
    return {column: float(scores[key]) for key, column in _SCORE_KEYS.items()}


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
    analyzer = sentiment_analyzer()
    table = np.empty((len(uniques) + 1, 4))
    for i, text in enumerate(uniques):
        scores = analyzer.polarity_scores(normalize_sentiment_text(text))
        table[i] = (scores["compound"], scores["pos"], scores["neu"], scores["neg"])
    table[-1] = np.nan  # code -1: null text
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
