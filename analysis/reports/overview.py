"""Corpus overview tables: articles per month, quotes per article, how speakers were found,
errors; each a plain DataFrame (group columns first)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.reports.data import ReportData, _by_list, _with_month


def corpus_summary(data: ReportData) -> pd.DataFrame:
    """One row describing the (filtered) corpus: counts and the date range.

    Columns: ``n_sources, n_articles, n_undated_articles, first_published_at,
    last_published_at, n_sentences, n_quotes, n_speakers, n_errors``. ``n_speakers`` counts
    the distinct resolved speakers quoted; ``n_errors`` is the whole corpus's.
    """
    published = pd.to_datetime(data.articles["published_at"], utc=True)
    return pd.DataFrame(
        {
            "n_sources": [data.articles["source"].nunique()],
            "n_articles": [len(data.articles)],
            "n_undated_articles": [int(published.isna().sum())],
            "first_published_at": [published.min()],
            "last_published_at": [published.max()],
            "n_sentences": [len(data.sentences)],
            "n_quotes": [len(data.quotes)],
            "n_speakers": [data.quotes["speaker_id"].nunique()],
            "n_errors": [len(data.errors)],
        }
    )


def articles_per_month(
    articles: pd.DataFrame, *, by: str | Sequence[str] | None = "source"
) -> pd.DataFrame:
    """Number of articles per group and month: ``(by..., month, n_articles)``.

    Undated articles are counted under month ``"undated"``; every group lists every month
    seen in the table (zero included), so the table plots as regular bars.
    """
    by = [k for k in _by_list(by) if k != "month"]  # grouped by month already
    frame = _with_month(articles)
    frame = frame.assign(
        month=frame["month"].fillna("undated"),
        **{k: frame[k].astype("string").fillna("unknown") for k in by},
    )
    keys = [*by, "month"]
    if frame.empty:
        return pd.DataFrame(
            {**{k: pd.Series(dtype="string") for k in keys}, "n_articles": pd.Series(dtype="int64")}
        )
    counts = frame.groupby(keys).size().rename("n_articles")
    if by:
        levels = [sorted(frame[k].unique()) for k in keys]
        counts = counts.reindex(pd.MultiIndex.from_product(levels, names=keys), fill_value=0)
    return counts.reset_index().sort_values(keys, kind="stable").reset_index(drop=True)


def months_by_group(
    monthly: pd.DataFrame, *, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """:func:`articles_per_month` as a wide table to read: one row per month, one column per
    group (groups of several columns joined by " / "), and a ``total`` column.
    """
    by = _by_list(by)
    groups = monthly[by].astype("string").agg(" / ".join, axis=1) if by else "articles"
    wide = monthly.assign(_group=groups).pivot_table(
        index="month", columns="_group", values="n_articles", aggfunc="sum", fill_value=0
    )
    wide.columns.name = " / ".join(by) or None
    if by:
        wide["total"] = wide.sum(axis=1)
    return wide.astype("int64")


def plot_articles_per_month(
    monthly: pd.DataFrame, *, by: str | Sequence[str] | None = None, ax: Any = None
) -> Any:
    """Stacked bars of :func:`articles_per_month`: articles per month, one colour per group.

    Drawn in the look of :mod:`analysis.plots` (its ``STYLE`` and palette).

    Returns:
        The matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    from analysis.plots import PALETTE, STYLE

    by = _by_list(by)
    groups = monthly[by].astype("string").agg(" / ".join, axis=1) if by else "all"
    wide = monthly.assign(_group=groups).pivot_table(
        index="month", columns="_group", values="n_articles", aggfunc="sum", fill_value=0
    )
    with plt.rc_context({**STYLE, "axes.grid.axis": "y"}):
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6.0, 0.5 * len(wide) + 3), 4), layout="constrained")
        bottom = pd.Series(0, index=wide.index)
        for position, group in enumerate(wide.columns):
            color = PALETTE[position % len(PALETTE)]
            ax.bar(
                wide.index.astype(str), wide[group], bottom=bottom, label=str(group), color=color
            )
            bottom = bottom + wide[group]
        ax.set_xlabel("month of publication (UTC)")
        ax.set_ylabel("articles")
        ax.set_title(f"Articles per month (n = {int(monthly['n_articles'].sum())} articles)")
        ax.tick_params(axis="x", labelrotation=45)
        if by:
            ax.legend(title=" / ".join(by), loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def quotes_per_article(
    articles: pd.DataFrame, quotes: pd.DataFrame, *, by: str | Sequence[str] | None = "source"
) -> pd.DataFrame:
    """Quotes per article per group, with the quote types and the unknown-speaker share.

    Columns: group columns, ``n_articles, n_articles_with_quotes, n_quotes, n_direct,
    n_mixed, n_indirect, quotes_per_article, median_quotes_per_article, n_unknown_speaker,
    unknown_speaker_share`` (quotes without a resolved speaker / all quotes). Articles
    without quotes count as zero.
    """
    by = _by_list(by)
    per_article = quotes.groupby("article_id").agg(
        n_quotes=("quote_id", "size"),
        n_direct=("quote_type", lambda s: int((s == "direct").sum())),
        n_mixed=("quote_type", lambda s: int((s == "mixed").sum())),
        n_indirect=("quote_type", lambda s: int((s == "indirect").sum())),
        n_unknown_speaker=("speaker_id", lambda s: int(s.isna().sum())),
    )
    frame = articles[["article_id", *by]].merge(
        per_article, left_on="article_id", right_index=True, how="left"
    )
    counts = ["n_quotes", "n_direct", "n_mixed", "n_indirect", "n_unknown_speaker"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    frame = frame.assign(_one=1, _has=(frame["n_quotes"] > 0).astype("int64"))
    grouped = frame.groupby(by, dropna=False) if by else frame.groupby(lambda _: 0)
    table = grouped.agg(
        n_articles=("_one", "sum"),
        n_articles_with_quotes=("_has", "sum"),
        **{name: (name, "sum") for name in counts},
        median_quotes_per_article=("n_quotes", "median"),
    )
    table = table.assign(
        quotes_per_article=table["n_quotes"] / table["n_articles"],
        unknown_speaker_share=table["n_unknown_speaker"]
        / table["n_quotes"].where(table["n_quotes"] > 0),
    )
    order = [
        "n_articles",
        "n_articles_with_quotes",
        "n_quotes",
        "n_direct",
        "n_mixed",
        "n_indirect",
        "quotes_per_article",
        "median_quotes_per_article",
        "n_unknown_speaker",
        "unknown_speaker_share",
    ]
    table = table[order]
    return table.reset_index() if by else table.reset_index(drop=True)


def attribution_counts(
    quotes: pd.DataFrame, *, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """How the speakers of the quotes were found, per group.

    Columns: group columns, ``attribution`` (name, pronoun, title, ..., unknown),
    ``n_quotes``, ``quote_share`` (within the group); most frequent first.
    """
    by = _by_list(by)
    frame = quotes.assign(attribution=quotes["attribution"].astype("string").fillna("unknown"))
    counts = (
        frame.groupby([*by, "attribution"], dropna=False).size().rename("n_quotes").reset_index()
    )
    totals = (
        counts.groupby(by, dropna=False)["n_quotes"].transform("sum")
        if by
        else counts["n_quotes"].sum()
    )
    counts = counts.assign(quote_share=counts["n_quotes"] / totals)
    counts = counts.sort_values(
        [*by, "n_quotes", "attribution"], ascending=[True] * len(by) + [False, True]
    )
    return counts.reset_index(drop=True)


def error_summary(errors: pd.DataFrame) -> pd.DataFrame:
    """Errors counted by stage and type, with one example path and message each.

    Columns: ``stage, error_type, n_errors, example_path, example_message``; most frequent
    first.
    """
    columns = ["stage", "error_type", "n_errors", "example_path", "example_message"]
    if errors.empty:
        return pd.DataFrame(
            {name: pd.Series(dtype="int64" if name == "n_errors" else "string") for name in columns}
        )
    table = errors.groupby(["stage", "error_type"], dropna=False).agg(
        n_errors=("path", "size"),
        example_path=("path", "first"),
        example_message=("message", "first"),
    )
    table = table.reset_index().sort_values(
        ["n_errors", "stage", "error_type"], ascending=[False, True, True]
    )
    return table[columns].reset_index(drop=True)


# Messages are long sentences (file, line, reason, advice): wrapped, never cut.
_ERRORS_STYLE = (
    "<style>.qa-errors td {text-align: left; white-space: normal; overflow-wrap: anywhere;"
    " max-width: 40em;}</style>"
)


def error_note(summary: pd.DataFrame) -> str:
    """What :func:`error_summary`'s table says, in one sentence for the report: how many
    input items could not be used, or that none was lost."""
    n_errors = int(summary["n_errors"].sum()) if len(summary) else 0
    if n_errors == 0:
        return "No input item was lost: every one became an article."
    items = "input item" if n_errors == 1 else "input items"
    kinds = "1 kind of error" if len(summary) == 1 else f"{len(summary)} kinds of error"
    return (
        f"{n_errors:,} {items} of the processed corpus could not be used ({kinds}, by stage "
        "and type below); they are in none of the tables of this report."
    )


def show_errors(summary: pd.DataFrame) -> Any:
    """:func:`error_note` above :func:`error_summary`'s table, with the example messages
    and paths in full (wrapped, not cut at pandas' 50 characters), for a notebook.

    Returns:
        An ``IPython.display.HTML`` object.
    """
    from IPython.display import HTML

    note = f"<p>{html.escape(error_note(summary))}</p>"
    if summary.empty:
        return HTML(note)
    table = summary.to_html(index=False, classes="qa-errors", na_rep="")
    return HTML(_ERRORS_STYLE + note + table)
