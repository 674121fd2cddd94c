"""Plots of the metric tables: one look, labelled with units and n, each returning its Axes.

Every ``plot_*`` takes the table its metric function returns, draws on ``ax`` (or on a new
figure), and returns the Axes, so plots compose::

    ax = quotes.pipe(speaker_share).pipe(plot_speaker_share, top_n=10)
    save_figure(ax, "reports/figures/top_speakers.png")

The look is a small rcParams set (:data:`STYLE`) applied while drawing, and the Okabe-Ito
colour-blind-safe palette (:data:`PALETTE`); "unknown" is always grey ("unknown speaker" a
lighter grey, "organization" green). Shares are shown in percent; titles carry n. An empty
table gives an Axes that says "no data".
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.sentiment import SENTIMENT_SUMMARY
from analysis.share import SHARE_BY, SPEAKER_SHARE, UNIQUE_SOURCES, speaker_share
from analysis.terms import TERM_FREQUENCIES

#: Okabe-Ito palette (colour-blind safe), without its black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
UNKNOWN_COLOR = "#999999"
UNKNOWN_SPEAKER_COLOR = "#CCCCCC"
ORGANIZATION_COLOR = PALETTE[2]  # the same in the gender and the speaker type charts
POSITIVE_COLOR, NEGATIVE_COLOR = "#0072B2", "#D55E00"

#: rcParams applied while a plot is drawn.
STYLE = {
    "figure.figsize": (8.0, 5.0),
    "figure.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": plt.cycler(color=PALETTE),
    "legend.frameon": False,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
}

_PERIOD_NAMES = {"M": "month", "W": "week", "Q": "quarter", "Y": "year", "D": "day"}
#: categories drawn after the others, in this order (see analysis.share.speaker_categories)
_LAST_CATEGORIES = ("unknown", "organization", "unknown speaker")
_ERROR_STYLE = {"ecolor": "#333333", "elinewidth": 1.0, "capsize": 3}


def _styled() -> contextlib.AbstractContextManager:
    """The project's look for one figure.

    The backend is resolved first: otherwise the context would restore the unresolved
    backend sentinel on exit, and an inline backend would stop showing later figures.
    """
    plt.get_backend()
    return plt.rc_context(STYLE)


def plot_speaker_share(
    share: pd.DataFrame,
    *,
    top_n: int = 10,
    weight: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the top speakers' share with 95% CI whiskers.

    Args:
        share: a :func:`~analysis.share.speaker_share` table. With group columns and
            several groups, each speaker gets one bar per group (a legend names them).
        top_n: number of speakers shown (by their share summed over groups).
        weight: ``"quotes"`` or ``"words"``; default: quotes.
        ax: where to draw (default: a new figure).

    Returns:
        The Axes.
    """
    column = "word_share" if weight == "words" else "quote_share"
    unit = "quoted words" if weight == "words" else "quotes"
    with _styled():
        ax = _axes(ax, height=max(3.0, 0.45 * min(top_n, max(len(share), 1)) + 1.5))
        title = f"Share of {unit} by speaker"
        if share.empty:
            return _no_data(ax, title)
        groups = _group_columns(share, SPEAKER_SHARE)
        data = share.assign(_label=share["speaker_name"].astype("string").fillna("unknown"))
        data = data.assign(_group=_group_labels(data, groups))
        count = "n_words" if weight == "words" else "n_quotes"
        ranking = data.groupby("_label")[count].sum().sort_values(ascending=False, kind="stable")
        labels = list(ranking.index[:top_n])
        group_names = list(dict.fromkeys(data["_group"]))
        height = 0.8 / len(group_names)
        positions = np.arange(len(labels))
        for k, group in enumerate(group_names):
            part = data[data["_group"] == group].drop_duplicates("_label").set_index("_label")
            part = part.reindex(labels)
            values = part[column].to_numpy(dtype="float64") * 100
            error = _error(part, column)
            colors = _colors(labels, k if len(group_names) > 1 else None)
            offset = (k - (len(group_names) - 1) / 2) * height
            ax.barh(
                positions + offset,
                np.nan_to_num(values),
                height=height * 0.95,
                color=colors,
                xerr=error,
                error_kw=_ERROR_STYLE,
                label=group if len(group_names) > 1 else None,
            )
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlabel(f"Share of {unit} (%), 95% CI over articles")
        n = _group_totals(share, f"n_{'words' if weight == 'words' else 'quotes'}", column)
        ax.set_title(f"{title} (top {len(labels)}, n = {n:,} {unit})")
        if len(group_names) > 1:
            ax.legend(title=", ".join(groups), loc="lower right")
        return ax


