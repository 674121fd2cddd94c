"""What the notebooks call: the filtered tables of a report, saving figures and tables, and
choosing what to show (top rows, speakers of interest, the example article)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.paths import PROCESSED_DIR, PROJECT_ROOT


@dataclass(frozen=True)
class ReportData:
    """The processed tables a report works on, already filtered by its parameters.

    ``quotes`` are annotated (``source, published_at, month, gender, speaker_type``) and
    filtered by date, sources and quote types; ``all_quotes`` are the same quotes of every
    type (to tell narration from quoted speech); ``articles`` and ``sentences`` (with
    ``source, published_at, month``) are filtered by date and sources; ``speakers`` and
    ``errors`` are the whole corpus's.
    """

    data_dir: Path
    articles: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    all_quotes: pd.DataFrame
    speakers: pd.DataFrame
    errors: pd.DataFrame
    manifest: dict[str, Any]


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    """The processed-data folder: relative paths are relative to the project root."""
    path = Path(data_dir) if data_dir else PROCESSED_DIR
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_report_data(
    data_dir: str | Path | None = None,
    *,
    sources: str | Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    quote_types: str | Sequence[str] | None = None,
    cue_kinds: str | Sequence[str] | None = None,
) -> ReportData:
    """Read the processed tables and apply a report's filters.

    Empty ``sources`` / ``quote_types`` / ``cue_kinds`` and ``None`` dates mean "no
    filter". ``date_to`` is inclusive (a date keeps its whole day); with a date filter,
    undated articles drop out.

    Raises:
        FileNotFoundError: the folder has no quotes table (run ``analysis process`` first).
        ValueError: a source is not in the corpus (a typo would give an empty report).
    """
    from analysis.io.tables import read_manifest, read_table, read_tables
    from analysis.schemas import TABLES, empty_table
    from analysis.share import annotate_quotes, filter_quotes

    root = resolve_data_dir(data_dir)
    read_table(root, "quotes", columns=["quote_id"])  # a clear error when nothing is there
    tables = read_tables(root)
    for name, schema in TABLES.items():
        tables.setdefault(name, empty_table(schema))
    articles = tables["articles"]
    manifest = read_manifest(root) if (root / "manifest.json").is_file() else {}
    context = {
        "date_from": date_from or None,
        "date_to": date_to or None,
        "sources": _list_or_none(sources),
    }
    unknown = sorted(set(context["sources"] or []) - set(articles["source"].dropna()))
    if unknown:
        known = ", ".join(sorted(articles["source"].dropna().unique()))
        raise ValueError(f"no articles from sources {unknown} in {root}; sources: {known}")
    # filter_quotes only reads the columns of the filters given: source and published_at,
    # which articles have too, so articles and quotes are cut by the same rules.
    kept_articles = filter_quotes(articles, **context)
    all_quotes = filter_quotes(
        annotate_quotes(tables["quotes"], articles, tables["speakers"]), **context
    )
    quotes = filter_quotes(
        all_quotes, quote_types=_list_or_none(quote_types), cue_kinds=_list_or_none(cue_kinds)
    )
    sentences = tables["sentences"]
    sentences = sentences[sentences["article_id"].isin(kept_articles["article_id"])]
    return ReportData(
        data_dir=root,
        articles=_with_month(kept_articles).reset_index(drop=True),
        sentences=_with_article_context(sentences, articles).reset_index(drop=True),
        quotes=quotes.reset_index(drop=True),
        all_quotes=all_quotes.reset_index(drop=True),
        speakers=tables["speakers"],
        errors=tables["errors"],
        manifest=manifest,
    )


def group_columns(group_by: str | Sequence[str] | None) -> list[str]:
    """The ``by`` columns for a notebook's ``group_by`` parameter: None or "" -> ``[]``."""
    return _by_list(group_by)


def save_table(frame: pd.DataFrame, output_dir: str | Path | None, name: str) -> Path | None:
    """Write ``frame`` to ``output_dir/name.csv`` (UTF-8, no index); nothing when no folder."""
    if output_dir is None:
        return None
    path = Path(output_dir) / f"{Path(name).stem}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def save_plot(ax: Any, output_dir: str | Path | None, name: str) -> Path | None:
    """Save the figure of ``ax`` to ``output_dir/name.png``; nothing when no folder."""
    if output_dir is None:
        return None
    from analysis.plots import save_figure

    path = Path(output_dir) / f"{Path(name).stem}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_figure(ax, path)
    return path


def top_rows(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    n: int = 10,
    order: str | None = None,
) -> pd.DataFrame:
    """The first ``n`` rows of each group: in the table's order, or by ``order`` descending."""
    by = _by_list(by)
    if order is not None:
        table = table.sort_values([*by, order], ascending=[True] * len(by) + [False], kind="stable")
    top = table.groupby(by, dropna=False, sort=False).head(n) if by else table.head(n)
    return top.reset_index(drop=True)


