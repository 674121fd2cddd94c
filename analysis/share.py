"""Speaker share: who gets quoted, how much, within each group of articles.

All tables here are long and tidy: group columns first (whatever ``by`` names, e.g.
``source``, ``month``, ``article_id``), then the speaker or attribute, then counts, shares and
95% confidence intervals.

Confidence intervals come from a cluster bootstrap: the articles of a group are resampled
with replacement ``n_boot`` times (quotes travel with their article, because quotes of one
article are not independent), the share is recomputed on each resample, and the 2.5% and
97.5% percentiles are reported. The interval is widened to include the point estimate when a
very skewed bootstrap distribution would leave it outside. A group with a single article has
no article-level variation to resample, so its intervals are NaN (not estimable) rather than
a misleading zero-width interval. Same data + same ``seed`` gives the same intervals, whatever
the row order and whatever other groups are in the table (each group's random stream comes
from the seed and the group's key, see :func:`analysis.bootstrap.group_rng`).

Example::

    quotes = annotate_quotes(quotes, articles, speakers)
    direct = filter_quotes(quotes, quote_types=["direct"], date_from="2025-01-01")
    speaker_share(direct, by=["source"], min_quotes=3)
    gender_gap(direct, by=["source"])  # share of women among the people quoted
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.bootstrap import bootstrap_totals, group_articles, group_rng, percentile_interval

QUOTE_TYPES = ("direct", "mixed", "indirect")
CUE_KINDS = ("speech", "thought", "evidence")  # what a quote's cue reports (``cue_kind``)
UNKNOWN = "unknown"
UNKNOWN_SPEAKER = "unknown speaker"  # category of quotes whose speaker is unresolved
ORGANIZATION = "organization"  # gender category of organisations (they have no gender)

#: speaker_share output columns after the group columns.
SPEAKER_SHARE = {
    "speaker_id": "string",
    "speaker_name": "string",
    "n_quotes": "int64",
    "n_words": "int64",
    "quote_share": "float64",
    "word_share": "float64",
    "n_articles": "int64",
    "quote_share_low": "float64",
    "quote_share_high": "float64",
    "word_share_low": "float64",
    "word_share_high": "float64",
}

#: share_by output columns after the group columns and the attribute column.
SHARE_BY = {
    "n_quotes": "int64",
    "n_words": "int64",
    "quote_share": "float64",
    "word_share": "float64",
    "n_articles": "int64",
    "n_speakers": "int64",
    "quote_share_low": "float64",
    "quote_share_high": "float64",
    "word_share_low": "float64",
    "word_share_high": "float64",
}

#: unique_sources output columns after the group columns and the attribute column.
UNIQUE_SOURCES = {
    "n_articles": "int64",
    "n_sources": "int64",
    "sources_per_article": "float64",
    "source_share": "float64",
    "source_share_low": "float64",
    "source_share_high": "float64",
}

#: gender_gap output columns after the group columns.
GENDER_GAP = {
    "n_female": "int64",
    "n_male": "int64",
    "n_unknown_gender": "int64",
    "n_organization": "int64",
    "n_unknown_speaker": "int64",
    "female_share": "float64",
    "female_share_low": "float64",
    "female_share_high": "float64",
    "male_share": "float64",
}
_GENDER_COUNTS = {  # gender_gap count column -> gender category
    "n_female": "female",
    "n_male": "male",
    "n_unknown_gender": UNKNOWN,
    "n_organization": ORGANIZATION,
    "n_unknown_speaker": UNKNOWN_SPEAKER,
}

#: The categories share_by and unique_sources list for an attribute in every table, zero
#: rows included, so that tables of two selections or corpora have the same rows.
CATEGORIES = {
    "gender": ("female", "male", UNKNOWN, ORGANIZATION, UNKNOWN_SPEAKER),
    "speaker_type": ("person", ORGANIZATION, UNKNOWN, UNKNOWN_SPEAKER),
}

_CONTEXT_COLUMNS = ("source", "published_at")
_SPEAKER_COLUMNS = ("gender", "speaker_type")
_KEY = "_key"  # internal category key (never null)
_GID = "_gid"  # internal group number


# ---------------------------------------------------------------------------
# annotation and filters


def annotate_quotes(
    quotes: pd.DataFrame,
    articles: pd.DataFrame | None,
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Quotes with their article context and speaker attributes, ready for the metrics.

    Adds ``source``, ``published_at`` (from ``articles``), ``month`` (``"YYYY-MM"`` of
    ``published_at``, null when the date is unknown), and ``gender`` and ``speaker_type``
    (from ``speakers``; ``"unknown"`` for unresolved speakers or speakers missing from the
    table). The speaker attributes a non-empty speakers table has always come from it,
    replacing those ``quotes`` already has (its stored ``speaker_type`` too, so a table
    edited in a notebook decides); other columns already present in ``quotes`` are kept as they are,
    so annotating twice is harmless. The input is not modified; rows keep their order and
    index.

    Args:
        quotes: the quotes table (QUOTES columns).
        articles: the articles table, or None when ``quotes`` already has the context.
        speakers: the speakers table, or None: attributes are then the quotes' own
            ``gender`` and ``speaker_type`` columns (``speaker_gender`` for ``gender``, as
            `analysis process` stores it) when present, else ``"unknown"``.

    Returns:
        A new frame: the quotes columns plus the annotation columns.

    Raises:
        KeyError: context is needed but ``articles`` lacks ``article_id`` or a column.
    """
    out = quotes.copy()
    missing_context = [name for name in _CONTEXT_COLUMNS if name not in out.columns]
    if missing_context:
        if articles is None:
            for name in missing_context:
                out[name] = _null_column(name, len(out), out.index)
        else:
            lookup = articles.drop_duplicates("article_id").set_index("article_id")
            for name in missing_context:
                out[name] = lookup_values(out["article_id"], lookup[name])
    out["published_at"] = pd.to_datetime(out["published_at"], utc=True)
    if "month" not in out.columns:
        out["month"] = _month_of(out["published_at"])
    from_table = []
    if speakers is not None and len(speakers):
        lookup = speakers.drop_duplicates("speaker_id").set_index("speaker_id")
        from_table = [name for name in _SPEAKER_COLUMNS if name in lookup.columns]
        for name in from_table:
            out[name] = lookup_values(out["speaker_id"], lookup[name]).astype("string")
    for name in [n for n in _SPEAKER_COLUMNS if n not in from_table and n not in out.columns]:
        copied = f"speaker_{name}"  # e.g. speaker_gender, as `analysis process` stores it
        out[name] = (
            out[copied].astype("string")
            if copied in out.columns
            else pd.Series(pd.NA, index=out.index, dtype="string")
        )
    for name in _SPEAKER_COLUMNS:
        column = out[name].astype("string")
        unresolved = out["speaker_id"].isna() if "speaker_id" in out.columns else False
        out[name] = column.mask(unresolved | column.isna(), UNKNOWN)
    return out


