"""Tests of analysis.plots: each plot returns its Axes with the expected bars and labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless; must precede pyplot

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from analysis.plots import (  # noqa: E402
    ORGANIZATION_COLOR,
    PALETTE,
    UNKNOWN_COLOR,
    UNKNOWN_SPEAKER_COLOR,
    plot_distinctive_terms,
    plot_sentiment,
    plot_share_by,
    plot_share_over_time,
    plot_speaker_share,
    plot_terms,
    save_figure,
)
from analysis.sentiment import sentiment_by  # noqa: E402
from analysis.share import share_by, speaker_share, unique_sources  # noqa: E402
from analysis.terms import distinctive_terms, term_frequencies  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def quotes() -> pd.DataFrame:
    """Twelve quotes in six articles over three months, two sources."""
    rows = [
        # article, source, date, speaker id, name, gender, words, text, compound
        ("a1", "X", "2025-01-05", "s1", "Ada Lind", "female", 10, "bridge toll bridge", 0.5),
        ("a1", "X", "2025-01-05", "s2", "Ben Ortiz", "male", 5, "ferry cuts", -0.4),
        ("a2", "X", "2025-01-20", "s1", "Ada Lind", "female", 8, "bridge vote", 0.2),
        ("a2", "X", "2025-01-20", None, None, "unknown", 4, "strike", -0.1),
        ("a3", "Y", "2025-02-02", "s2", "Ben Ortiz", "male", 12, "ferry ferry strike", -0.6),
        ("a3", "Y", "2025-02-02", "s3", "Cy Park", "male", 6, "harbour jobs", 0.1),
        ("a4", "Y", "2025-02-14", "s1", "Ada Lind", "female", 9, "bridge budget", 0.3),
        ("a4", "Y", "2025-02-14", "s3", "Cy Park", "male", 3, "jobs", 0.0),
        ("a5", "X", "2025-03-01", "s2", "Ben Ortiz", "male", 7, "strike ballot", -0.2),
        ("a5", "X", "2025-03-01", None, None, "unknown", 2, "ballot", 0.0),
        ("a6", "Y", "2025-03-09", "s1", "Ada Lind", "female", 11, "bridge opens", 0.6),
        ("a6", "Y", "2025-03-09", "s4", "Dee Moss", "female", 5, "toll", -0.3),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "source",
            "published_at",
            "speaker_id",
            "speaker_name",
            "gender",
            "n_words",
            "quote_text",
            "sentiment_compound",
        ],
    )
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    frame["month"] = frame["published_at"].dt.strftime("%Y-%m")
    for name in ("speaker_id", "speaker_name", "gender"):
        frame[name] = frame[name].astype("string")
    frame["sentiment_pos"] = frame["sentiment_compound"].clip(lower=0)
    frame["sentiment_neg"] = -frame["sentiment_compound"].clip(upper=0)
    frame["sentiment_neu"] = 1 - frame["sentiment_pos"] - frame["sentiment_neg"]
    return frame


def _bars(ax: Axes) -> list[Rectangle]:
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def _ytick_labels(ax: Axes) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


def test_plot_speaker_share_bars_labels_and_n(quotes) -> None:
    ax = plot_speaker_share(speaker_share(quotes, n_boot=100), top_n=3)
    assert isinstance(ax, Axes)
    assert len(_bars(ax)) == 3
    assert _ytick_labels(ax) == ["Ada Lind", "Ben Ortiz", "Cy Park"]
    assert "n = 12 quotes" in ax.get_title(loc="left")
    assert "%" in ax.get_xlabel()
    assert [bar.get_width() for bar in _bars(ax)] == pytest.approx([100 * 4 / 12, 25, 100 / 6])
    assert len(ax.lines) + len(ax.collections) > 0  # CI whiskers drawn


def test_plot_speaker_share_unknown_is_grey_and_groups_get_bars(quotes) -> None:
    ax = plot_speaker_share(speaker_share(quotes, ci=False), top_n=10)
    labels = _ytick_labels(ax)
    assert "unknown" in labels and len(labels) == 5
    grey = matplotlib.colors.to_rgba(UNKNOWN_COLOR)
    assert _bars(ax)[labels.index("unknown")].get_facecolor() == grey
    grouped = plot_speaker_share(speaker_share(quotes, by="source", ci=False), top_n=2)
    assert len(_bars(grouped)) == 4  # 2 speakers x 2 sources
    assert [text.get_text() for text in grouped.get_legend().get_texts()] == ["X", "Y"]
    assert "n = 12 quotes" in grouped.get_title(loc="left")


def test_plot_speaker_share_by_words_and_on_given_axes(quotes) -> None:
    _, given = plt.subplots()
    ax = plot_speaker_share(speaker_share(quotes, weight="words"), weight="words", ax=given)
    assert ax is given
    assert "quoted words" in ax.get_xlabel()
    assert "n = 82 quoted words" in ax.get_title(loc="left")


def test_plot_share_over_time_from_quotes_and_from_share_table(quotes) -> None:
    ax = plot_share_over_time(quotes, top_n=2)
    assert len(ax.get_lines()) == 2
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["2025-01", "2025-02", "2025-03"]
    assert ax.get_xlabel() == "Month"
    assert "n = 12 quotes" in ax.get_title(loc="left")
    table = speaker_share(quotes, by="month", n_boot=50)
    from_table = plot_share_over_time(table, top_n=3)
    assert len(from_table.get_lines()) == 3
    ada = from_table.get_lines()[0]
    assert list(ada.get_ydata()) == pytest.approx([50, 25, 25])  # Ada: 2, 1, 1 of 4 quotes


def test_plot_share_by_single_and_grouped(quotes) -> None:
    ax = plot_share_by(share_by(quotes, n_boot=50))
    # every gender category has its bar, those no quote falls in too
    assert _ytick_labels(ax) == ["female", "male", "unknown", "organization", "unknown speaker"]
    assert [bar.get_width() for bar in _bars(ax)] == pytest.approx(
        [100 * 5 / 12, 100 * 5 / 12, 0, 0, 100 / 6]
    )
    assert "gender" in ax.get_title(loc="left") and "n = 12 quotes" in ax.get_title(loc="left")
    grouped = plot_share_by(share_by(quotes, by="source", ci=False))
    assert len(_bars(grouped)) == 10  # 2 sources x 5 gender categories, stacked
    assert _ytick_labels(grouped) == ["X", "Y"]
    sources = plot_share_by(unique_sources(quotes, ci=False))
    assert "n = 12 sources" in sources.get_title(loc="left")  # two per article


def test_plot_sentiment_means_and_n(quotes) -> None:
    ax = plot_sentiment(sentiment_by(quotes, n_boot=50), top_n=2)
    assert _ytick_labels(ax) == ["Ada Lind (n = 4)", "Ben Ortiz (n = 3)"]
    assert [bar.get_width() for bar in _bars(ax)] == pytest.approx([0.4, -0.4])
    assert ax.get_xlim() == (-1, 1)
    assert "compound" in ax.get_xlabel()


def test_plot_terms_and_distinctive_terms(quotes) -> None:
    ax = plot_terms(term_frequencies(quotes), top_n=3)
    assert _ytick_labels(ax) == ["bridge", "ferry", "strike"]  # ties: alphabetical
    assert [bar.get_width() for bar in _bars(ax)] == [5, 3, 3]
    by_source = term_frequencies(quotes, by="source")
    relative = plot_terms(by_source, top_n=1, value="rel_freq")
    assert relative.get_xlabel().startswith("Relative frequency")
    assert "summed over 2 groups" in relative.get_title(loc="left")
    assert [bar.get_width() for bar in _bars(relative)] == pytest.approx([100 * 5 / 22])
    one = plot_terms(by_source[by_source["source"] == "X"], top_n=2, value="rel_freq")
    x_terms = by_source[by_source["source"] == "X"].set_index("term")["rel_freq"]
    assert [bar.get_width() for bar in _bars(one)] == pytest.approx(
        [100 * x_terms["bridge"], 100 * x_terms["ballot"]]  # ballot/strike tie: alphabetical
    )
    assert one.get_title(loc="left").endswith(", X)")
    with pytest.raises(ValueError, match="value"):
        plot_terms(term_frequencies(quotes), value="z")
    table = distinctive_terms(
        quotes[quotes["source"] == "X"], quotes[quotes["source"] == "Y"], prior=0.5
    )
    dt = plot_distinctive_terms(table, top_n=2, labels=("X", "Y"))
    assert len(_bars(dt)) == 4
    widths = [bar.get_width() for bar in _bars(dt)]
    assert widths[0] > 0 > widths[-1]
    assert "X vs Y" in dt.get_title(loc="left")


@pytest.mark.parametrize(
    ("plot", "table"),
    [
        (plot_speaker_share, lambda q: speaker_share(q.iloc[:0])),
        (plot_share_over_time, lambda q: q.iloc[:0]),
        (plot_share_by, lambda q: share_by(q.iloc[:0])),
        (plot_sentiment, lambda q: sentiment_by(q.iloc[:0])),
        (plot_terms, lambda q: term_frequencies(q.iloc[:0])),
        (plot_distinctive_terms, lambda q: distinctive_terms([], [])),
    ],
)
def test_empty_tables_say_no_data(quotes, plot, table) -> None:
    ax = plot(table(quotes))
    assert isinstance(ax, Axes)
    assert [text.get_text() for text in ax.texts] == ["no data"]
    assert "n = 0" in ax.get_title(loc="left")
    assert not _bars(ax)


def test_save_figure_writes_png(tmp_path, quotes) -> None:
    ax = plot_speaker_share(speaker_share(quotes, ci=False))
    path = save_figure(ax, tmp_path / "figures" / "share.png")
    assert path == tmp_path / "figures" / "share.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = save_figure(ax.figure, tmp_path / "share.svg", dpi=72)
    assert again.read_text().lstrip().startswith("<?xml")


def _voices(groups: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """A quoted_vs_narration table: source -> (quotes, narration sentences)."""
    rows = [
        (source, kind, n, 0.2 if kind == "quote" else -0.1)
        for source, counts in groups.items()
        for kind, n in zip(("quote", "narration"), counts, strict=True)
    ]
    table = pd.DataFrame(rows, columns=["source", "text_kind", "n_texts", "compound_mean"])
    return table.assign(
        n_articles=2,
        compound_low=table["compound_mean"] - 0.1,
        compound_high=table["compound_mean"] + 0.1,
        pos_mean=0.1,
        neu_mean=0.8,
        neg_mean=0.1,
    )


def test_plot_sentiment_keeps_quote_and_narration_together() -> None:
    voices = _voices({"X": (5, 40), "Y": (30, 2)})
    ax = plot_sentiment(voices, top_n=1)
    assert _ytick_labels(ax) == ["X / quote (n = 5)", "X / narration (n = 40)"]
    ranked = plot_sentiment(voices, top_n=2, order="compound_mean")
    assert _ytick_labels(ranked)[:2] == ["X / quote (n = 5)", "Y / quote (n = 30)"]


def test_plot_sentiment_draws_both_voices_of_the_top_groups() -> None:
    # narration rows are smaller than every quote row: they must not be crowded out
    voices = _voices({"X": (50, 10), "Y": (40, 8), "Z": (30, 5)})
    ax = plot_sentiment(voices, top_n=2)
    assert _ytick_labels(ax) == [
        "X / quote (n = 50)",
        "X / narration (n = 10)",
        "Y / quote (n = 40)",
        "Y / narration (n = 8)",
    ]
    assert ax.get_title(loc="left").endswith("(top 2 groups, 108 of 143 texts)")
    everything = plot_sentiment(voices, top_n=3)
    assert len(_bars(everything)) == 6
    assert everything.get_title(loc="left").endswith("(n = 143 texts)")


def test_plot_sentiment_title_counts_the_texts_drawn_of_the_selection(quotes) -> None:
    named = sentiment_by(quotes[quotes["speaker_id"].notna()], n_boot=50)  # 10 of 12 quotes
    ax = plot_sentiment(named, top_n=2, what="named speakers", unit="quotes", n_total=12)
    assert _ytick_labels(ax) == ["Ada Lind (n = 4)", "Ben Ortiz (n = 3)"]
    assert ax.get_title(loc="left").endswith("(top 2 named speakers, 7 of 12 quotes)")
    every = plot_sentiment(named, top_n=10, what="named speakers", unit="quotes", n_total=12)
    assert every.get_title(loc="left").endswith("(top 4 named speakers, 10 of 12 quotes)")


def test_share_over_time_repeats_colours_with_new_line_styles(quotes) -> None:
    many = pd.concat(
        [quotes.assign(speaker_id=f"p{i}", speaker_name=f"Person {i:02d}") for i in range(9)],
        ignore_index=True,
    )
    ax = plot_share_over_time(many, top_n=9)
    styles = [line.get_linestyle() for line in ax.get_lines()]
    assert styles[:7] == ["-"] * 7 and styles[7:] == ["--", "--"]


def test_share_over_time_leaves_out_a_distant_lone_period_and_names_it() -> None:
    share = pd.DataFrame(
        {
            "month": ["2020-03", "2025-01", "2025-02", "2025-05"],
            "speaker_id": ["s1"] * 4,
            "speaker_name": ["Ana Ruiz"] * 4,
            "n_quotes": [2, 3, 1, 2],
            "quote_share": [1.0, 0.5, 0.25, 0.5],
        }
    )
    ax = plot_share_over_time(share)
    labels = [tick.get_text() for tick in ax.get_xticklabels()]
    assert labels == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    ys = ax.get_lines()[0].get_ydata()  # months without data inside the span stay gaps
    assert list(ys[[0, 1, 4]]) == [50.0, 25.0, 50.0] and np.isnan(ys[2:4]).all()
    assert "2020-03 with 2 quotes" in ax.get_xlabel()
    assert "n = 14 quotes" in ax.get_title(loc="left")  # 6 + 4 + 4 quotes, 2020 left out
    wide = plot_share_over_time(share, max_gap=60)
    assert len(wide.get_lines()[0].get_xdata()) == 63  # 2020-03 to 2025-05, every month
    assert "not drawn" not in wide.get_xlabel()


def test_share_over_time_draws_named_speakers_only(quotes) -> None:
    unresolved = quotes.assign(speaker_id=pd.NA, speaker_name=pd.NA).astype(
        {"speaker_id": "string", "speaker_name": "string"}
    )
    mostly_unknown = pd.concat([quotes, unresolved], ignore_index=True)  # 14 unresolved quotes
    ax = plot_share_over_time(mostly_unknown, top_n=2)
    assert [line.get_label() for line in ax.get_lines()] == ["Ada Lind", "Ben Ortiz"]
    assert "top 2 named speakers, n = 24 quotes" in ax.get_title(loc="left")
    ada = ax.get_lines()[0]
    assert list(ada.get_ydata()) == pytest.approx([25, 12.5, 12.5])  # of all quotes, 2, 1, 1 of 8


def test_plot_share_by_orders_and_colours_the_gender_categories() -> None:
    table = pd.DataFrame(
        {
            "gender": ["unknown speaker", "organization", "unknown", "male", "female"],
            "n_quotes": [1, 2, 1, 2, 4],
            "quote_share": [0.1, 0.2, 0.1, 0.2, 0.4],
        }
    )
    ax = plot_share_by(table)
    assert _ytick_labels(ax) == ["female", "male", "unknown", "organization", "unknown speaker"]
    colors = [matplotlib.colors.to_hex(bar.get_facecolor()).upper() for bar in _bars(ax)]
    assert colors == [*PALETTE[:2], UNKNOWN_COLOR, ORGANIZATION_COLOR, UNKNOWN_SPEAKER_COLOR]
    by_type = plot_share_by(table.rename(columns={"gender": "speaker_type"}).iloc[:2])
    organization = _bars(by_type)[_ytick_labels(by_type).index("organization")]
    assert matplotlib.colors.to_hex(organization.get_facecolor()).upper() == ORGANIZATION_COLOR