def plot_share_over_time(
    quotes_or_share: pd.DataFrame,
    *,
    freq: str = "M",
    top_n: int = 5,
    weight: str = "quotes",
    time_column: str | None = None,
    ci: bool = False,
    max_gap: int = 6,
    ax: Axes | None = None,
) -> Axes:
    """Lines of the top named speakers' share per period, with 95% CI bands when available.

    Shares are of all quotes of the period, unresolved ones included, but the unresolved
    speakers ("unknown") are not one of the lines. Periods that read as dates are drawn on
    a time axis; when the periods with data fall into runs separated by more than
    ``max_gap`` periods without data, only the run with the most quotes is drawn, and the
    x label names the periods left out (a lone old article would otherwise squeeze the rest
    of the chart to one edge).

    Args:
        quotes_or_share: annotated quotes (with ``published_at``; shares are computed per
            period of ``freq``, without CIs), or a ``speaker_share`` table grouped by a
            time column (``month``, ``period``, or ``time_column``).
        freq: period of the quotes' dates: ``"M"`` month, ``"W"`` week, ``"Q"``, ``"Y"``,
            ``"D"``.
        top_n: number of named speakers drawn (by their quotes in the periods drawn).
        weight: ``"quotes"`` or ``"words"``.
        time_column: the share table's time column (default: found by name).
        ci: with quotes as input, also compute the CI bands (slower).
        max_gap: the longest run of periods without data drawn inside the chart.
        ax: where to draw.

    Returns:
        The Axes.
    """
    column = "word_share" if weight == "words" else "quote_share"
    unit = "quoted words" if weight == "words" else "quotes"
    with _styled():
        ax = _axes(ax)
        title = f"Share of {unit} over time"
        data = quotes_or_share
        if "quote_share" not in data.columns:  # quotes: compute the shares per period
            if data.empty:
                return _no_data(ax, title)
            published = pd.to_datetime(data["published_at"], utc=True)
            period = published.dt.tz_localize(None).dt.to_period(freq).astype("string")
            data = speaker_share(data.assign(period=period), by="period", weight=weight, ci=ci)
            data = data.rename(columns={"period": _PERIOD_NAMES.get(freq, "period")})
            time_column = _PERIOD_NAMES.get(freq, "period")
        if data.empty:
            return _no_data(ax, title)
        time_column = time_column or next(
            (name for name in ("month", "period", *_PERIOD_NAMES.values()) if name in data),
            _group_columns(data, SPEAKER_SHARE)[0],
        )
        data = data.assign(_label=data["speaker_name"].astype("string").fillna("unknown"))
        count = "n_words" if weight == "words" else "n_quotes"
        per_period = _period_totals(data, time_column, count, column)
        periods, left_out = _main_run(per_period, max_gap)
        data = data[data[time_column].isin(periods)]
        named = data[data["speaker_id"].notna()] if "speaker_id" in data else data
        named = named[named["_label"] != "unknown"]
        ranking = named.groupby("_label")[count].sum().sort_values(ascending=False, kind="stable")
        labels = list(ranking.index[:top_n])
        axis, x = _time_axis(periods)
        for k, label in enumerate(labels):
            part = data[data["_label"] == label].drop_duplicates(time_column)
            part = part.set_index(time_column).reindex(axis)
            # 0 where others were quoted that period; a gap where nobody was (no data)
            values = part[column].where(~part.index.isin(periods) | part[column].notna())
            values = values.where(~part.index.isin(periods), values.fillna(0))
            values = values.to_numpy(dtype="float64") * 100
            # past the palette, colours repeat with another line style
            color = PALETTE[k % len(PALETTE)]
            linestyle = ("-", "--", ":")[(k // len(PALETTE)) % 3]
            ax.plot(x, values, marker="o", color=color, linestyle=linestyle, label=label)
            low = part.get(f"{column}_low", pd.Series(np.nan, index=part.index))
            high = part.get(f"{column}_high", low)
            if low.notna().any():
                ax.fill_between(
                    x, low.to_numpy(dtype="float64") * 100, high.to_numpy(dtype="float64") * 100,
                    color=color, alpha=0.15, linewidth=0,
                )  # fmt: skip
        if isinstance(x, pd.DatetimeIndex) and len(axis) > 24:  # long spans: dates as ticks
            ax.tick_params(axis="x", labelrotation=45)
        else:
            ax.set_xticks(x, [str(period) for period in axis], rotation=45, ha="right")
        ax.set_ylim(bottom=0)
        ax.grid(axis="y")
        name = str(time_column).replace("_", " ")
        ax.set_xlabel(name.capitalize() + _left_out_note(left_out, per_period, name, max_gap, unit))
        ax.set_ylabel(f"Share of all {unit} of the {name} (%)")
        n = int(per_period[periods].sum())
        ax.set_title(f"{title} (top {len(labels)} named speakers, n = {n:,} {unit})")
        if labels:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax


def _period_totals(data: pd.DataFrame, time_column: str, count: str, share: str) -> pd.Series:
    """All quotes (or words) of each period, sorted by period: count / share on every row."""
    totals = (data[count] / data[share]).where(data[share] > 0)
    per_period = totals.groupby(data[time_column]).median().round()
    summed = data.groupby(time_column)[count].sum()  # when no share is positive
    return per_period.fillna(summed).astype("int64").sort_index()


def _main_run(per_period: pd.Series, max_gap: int) -> tuple[list, list]:
    """The periods drawn and those left out, from the count per period (sorted).

    The periods are split where more than ``max_gap`` periods without data separate them;
    the run with the most quotes (or words) is drawn, the latest on ties. Periods that do
    not read as dates are all drawn.
    """
    periods = list(per_period.index)
    try:
        parsed = [pd.Period(str(period)) for period in periods]
    except (ValueError, TypeError):
        return periods, []
    if len(parsed) < 2 or len({p.freqstr for p in parsed}) != 1:
        return periods, []
    runs, start = [], 0
    for i in range(1, len(parsed)):
        if (parsed[i] - parsed[i - 1]).n - 1 > max_gap:
            runs.append((start, i))
            start = i
    runs.append((start, len(parsed)))
    first, end = max(reversed(runs), key=lambda run: per_period.iloc[run[0] : run[1]].sum())
    return periods[first:end], periods[:first] + periods[end:]


def _left_out_note(left_out: list, per_period: pd.Series, name: str, gap: int, unit: str) -> str:
    """The x-label addition naming the periods left out of a time chart ("" for none)."""
    if not left_out:
        return ""
    shown = ", ".join(f"{period} with {per_period[period]:,} {unit}" for period in left_out[:3])
    more = f" and {len(left_out) - 3} more" if len(left_out) > 3 else ""
    return f"\n(not drawn, more than {gap} {name}s from the rest: {shown}{more})"


def _time_axis(periods: list) -> tuple[list, Any]:
    """The periods to draw and their x positions.

    Periods that read as dates ("2025-03", "2025Q1") are placed on a real time axis with
    every period between the first and the last, so distant periods are not drawn side by
    side; others are drawn one after another.
    """
    try:
        parsed = [pd.Period(str(period)) for period in periods]
    except (ValueError, TypeError):
        return periods, np.arange(len(periods))
    if not parsed or len({p.freqstr for p in parsed}) != 1:
        return periods, np.arange(len(periods))
    full = pd.period_range(min(parsed), max(parsed), freq=parsed[0].freq)
    by_period = dict(zip(parsed, periods, strict=True))
    axis = [by_period.get(p, str(p)) for p in full]
    return axis, full.to_timestamp()


def plot_share_by(share_by_table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Shares by gender or speaker type (unknown in grey, unknown speaker in light grey).

    One group: a bar per category with 95% CI whiskers. Several groups: one 100% stacked
    bar per group. Works with :func:`~analysis.share.share_by` tables (share of quotes) and
    :func:`~analysis.share.unique_sources` tables (share of sources: speakers per article).

    Args:
        share_by_table: the table.
        ax: where to draw.

    Returns:
        The Axes.
    """
    sources = "source_share" in share_by_table.columns
    column, schema = ("source_share", UNIQUE_SOURCES) if sources else ("quote_share", SHARE_BY)
    count, unit = ("n_sources", "sources") if sources else ("n_quotes", "quotes")
    with _styled():
        ax = _axes(ax, height=4.0)
        columns = [name for name in share_by_table.columns if name not in schema]
        attribute = columns[-1] if columns else "category"
        title = f"Share of {unit} by {attribute.replace('_', ' ')}"
        if share_by_table.empty or not share_by_table[count].sum():
            return _no_data(ax, title)  # no rows, or only the categories of no quotes
        groups = columns[:-1]
        data = share_by_table.assign(_group=_group_labels(share_by_table, groups))
        categories = _ordered_categories(data[attribute])
        colors = _category_colors(categories)
        group_names = list(dict.fromkeys(data["_group"]))
        if len(group_names) == 1:
            part = data.set_index(attribute).reindex(categories)
            ax.barh(
                np.arange(len(categories)),
                part[column].fillna(0).to_numpy(dtype="float64") * 100,
                color=[colors[c] for c in categories],
                xerr=_error(part, column),
                error_kw=_ERROR_STYLE,
            )
            ax.set_yticks(np.arange(len(categories)), categories)
            ax.invert_yaxis()
            ax.set_xlabel(f"Share of {unit} (%), 95% CI over articles")
        else:
            left = np.zeros(len(group_names))
            for category in categories:
                part = data[data[attribute] == category].set_index("_group").reindex(group_names)
                values = part[column].fillna(0).to_numpy(dtype="float64") * 100
                bars = ax.barh(
                    np.arange(len(group_names)),
                    values,
                    left=left,
                    color=colors[category],
                    label=category,
                )
                ax.bar_label(
                    bars,
                    labels=[f"{value:.0f}%" if value >= 8 else "" for value in values],
                    label_type="center",
                    fontsize=8,
                    color=_text_color(colors[category]),
                )
                left += values
            ax.set_yticks(np.arange(len(group_names)), group_names)
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel(f"Share of {unit} (%)")
            ax.legend(title=attribute.replace("_", " "), loc="upper left", bbox_to_anchor=(1, 1))
        n = int(share_by_table[count].sum())
        ax.set_title(f"{title} (n = {n:,} {unit})")
        return ax


def plot_sentiment(
    sentiment_table: pd.DataFrame,
    *,
    top_n: int = 10,
    order: str | None = "auto",
    what: str = "groups",
    unit: str = "texts",
    n_total: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Mean VADER compound score per group with 95% CI whiskers.

    The title counts the texts drawn; when some are not drawn it says so, e.g. "top 10
    named speakers, 354 of 764 quotes".

    Args:
        sentiment_table: a :func:`~analysis.sentiment.sentiment_by` (or
            ``quoted_vs_narration``) table; the ``top_n`` groups with the most texts are
            shown. In a ``quoted_vs_narration`` table a group is a value of the columns
            other than ``text_kind``: its quote and narration rows are drawn together.
        top_n: number of groups shown.
        order: order of the bars: ``"n_texts"`` (most texts first), ``"compound_mean"``
            (most positive first), None (the table's order), or ``"auto"``: the table's
            order for a ``quoted_vs_narration`` table (so quote and narration stay side by
            side), else ``"n_texts"``.
        what: what the groups are, for the title, e.g. ``"named speakers"``.
        unit: what the texts are, for the title, e.g. ``"quotes"``.
        n_total: the texts of the whole selection, for the title, when the table leaves
            some out (e.g. unresolved speakers); default: the table's total.
        ax: where to draw.

    Returns:
        The Axes.
    """

    with _styled():
        ax = _axes(ax, height=max(3.0, 0.4 * min(top_n, max(len(sentiment_table), 1)) + 1.5))
        groups = _group_columns(sentiment_table, SENTIMENT_SUMMARY)
        title = "Mean sentiment" + (f" by {', '.join(groups)}" if groups else "")
        title = title.replace("_", " ")
        if sentiment_table.empty:
            return _no_data(ax, title)
        if order == "auto":
            order = None if "text_kind" in sentiment_table.columns else "n_texts"
        key = _group_labels(sentiment_table, [name for name in groups if name != "text_kind"])
        totals = sentiment_table.groupby(key, sort=False)["n_texts"].sum()
        chosen = totals.sort_values(ascending=False, kind="stable").index[:top_n]
        data = sentiment_table.loc[key.isin(chosen)]
        if order is not None:
            data = data.sort_values(order, ascending=False, kind="stable")
        labels = list(_group_labels(data, groups))
        means = data["compound_mean"].to_numpy(dtype="float64")
        colors = [POSITIVE_COLOR if value >= 0 else NEGATIVE_COLOR for value in means]
        positions = np.arange(len(data))
        ax.barh(
            positions,
            means,
            color=colors,
            xerr=_error(data, "compound_mean", "compound", scale=1),
            error_kw=_ERROR_STYLE,
        )
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(
            positions,
            [f"{label} (n = {n:,})" for label, n in zip(labels, data["n_texts"], strict=True)],
        )
        ax.invert_yaxis()
        ax.set_xlim(-1, 1)
        ax.set_xlabel("Mean VADER compound score (-1 negative to +1 positive), 95% CI")
        shown = int(data["n_texts"].sum())
        total = int(sentiment_table["n_texts"].sum() if n_total is None else n_total)
        if len(chosen) < len(totals) or shown < total:
            ax.set_title(f"{title} (top {len(chosen)} {what}, {shown:,} of {total:,} {unit})")
        else:
            ax.set_title(f"{title} (n = {total:,} {unit})")
        return ax


def plot_terms(
    tf_table: pd.DataFrame,
    *,
    top_n: int = 20,
    value: str = "n",
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the most frequent terms.

    Args:
        tf_table: a :func:`~analysis.terms.term_frequencies` table. With several groups the
            counts (and tf-idf) are summed over the groups and the relative frequencies
            recomputed from the sums (filter the table to plot one group).
        top_n: number of terms shown.
        value: ``"n"`` (count), ``"rel_freq"`` (shown in %) or ``"tfidf"``.
        ax: where to draw.

    Returns:
        The Axes.
    """
    labels_by_value = {
        "n": "Count (occurrences)",
        "rel_freq": "Relative frequency (% of terms)",
        "tfidf": "tf-idf (relative frequency x idf)",
    }
    if value not in labels_by_value:
        raise ValueError(f"value must be one of {sorted(labels_by_value)}, not {value!r}")
    with _styled():
        ax = _axes(ax, height=max(3.0, 0.3 * min(top_n, max(len(tf_table), 1)) + 1.5))
        groups = _group_columns(tf_table, TERM_FREQUENCIES)
        title = "Most frequent terms"
        if tf_table.empty:
            return _no_data(ax, title)
        n_groups = len(tf_table[groups].drop_duplicates()) if groups else 1
        data = tf_table.groupby("term", sort=False).agg(
            n=("n", "sum"),
            tfidf=("tfidf", "sum"),
            ngram=("ngram", "first"),
            rel_freq=("rel_freq", "sum"),
        )
        if n_groups > 1:  # relative to all terms of the same length, over the groups
            data["rel_freq"] = data["n"] / data.groupby("ngram")["n"].transform("sum")
        data = data.sort_values([value, "n"], ascending=False, kind="stable").head(top_n)
        values = data[value].to_numpy(dtype="float64") * (100 if value == "rel_freq" else 1)
        positions = np.arange(len(data))
        ax.barh(positions, values, color=PALETTE[0])
        ax.set_yticks(positions, list(data.index))
        ax.invert_yaxis()
        ax.set_xlabel(labels_by_value[value])
        n = int(tf_table["n"].sum())
        if n_groups > 1:
            scope = f", summed over {n_groups} groups"
        elif groups:
            scope = ", " + str(_group_labels(tf_table.head(1), groups).iloc[0])
        else:
            scope = ""
        ax.set_title(f"{title} (top {len(data)}, n = {n:,} term occurrences{scope})")
        return ax


def plot_distinctive_terms(
    dt_table: pd.DataFrame,
    *,
    top_n: int = 15,
    labels: Sequence[str] = ("a", "b"),
    ax: Axes | None = None,
) -> Axes:
    """Diverging bars of the z-scores of the most distinctive terms of each side.

    Args:
        dt_table: a :func:`~analysis.terms.distinctive_terms` table.
        top_n: number of terms shown for each side.
        labels: names of the two sides (a, b), e.g. ``("Putin", "Erdogan")``.
        ax: where to draw.

    Returns:
        The Axes.
    """
    name_a, name_b = labels
    with _styled():
        ax = _axes(ax, height=max(3.0, 0.3 * min(2 * top_n, max(len(dt_table), 1)) + 1.5))
        title = f"Distinctive terms: {name_a} vs {name_b}"
        if dt_table.empty:
            return _no_data(ax, title)
        ordered = dt_table.sort_values("z", ascending=False, kind="stable")
        side_a = ordered[ordered["z"] > 0].head(top_n)
        side_b = ordered[ordered["z"] < 0].tail(top_n)
        data = pd.concat([side_a, side_b])
        z = data["z"].to_numpy(dtype="float64")
        positions = np.arange(len(data))
        ax.barh(positions, z, color=[POSITIVE_COLOR if v > 0 else NEGATIVE_COLOR for v in z])
        ax.axvline(0, color="#333333", linewidth=0.8)
        for threshold in (-1.96, 1.96):
            ax.axvline(threshold, color="#999999", linewidth=0.8, linestyle="--")
        ax.set_yticks(positions, list(data["term"]))
        ax.invert_yaxis()
        ax.set_xlabel(
            f"z-score of weighted log-odds (> 0: {name_a}, < 0: {name_b}; dashed: |z| = 1.96)"
        )
        n_a, n_b = int(dt_table["n_a"].sum()), int(dt_table["n_b"].sum())
        ax.set_title(f"{title} (n = {n_a:,} vs {n_b:,} term occurrences)")
        return ax


def save_figure(ax_or_fig: Axes | Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Save the figure of ``ax_or_fig`` (PNG/SVG/PDF by suffix), creating folders.

    Returns:
        The path written.
    """
    figure = ax_or_fig.figure if isinstance(ax_or_fig, Axes) else ax_or_fig
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    return path


# ---------------------------------------------------------------------------
# helpers


def _axes(ax: Axes | None, *, height: float | None = None) -> Axes:
    if ax is not None:
        return ax
    width = STYLE["figure.figsize"][0]
    _, ax = plt.subplots(
        figsize=(width, height or STYLE["figure.figsize"][1]), layout="constrained"
    )
    return ax


def _no_data(ax: Axes, title: str) -> Axes:
    ax.set_title(f"{title} (n = 0)")
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def _group_columns(table: pd.DataFrame, schema: dict) -> list[str]:
    return [name for name in table.columns if name not in schema and not name.startswith("_")]


def _group_labels(table: pd.DataFrame, groups: list[str]) -> pd.Series:
    if not groups:
        return pd.Series("all", index=table.index, dtype="string")
    labels = table[groups].astype("string").fillna("unknown")
    return labels.agg(" / ".join, axis=1).astype("string")


def _ordered_categories(values: pd.Series) -> list[str]:
    """Categories sorted, then ``unknown``, ``organization``, ``unknown speaker`` last."""
    found = sorted(str(value) for value in values.dropna().unique())
    last = [value for value in _LAST_CATEGORIES if value in found]
    return [value for value in found if value not in last] + last


def _colors(labels: Sequence[str], group: int | None) -> list[str]:
    if group is not None:
        return [PALETTE[group % len(PALETTE)]] * len(labels)
    colors, k = [], 0
    for label in labels:
        if label == "unknown":
            colors.append(UNKNOWN_COLOR)
        else:
            colors.append(PALETTE[k % len(PALETTE)] if len(labels) <= 3 else PALETTE[0])
            k += 1
    return colors


def _category_colors(categories: Sequence[str]) -> dict[str, str]:
    """A distinct palette colour per category; fixed ones for ``unknown``, ``organization``
    and ``unknown speaker``."""
    fixed = {
        "unknown": UNKNOWN_COLOR,
        "organization": ORGANIZATION_COLOR,
        "unknown speaker": UNKNOWN_SPEAKER_COLOR,
    }
    palette = [color for color in PALETTE if color != ORGANIZATION_COLOR]
    others = [category for category in categories if category not in fixed]
    colors = {category: palette[k % len(palette)] for k, category in enumerate(others)}
    return colors | fixed


def _text_color(background: str) -> str:
    """White or near-black, whichever reads better on ``background``."""
    red, green, blue = matplotlib.colors.to_rgb(background)
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.5 else "#222222"


def _error(
    table: pd.DataFrame, column: str, prefix: str | None = None, *, scale: float = 100
) -> np.ndarray | None:
    """Asymmetric error bars from ``<prefix>_low/high`` columns; None when all are NaN."""
    prefix = prefix or column
    low, high = f"{prefix}_low", f"{prefix}_high"
    if low not in table.columns or table[low].isna().all():
        return None
    value = table[column].to_numpy(dtype="float64")
    below = np.clip(value - table[low].to_numpy(dtype="float64"), 0, None)
    above = np.clip(table[high].to_numpy(dtype="float64") - value, 0, None)
    return np.nan_to_num(np.vstack([below, above])) * scale


def _group_totals(table: pd.DataFrame, count: str, share: str) -> int:
    """Total count behind the shares: count / share is the group total on every row."""
    totals = (table[count] / table[share]).where(table[share] > 0)
    groups = _group_columns(table, SPEAKER_SHARE)
    groups = [name for name in groups if name != "_label"]
    if groups:
        per_group = totals.groupby([table[name] for name in groups], dropna=False).median()
        return int(round(per_group.sum()))
    return int(round(totals.median())) if totals.notna().any() else 0