def filter_quotes(
    quotes: pd.DataFrame,
    *,
    date_from: str | pd.Timestamp | None = None,
    date_to: str | pd.Timestamp | None = None,
    sources: str | Iterable[str] | None = None,
    quote_types: str | Iterable[str] | None = None,
    speakers: str | Iterable[str] | None = None,
    cue_kinds: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The annotated quotes that pass every given filter (None = no filter).

    Args:
        quotes: annotated quotes (see :func:`annotate_quotes`).
        date_from: first day (inclusive), e.g. ``"2025-01-01"``; naive times are UTC.
        date_to: last day (inclusive: a date without a time keeps the whole day).
            With a date filter, quotes of articles without a date are dropped.
        sources: source name(s) to keep.
        quote_types: quote type(s) to keep, e.g. ``["direct"]`` for direct-only.
        speakers: speaker names or ids to keep; ``"unknown"`` keeps unresolved quotes.
        cue_kinds: what the quotes' cues report, e.g. ``["speech"]`` to leave out
            beliefs, plans and what polls found ("thought", "evidence"). Quotes with no
            kind (no cue, or a colon or dash: a quotation continued in the next
            paragraph, a transcript turn) count as speech.

    Returns:
        A new frame with the kept rows (index preserved).
    """
    start = None if date_from is None else _utc(date_from, "date_from")
    end = None if date_to is None else _utc(date_to, "date_to")
    if start is not None and end is not None and start > end:
        raise ValueError(f"date_from {date_from} is after date_to {date_to}")
    if quote_types is not None:
        unknown = sorted(set(_as_list(quote_types)) - set(QUOTE_TYPES))
        if unknown:
            raise ValueError(f"unknown quote types {unknown}; expected some of {list(QUOTE_TYPES)}")
    if cue_kinds is not None:
        unknown = sorted(set(_as_list(cue_kinds)) - set(CUE_KINDS))
        if unknown:
            raise ValueError(f"unknown cue kinds {unknown}; expected some of {list(CUE_KINDS)}")
    keep = pd.Series(True, index=quotes.index)
    if date_from is not None or date_to is not None:
        published = pd.to_datetime(quotes["published_at"], utc=True)
        keep &= published.notna()
        if start is not None:
            keep &= published >= start
        if end is not None:
            if end == end.normalize():
                keep &= published < end + pd.Timedelta(days=1)
            else:
                keep &= published <= end
    if sources is not None:
        keep &= quotes["source"].isin(_as_list(sources)).fillna(False)
    if quote_types is not None:
        keep &= quotes["quote_type"].isin(_as_list(quote_types)).fillna(False)
    if cue_kinds is not None:
        if "cue_kind" not in quotes.columns:
            raise ValueError("the quotes have no cue_kind column: run analysis process again")
        kinds = quotes["cue_kind"].fillna("speech")
        keep &= kinds.isin(_as_list(cue_kinds))
    if speakers is not None:
        wanted = _as_list(speakers)
        hit = quotes["speaker_name"].isin(wanted).fillna(False)
        hit |= quotes["speaker_id"].isin(wanted).fillna(False)
        if UNKNOWN in wanted:
            hit |= quotes["speaker_id"].isna()
        keep &= hit
    return quotes.loc[keep.astype(bool)].copy()


# ---------------------------------------------------------------------------
# metrics


def speaker_share(
    quotes: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    weight: str = "quotes",
    min_quotes: int = 0,
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of quotes and of quoted words per speaker within each group.

    Grain: one row per (group..., speaker). Unresolved quotes (null ``speaker_id``) form one
    row per group with ``speaker_id`` null and ``speaker_name`` ``"unknown"``; they are never
    dropped and count in every denominator.

    Args:
        quotes: quotes, annotated when grouping by ``source``/``month`` (needs
            ``article_id, speaker_id, speaker_name, n_words``).
        by: group column(s); ``()`` = the whole table is one group.
        weight: ``"quotes"`` or ``"words"``: which share orders the rows.
        min_quotes: drop speakers with fewer quotes *after* the shares are computed, so the
            shares of the rows shown may sum to less than 1 (the rest is small speakers).
            The unknown row is always kept.
        ci: compute 95% bootstrap intervals over articles (else the CI columns are NaN).
        n_boot: number of bootstrap resamples.
        seed: random seed of the resampling.

    Returns:
        Columns: group columns, then :data:`SPEAKER_SHARE`. Sorted by group, then the
        ``weight`` share (descending), then name.

    Raises:
        ValueError: unknown ``weight``.
        KeyError: a ``by`` column is missing.
    """
    by = _as_by(by, quotes)
    primary = _primary_share(weight)
    columns = by + list(SPEAKER_SHARE)
    if quotes.empty:
        return empty_metric(quotes, by, SPEAKER_SHARE)
    frame = _prepared(quotes, by)
    frame[_KEY] = frame["speaker_id"].astype("string").fillna("")
    table = _share_table(frame, by, extra={"speaker_name": ("speaker_name", "first")})
    table = _with_intervals(table, frame, by, ci=ci, n_boot=n_boot, seed=seed)
    is_unknown = table[_KEY] == ""
    table["speaker_id"] = table[_KEY].astype("string").mask(is_unknown)
    name = table["speaker_name"].astype("string")
    table["speaker_name"] = name.fillna(table["speaker_id"]).mask(is_unknown, UNKNOWN)
    table = table[(table["n_quotes"] >= min_quotes) | is_unknown]
    table = table.sort_values(
        [_GID, primary, "speaker_name"], ascending=[True, False, True], kind="stable"
    )
    return _finish(table[columns], SPEAKER_SHARE)


def share_by(
    quotes: pd.DataFrame,
    *,
    attribute: str = "gender",
    by: str | Sequence[str] = (),
    weight: str = "quotes",
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of quotes and words by a speaker attribute (gender, speaker_type) per group.

    Every quote counts, in one category: the speaker's attribute value, ``"unknown"`` for a
    resolved speaker without a value, ``"unknown speaker"`` for an unresolved speaker and,
    by gender, ``"organization"`` for organisations (see :func:`speaker_categories`). Every
    group lists every category of :data:`CATEGORIES` (for gender: female, male, unknown,
    organization, unknown speaker), zero rows included, plus any other value seen in the
    input, so that groups line up in plots, tables of two corpora have the same rows, and
    the shares of a group add up to 1.

    Args:
        quotes: annotated quotes (see :func:`annotate_quotes`).
        attribute: the speaker column to break down by, e.g. ``"gender"``, ``"speaker_type"``.
        by: group column(s).
        weight: ``"quotes"`` or ``"words"``: which share orders the rows.
        ci: compute 95% bootstrap intervals over articles.
        n_boot: number of bootstrap resamples.
        seed: random seed.

    Returns:
        Columns: group columns, ``attribute``, then :data:`SHARE_BY`.
    """
    by = _as_by(by, quotes)
    primary = _primary_share(weight)
    if attribute in by:
        raise ValueError(f"attribute {attribute!r} is also a group column")
    columns = by + [attribute] + list(SHARE_BY)
    if quotes.empty:
        empty = empty_metric(quotes, by, {attribute: "string", **SHARE_BY})
        if by or attribute not in CATEGORIES:
            return empty  # no group to list the categories of
        # the whole (empty) selection: every category, no quotes, no share
        rows = {attribute: list(CATEGORIES[attribute])}
        rows.update({name: 0 for name in SHARE_BY if name.startswith("n_")})
        return _finish(
            pd.DataFrame(rows).reindex(columns=columns), {attribute: "string", **SHARE_BY}
        )
    frame = _prepared(quotes, by)
    frame[_KEY] = speaker_categories(frame, attribute)
    frame["_speaker"] = frame["speaker_id"].astype("string")
    table = _share_table(frame, by, extra={"n_speakers": ("_speaker", "nunique")})
    table = _complete_categories(table, by, attribute)
    table = _with_intervals(table, frame, by, ci=ci, n_boot=n_boot, seed=seed)
    table[attribute] = table[_KEY].astype("string")
    table = table.sort_values(
        [_GID, primary, attribute], ascending=[True, False, True], kind="stable"
    )
    return _finish(table[columns], {attribute: "string", **SHARE_BY})


def unique_sources(
    quotes: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    attribute: str = "gender",
    articles: pd.DataFrame | None = None,
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Unique sources per article: speakers quoted at least once per article, by attribute.

    A *source* is a (article, speaker) pair: a speaker (person or organisation) quoted five
    times in one article counts once. All unresolved quotes of one article count as one
    ``"unknown speaker"`` source (they cannot be told apart). Categories as in
    :func:`share_by`: by gender, organisations are ``"organization"`` and people of unknown
    gender ``"unknown"``. For the share of women among the people quoted, see
    :func:`gender_gap`.

    Args:
        quotes: annotated quotes (see :func:`annotate_quotes`).
        by: group column(s).
        attribute: speaker attribute to break the sources down by.
        articles: optional articles table; when given, articles without any quote count in
            ``n_articles`` (the ``by`` columns must exist in it, ``month`` is derived).
        ci: compute 95% bootstrap intervals of ``source_share`` over articles.
        n_boot: number of bootstrap resamples.
        seed: random seed.

    Returns:
        Columns: group columns, ``attribute``, then :data:`UNIQUE_SOURCES`. Per group,
        ``n_articles`` is the number of articles, ``n_sources`` the sources of this category,
        ``sources_per_article = n_sources / n_articles`` (summing over the categories gives
        the mean number of sources per article) and ``source_share`` the share of the
        group's sources.
    """
    by = _as_by(by, quotes)
    schema = {attribute: "string", **UNIQUE_SOURCES}
    columns = by + list(schema)
    if quotes.empty:
        return empty_metric(quotes, by, schema)
    frame = _prepared(quotes, by)
    frame[_KEY] = speaker_categories(frame, attribute)
    frame = _one_row_per_source(frame)
    frame["n_words"] = 0  # only the number of sources matters here
    table = _share_table(frame, by, extra={})
    table = _complete_categories(table, by, attribute)
    table = _with_intervals(table, frame, by, ci=ci, n_boot=n_boot, seed=seed)
    table = table.rename(
        columns={
            "n_quotes": "n_sources",
            "quote_share": "source_share",
            "quote_share_low": "source_share_low",
            "quote_share_high": "source_share_high",
        }
    )
    n_articles = frame.groupby(_GID)["article_id"].nunique()
    if articles is not None:
        extra_articles = annotate_quotes(articles[["article_id"]].copy(), articles)
        extra_articles = _prepared(extra_articles, by, require=("article_id",))
        known = frame[by + [_GID]].drop_duplicates(by)
        extra_articles = extra_articles.drop(columns=_GID).merge(known, on=by, how="inner")
        all_articles = pd.concat(
            [frame[[_GID, "article_id"]], extra_articles[[_GID, "article_id"]]]
        )
        n_articles = all_articles.groupby(_GID)["article_id"].nunique()
    table["n_articles"] = table[_GID].map(n_articles).astype("int64")
    table["sources_per_article"] = table["n_sources"] / table["n_articles"]
    table[attribute] = table[_KEY].astype("string")
    table = table.sort_values([_GID, "n_sources", attribute], ascending=[True, False, True])
    return _finish(table[columns], schema)


def gender_gap(
    quotes: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    unit: str = "sources",
    ci: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of women among the people quoted whose gender is known, per group.

    The Gender Gap Tracker's measure: ``female_share = n_female / (n_female + n_male)`` and
    ``male_share = 1 - female_share`` (NaN when no person of known gender is quoted). What
    it leaves out is counted beside it: people of unknown gender, organisations, and
    unresolved speakers.

    Args:
        quotes: annotated quotes (see :func:`annotate_quotes`; needs ``gender`` and, to tell
            organisations apart, ``speaker_type``).
        by: group column(s).
        unit: ``"sources"`` counts a speaker once per article (all unresolved quotes of an
            article as one, see :func:`unique_sources`); ``"quotes"`` counts quotes.
        ci: compute the 95% bootstrap interval of ``female_share`` over articles.
        n_boot: number of bootstrap resamples.
        seed: random seed.

    Returns:
        One row per group: group columns, then :data:`GENDER_GAP`.
    """
    by = _as_by(by, quotes)
    if unit not in ("sources", "quotes"):
        raise ValueError(f"unit must be 'sources' or 'quotes', not {unit!r}")
    if quotes.empty:
        return empty_metric(quotes, by, GENDER_GAP)
    frame = _prepared(quotes, by)
    frame[_KEY] = speaker_categories(frame, "gender")
    if unit == "sources":
        frame = _one_row_per_source(frame)
    frame["n_words"] = 0  # only counts matter here
    counts = pd.crosstab(frame[_GID], frame[_KEY])
    table = frame.drop_duplicates(_GID).set_index(_GID).sort_index()[by]
    for column, category in _GENDER_COUNTS.items():
        table[column] = counts.get(category, 0)
    with np.errstate(all="ignore"):
        known = table["n_female"] + table["n_male"]
        table["female_share"] = (table["n_female"] / known).where(known > 0)
    table["male_share"] = 1 - table["female_share"]
    low, high = _female_share_interval(table, frame, by, ci=ci, n_boot=n_boot, seed=seed)
    table["female_share_low"], table["female_share_high"] = low, high
    return _finish(table[by + list(GENDER_GAP)], GENDER_GAP)


def speaker_categories(quotes: pd.DataFrame, attribute: str) -> pd.Series:
    """Each quote's category for the ``attribute`` tables (share_by, unique_sources).

    The speaker's value of ``attribute``; ``"unknown"`` when the speaker has none;
    ``"unknown speaker"`` when the quote's speaker is unresolved; and for ``"gender"``,
    ``"organization"`` when the speaker is an organisation (``speaker_type``).
    """
    if attribute not in quotes.columns:
        raise KeyError(f"quotes lack column {attribute!r}; use annotate_quotes(..., speakers)")
    values = quotes[attribute].astype("string").fillna(UNKNOWN)
    if attribute == "gender" and "speaker_type" in quotes.columns:
        is_organization = quotes["speaker_type"].astype("string").eq(ORGANIZATION)
        values = values.mask(is_organization.fillna(False).astype(bool), ORGANIZATION)
    return values.mask(quotes["speaker_id"].isna(), UNKNOWN_SPEAKER)


# ---------------------------------------------------------------------------
# helpers


def _one_row_per_source(frame: pd.DataFrame) -> pd.DataFrame:
    """The first quote of each (article, speaker); an article's unresolved quotes are one."""
    speaker = frame["speaker_id"].astype("string").fillna("")
    return frame.assign(_speaker=speaker).drop_duplicates(["article_id", "_speaker"])


def _female_share_interval(
    table: pd.DataFrame, frame: pd.DataFrame, by: list[str], *, ci: bool, n_boot: int, seed: int
) -> tuple[pd.Series, pd.Series]:
    """95% interval of each group's female share among people of known gender."""
    people = frame[frame[_KEY].isin(["female", "male"])]
    if people.empty:
        missing = pd.Series(np.nan, index=table.index)
        return missing, missing
    groups = table.index[table["female_share"].notna()]
    pairs = pd.DataFrame({_GID: np.repeat(groups, 2), _KEY: ["female", "male"] * len(groups)})
    female = pairs[_KEY] == "female"
    share = pairs[_GID].map(table["female_share"])
    pairs["quote_share"] = share.where(female, 1 - share)
    pairs["word_share"] = np.nan
    pairs = _with_intervals(pairs, people, by, ci=ci, n_boot=n_boot, seed=seed)
    female_rows = pairs[female].set_index(_GID)
    return (
        female_rows["quote_share_low"].reindex(table.index),
        female_rows["quote_share_high"].reindex(table.index),
    )


def _share_table(frame: pd.DataFrame, by: list[str], *, extra: dict) -> pd.DataFrame:
    keys = [_GID, *by, _KEY]
    table = frame.groupby(keys, sort=True, dropna=False, observed=True).agg(
        n_quotes=("article_id", "size"),
        n_words=("n_words", "sum"),
        n_articles=("article_id", "nunique"),
        **extra,
    )
    table = table.reset_index()
    totals = table.groupby(_GID)[["n_quotes", "n_words"]].transform("sum")
    table["quote_share"] = table["n_quotes"] / totals["n_quotes"]
    with np.errstate(all="ignore"):
        words = totals["n_words"].astype("float64")
        table["word_share"] = (table["n_words"] / words).where(words > 0)
    return table


def _complete_categories(table: pd.DataFrame, by: list[str], attribute: str) -> pd.DataFrame:
    """Add zero rows so every group lists every category: those of the attribute in
    :data:`CATEGORIES` and any other seen in the table."""
    groups = table[[_GID, *by]].drop_duplicates(_GID)
    categories = pd.DataFrame({_KEY: sorted({*CATEGORIES.get(attribute, ()), *table[_KEY]})})
    full = groups.merge(categories, how="cross")
    table = full.merge(table.drop(columns=by), on=[_GID, _KEY], how="left")
    fill = {
        name: 0
        for name in ("n_quotes", "n_words", "n_articles", "n_speakers", "quote_share")
        if name in table.columns
    }
    table = table.fillna(fill)
    has_words = table.groupby(_GID)["n_words"].transform("sum") > 0
    table["word_share"] = table["word_share"].fillna(0.0).where(has_words)
    return table


def _with_intervals(
    table: pd.DataFrame, frame: pd.DataFrame, by: list[str], *, ci: bool, n_boot: int, seed: int
) -> pd.DataFrame:
    """Add quote/word share intervals by resampling articles within each group."""
    table = table.copy()
    for name in ("quote_share_low", "quote_share_high", "word_share_low", "word_share_high"):
        table[name] = np.nan
    if not ci or n_boot < 1:
        return table
    row_of = {key: pos for pos, key in enumerate(zip(table[_GID], table[_KEY], strict=True))}
    low_q = table["quote_share_low"].to_numpy(copy=True)
    high_q, low_w, high_w = low_q.copy(), low_q.copy(), low_q.copy()
    est_q = table["quote_share"].to_numpy(dtype="float64")
    est_w = table["word_share"].to_numpy(dtype="float64")
    articles = frame["article_id"].to_numpy()
    keys = frame[_KEY].to_numpy()
    words = frame["n_words"].to_numpy(dtype="float64")
    categories_of = table.groupby(_GID)[_KEY].agg(lambda keys: sorted(set(keys)))
    group_keys = frame[by].astype("string").to_numpy() if by else None
    for group, positions in group_articles(frame):
        article_codes, article_values = pd.factorize(articles[positions], sort=True)
        cats = pd.Index(categories_of.loc[group])
        category_codes = cats.get_indexer(keys[positions])
        values = np.column_stack([np.ones(len(positions)), words[positions]])
        totals = bootstrap_totals(
            article_codes,
            category_codes,
            values,
            n_articles=len(article_values),
            n_categories=len(cats),
            n_boot=n_boot,
            rng=group_rng(seed, group_keys[positions[0]] if by else ()),
        )
        with np.errstate(all="ignore"):
            shares = totals / totals.sum(axis=2, keepdims=True)
        rows = np.array([row_of[(group, cat)] for cat in cats])
        low, high = percentile_interval(shares[0], est_q[rows])
        low_q[rows], high_q[rows] = low, high
        if np.isfinite(est_w[rows]).any():
            low, high = percentile_interval(shares[1], est_w[rows])
            low_w[rows], high_w[rows] = low, high
    table["quote_share_low"], table["quote_share_high"] = low_q, high_q
    table["word_share_low"], table["word_share_high"] = low_w, high_w
    return table


def _prepared(
    quotes: pd.DataFrame, by: list[str], *, require: Sequence[str] = ("article_id", "speaker_id")
) -> pd.DataFrame:
    """Working copy: string group keys with nulls as "unknown", a group number, n_words."""
    missing = [name for name in [*require, *by] if name not in quotes.columns]
    if missing:
        raise KeyError(f"quotes lack column(s) {missing}; annotate_quotes adds source/month")
    frame = quotes.copy()
    frame = fill_group_keys(frame, by)
    if "article_id" in frame.columns:
        # a quote without an article id still counts (as one article of its own)
        frame["article_id"] = frame["article_id"].astype("string").fillna("")
    if "n_words" not in frame.columns and "quote_text" in frame.columns:
        frame["n_words"] = frame["quote_text"].fillna("").str.split().str.len()
    if "n_words" in frame.columns:
        frame["n_words"] = frame["n_words"].fillna(0).astype("int64")
    if by:
        frame[_GID] = frame.groupby(by, sort=True, dropna=False, observed=True).ngroup()
    else:
        frame[_GID] = 0
    return frame


def _finish(table: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    table = table.reset_index(drop=True)
    for name, dtype in schema.items():
        table[name] = table[name].astype(dtype)
    return table


def lookup_values(keys: pd.Series, values: pd.Series) -> pd.Series:
    """``values`` (indexed by unique keys) looked up for each of ``keys``; missing -> null.

    Like ``keys.map(values)``, keeping ``values``' dtype, also for empty inputs.
    """
    looked_up = values.reindex(pd.Index(keys))
    return pd.Series(looked_up.array, index=keys.index, dtype=values.dtype)


def fill_group_keys(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``frame`` with text group columns as ``string`` and their nulls as ``"unknown"``."""
    for name in by:
        if _is_text(frame[name]):
            frame = frame.assign(**{name: frame[name].astype("string").fillna(UNKNOWN)})
    return frame


def empty_metric(frame: pd.DataFrame, by: Sequence[str], schema: dict[str, str]) -> pd.DataFrame:
    """A zero-row metric table: the group columns (dtype from ``frame``), then ``schema``."""
    columns = {}
    for name in by:
        text = name not in frame.columns or _is_text(frame[name])
        columns[name] = pd.Series(dtype="string" if text else frame[name].dtype)
    columns.update({name: pd.Series(dtype=dtype) for name, dtype in schema.items()})
    return pd.DataFrame(columns)


def _is_text(column: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype)


def _as_by(by: str | Sequence[str], quotes: pd.DataFrame) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    missing = [name for name in by if name not in quotes.columns]
    if missing:
        raise KeyError(
            f"group column(s) {missing} not in the table; annotate_quotes adds source and month"
        )
    return by


def _primary_share(weight: str) -> str:
    if weight not in ("quotes", "words"):
        raise ValueError(f"weight must be 'quotes' or 'words', not {weight!r}")
    return "quote_share" if weight == "quotes" else "word_share"


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _utc(value: str | pd.Timestamp, name: str) -> pd.Timestamp:
    """``value`` as a UTC time; a ValueError naming the parameter ``name`` if it is none."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} {value!r} is not a date (YYYY-MM-DD): {error}") from None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _month_of(published: pd.Series) -> pd.Series:
    month = published.dt.strftime("%Y-%m").astype("string")
    return month.mask(published.isna())


def _null_column(name: str, length: int, index: pd.Index) -> pd.Series:
    dtype = "datetime64[ns, UTC]" if name == "published_at" else "string"
    return pd.Series(pd.NA if dtype == "string" else pd.NaT, index=index, dtype=dtype)
