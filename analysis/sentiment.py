"""Sentiment of sentences and quotes with NLTK's VADER, and its aggregates.

Scores are those of ``nltk.sentiment.vader.SentimentIntensityAnalyzer`` with the lexicon file
shipped inside the ``vaderSentiment`` package, computed by :mod:`analysis.vader` (same numbers,
several times faster). Before scoring, curly apostrophes are made straight (’ → ') so that
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

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.bootstrap import bootstrap_totals, group_articles, group_rng, percentile_interval
from analysis.schemas import SENTIMENT
from analysis.share import empty_metric, fill_group_keys, filter_quotes, lookup_values
from analysis.vader import (
    normalize_sentiment_text,
    sentiment_analyzer,
    sentiment_rows,
    sentiment_scores,
)

__all__ = [
    "SENTIMENT_SUMMARY",
    "normalize_sentiment_text",
    "quoted_vs_narration",
    "score_sentiment",
    "sentiment_analyzer",
    "sentiment_by",
    "sentiment_by_speaker",
    "sentiment_scores",
]

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

_GID = "_gid"


def score_sentiment(frame: pd.DataFrame, *, text_column: str = "text") -> pd.DataFrame:
    """A copy of ``frame`` with the VADER scores of ``text_column`` added.

    Adds the :data:`analysis.schemas.SENTIMENT` columns (``sentiment_compound`` in [-1, 1],
    ``sentiment_pos/neu/neg`` proportions). Each distinct text is scored once. Null texts get
    NaN scores. Existing sentiment columns are overwritten.

    Args:
        frame: sentences (``text_column="text"``) or quotes (``text_column="quote_content"``,
            the quote's own words, as ``analysis process`` scores them).
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
    rows = sentiment_rows([normalize_sentiment_text(text) for text in uniques.tolist()])
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
    cue_kinds: Sequence[str] | None = None,
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
        cue_kinds: keep only quotes whose cues report these (e.g. ``["speech"]``); None =
            all. Both filters are :func:`analysis.share.filter_quotes`'s.
        narration: ``"sentences"`` (whole sentences free of quotes) or ``"remainder"``
            (every sentence, minus its quoted parts).
        ci: compute bootstrap intervals (articles resampled).
        n_boot: number of bootstrap resamples.
        seed: random seed.

    Returns:
        Columns: group columns, ``text_kind`` (``"quote"`` / ``"narration"``), then
        :data:`SENTIMENT_SUMMARY`. The ``quote`` rows are :func:`sentiment_by` of the quotes
        with the same ``by``, ``n_boot`` and ``seed``, intervals included: each kind is
        resampled with the random stream of its group (see
        :func:`analysis.bootstrap.group_rng`).
    """
    by = [by] if isinstance(by, str) else list(by)
    if not all(name in sentences.columns for name in SENTIMENT):
        sentences = score_sentiment(sentences, text_column="text")
    if not all(name in quotes.columns for name in SENTIMENT):
        quotes = score_sentiment(quotes, text_column=_quote_column(quotes))
    # Narration is what no quote of any type covers; the type filter applies to quotes only.
    if narration == "sentences":
        narration_texts = _narration_sentences(sentences, quotes)
    elif narration == "remainder":
        narration_texts = _narration_remainders(sentences, quotes)
    else:
        raise ValueError(f"narration must be 'sentences' or 'remainder', not {narration!r}")
    quotes = filter_quotes(quotes, quote_types=quote_types, cue_kinds=cue_kinds)
    columns = ["article_id", *SENTIMENT]
    tables = []
    for order, (kind, part) in enumerate((("quote", quotes), ("narration", narration_texts))):
        part = _with_article_columns(part, by, articles)
        # Each kind on its own, grouped by ``by`` only: a group's resamples are those of
        # sentiment_by(quotes, by=by), so its quote row there and here is the same.
        table = sentiment_by(part[[*by, *columns]], by=by, ci=ci, n_boot=n_boot, seed=seed)
        tables.append(table.assign(text_kind=kind, _order=order))
    table = pd.concat([t for t in tables if len(t)] or tables[:1], ignore_index=True)
    table["text_kind"] = table["text_kind"].astype("string")
    table = table.sort_values([*by, "_order"], kind="stable")
    return table[[*by, "text_kind", *SENTIMENT_SUMMARY]].reset_index(drop=True)


def sentiment_by_speaker(
    quotes: pd.DataFrame,
    *,
    min_quotes: int = 1,
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean sentiment per named speaker: :func:`sentiment_by` on the resolved quotes.

    Quotes without a resolved speaker (no ``speaker_id``, or no ``speaker_name`` when the
    table has no ids: anonymous sources, groups, speakers not found) are left out, so no
    ``"unknown"`` row lumps them together; so are speakers with fewer than ``min_quotes``
    scored quotes.

    Returns:
        Columns: ``speaker_name``, then :data:`SENTIMENT_SUMMARY`; sorted by name.
    """
    key = "speaker_id" if "speaker_id" in quotes.columns else "speaker_name"
    named = quotes[quotes[key].notna() & quotes["speaker_name"].notna()]
    table = sentiment_by(named, by="speaker_name", ci=ci, n_boot=n_boot, seed=seed)
    return table[table["n_texts"] >= min_quotes].reset_index(drop=True)


def _quote_column(quotes: pd.DataFrame) -> str:
    """The quotes' text to score: their own words (``quote_content``) when present."""
    return "quote_content" if "quote_content" in quotes.columns else "quote_text"


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