def speaker_rows(table: pd.DataFrame, speakers: str | Sequence[str] | None) -> pd.DataFrame:
    """The rows of a per-speaker table for the speakers of interest (by name or id).

    With no speakers of interest, an empty frame with the table's columns.
    """
    wanted = _list_or_none(speakers) or []
    hit = pd.Series(False, index=table.index)
    for column in ("speaker_name", "speaker_id"):
        if column in table.columns:
            hit |= table[column].isin(wanted).fillna(False).astype(bool)
    return table[hit].reset_index(drop=True)


def speaker_pair(
    quotes: pd.DataFrame, speakers: str | Sequence[str] | None = None
) -> tuple[str | None, str | None]:
    """Two speakers to contrast: the first two ``speakers`` of interest that are quoted,
    completed with the most-quoted resolved speakers (ties by name); None where missing.
    A speaker of interest who is not quoted gives a warning (a misspelt name, say).
    """
    known = quotes[quotes["speaker_id"].notna()]
    counts = known.groupby("speaker_name").size().reset_index(name="n")
    ranked = [
        str(name)
        for name in counts.sort_values(["n", "speaker_name"], ascending=[False, True])[
            "speaker_name"
        ]
    ]
    wanted = _list_or_none(speakers) or []
    quoted = set(ranked)
    missing = [name for name in wanted if name not in quoted]
    if missing:
        warnings.warn(
            f"not quoted in this selection: {', '.join(map(str, missing))}; the most-quoted "
            "speakers take their place",
            stacklevel=2,
        )
    chosen = [name for name in wanted if name in quoted][:2]
    chosen += [name for name in ranked if name not in chosen][: 2 - len(chosen)]
    chosen += [None] * (2 - len(chosen))
    return chosen[0], chosen[1]


def quotes_of(quotes: pd.DataFrame, speaker: str | None) -> pd.DataFrame:
    """The quotes of one speaker (by name or id); empty for None."""
    if speaker is None:
        return quotes.iloc[0:0]
    hit = quotes["speaker_name"].eq(speaker).fillna(False) | quotes["speaker_id"].eq(
        speaker
    ).fillna(False)
    return quotes[hit.astype(bool)]


def example_article_id(
    quotes: pd.DataFrame,
    *,
    speakers: str | Sequence[str] | None = None,
    article_id: str | None = None,
) -> str | None:
    """The article to show as an example: ``article_id`` when given, else the one with the
    most quotes (of ``speakers``, by name or id, when any of them is quoted); ties go to
    the smallest id. None when there are no quotes.
    """
    if article_id:
        return article_id
    if quotes.empty:
        return None
    wanted = _list_or_none(speakers)
    if wanted:
        hits = quotes["speaker_name"].isin(wanted).fillna(False) | quotes["speaker_id"].isin(
            wanted
        ).fillna(False)
        if hits.any():
            quotes = quotes[hits.astype(bool)]
    counts = quotes.groupby("article_id").size().reset_index(name="n")
    counts = counts.sort_values(["n", "article_id"], ascending=[False, True])
    return str(counts["article_id"].iloc[0])


def show_example_article(
    data: ReportData,
    *,
    speakers: str | Sequence[str] | None = None,
    article_id: str | None = None,
) -> Any:
    """The example article with its quotes highlighted (see :func:`example_article_id`).

    Returns what :func:`analysis.display.show_article` returns, or a Markdown note when no
    article of the report has quotes.
    """
    from IPython.display import Markdown

    from analysis.display import show_article

    chosen = example_article_id(data.quotes, speakers=speakers, article_id=article_id)
    if chosen is None:
        return Markdown("*No article in this selection has quotes to show.*")
    return show_article(chosen, articles=data.articles, quotes=data.quotes)


def _list_or_none(values: str | Sequence[str] | None) -> list[str] | None:
    """Notebook parameters: a string is one value, an empty list means "no filter"."""
    if values is None or isinstance(values, str):
        return [values] if values else None
    return [value for value in values if value is not None] or None


def _by_list(by: str | Sequence[str] | None) -> list[str]:
    if not by:
        return []
    return [by] if isinstance(by, str) else list(by)


def _with_month(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``month`` ("YYYY-MM" of ``published_at``, null when undated)."""
    published = pd.to_datetime(frame["published_at"], utc=True)
    month = published.dt.strftime("%Y-%m").astype("string").mask(published.isna())
    return frame.assign(month=month)


def _with_article_context(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """A copy of sentences with their article's ``source``, ``published_at`` and ``month``."""
    context = _with_month(articles)[["article_id", "source", "published_at", "month"]]
    context = context.drop_duplicates("article_id")
    frame = frame.drop(
        columns=[c for c in ("source", "published_at", "month") if c in frame.columns]
    )
    return frame.merge(context, on="article_id", how="left")
