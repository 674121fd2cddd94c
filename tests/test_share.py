"""Tests of analysis.share on a hand-built corpus whose answers are worked out by hand.

Corpus: three articles, five quotes.

    quote  article  source  month    speaker       gender   type       words
    q1     a1       X       2025-01  s1 Alice      female   direct     10
    q2     a1       X       2025-01  s2 Bob        male     indirect    5
    q3     a2       X       2025-02  s1 Alice      female   direct     20
    q4     a2       X       2025-02  (unresolved)  unknown  mixed       5
    q5     a3       Y       2025-02  s2 Bob        male     direct     10

In the gender tables, q4 is an "unknown speaker" (not a person of unknown gender); the tests
of those tables add an organisation and a person of unknown gender (``with_others``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.bootstrap import bootstrap_totals
from analysis.share import (
    CATEGORIES,
    GENDER_GAP,
    SHARE_BY,
    SPEAKER_SHARE,
    UNIQUE_SOURCES,
    annotate_quotes,
    filter_quotes,
    gender_gap,
    share_by,
    speaker_share,
    unique_sources,
)


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": pd.array(["a1", "a2", "a3", "a4"], dtype="string"),
            "source": pd.array(["X", "X", "Y", "Y"], dtype="string"),
            "published_at": pd.to_datetime(
                ["2025-01-10 08:00", "2025-02-05 12:00", "2025-02-28 23:30", "2025-03-01 00:00"],
                utc=True,
            ),
        }
    )


@pytest.fixture
def quotes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quote_id": pd.array(["q1", "q2", "q3", "q4", "q5"], dtype="string"),
            "article_id": pd.array(["a1", "a1", "a2", "a2", "a3"], dtype="string"),
            "quote_type": pd.array(
                ["direct", "indirect", "direct", "mixed", "direct"], dtype="string"
            ),
            "speaker_id": pd.array(["s1", "s2", "s1", None, "s2"], dtype="string"),
            "speaker_name": pd.array(["Alice", "Bob", "Alice", None, "Bob"], dtype="string"),
            "n_words": [10, 5, 20, 5, 10],
        }
    )


@pytest.fixture
def speakers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "speaker_id": pd.array(["s1", "s2"], dtype="string"),
            "gender": pd.array(["female", "male"], dtype="string"),
            "speaker_type": pd.array(["person", "person"], dtype="string"),
        }
    )


@pytest.fixture
def annotated(quotes, articles, speakers) -> pd.DataFrame:
    return annotate_quotes(quotes, articles, speakers)


def _rows(table: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(row) for row in table[columns].astype(object).itertuples(index=False)]


# ---------------------------------------------------------------------------
# annotate_quotes


def test_annotate_adds_context_and_attributes(quotes, articles, speakers, annotated) -> None:
    before = quotes.copy()
    assert list(annotated["source"]) == ["X", "X", "X", "X", "Y"]
    assert list(annotated["month"]) == ["2025-01", "2025-01", "2025-02", "2025-02", "2025-02"]
    assert list(annotated["gender"]) == ["female", "male", "female", "unknown", "male"]
    assert list(annotated["speaker_type"]) == ["person", "person", "person", "unknown", "person"]
    dtype = annotated["published_at"].dtype
    assert isinstance(dtype, pd.DatetimeTZDtype) and str(dtype.tz) == "UTC"
    pd.testing.assert_frame_equal(quotes, before)
    # idempotent: existing columns are kept
    pd.testing.assert_frame_equal(annotate_quotes(annotated, None), annotated)


def test_annotate_speaker_missing_from_table_and_no_date(quotes, articles, speakers) -> None:
    articles = articles.assign(published_at=articles["published_at"].where(articles.index != 2))
    annotated = annotate_quotes(quotes, articles, speakers.iloc[:1])
    assert list(annotated["gender"]) == ["female", "unknown", "female", "unknown", "unknown"]
    assert annotated["month"].isna().tolist() == [False, False, False, False, True]
    no_speakers = annotate_quotes(quotes, articles)
    assert set(no_speakers["gender"]) == {"unknown"}
    stored = quotes.assign(speaker_gender=pd.array(["female", "male", None, "male", None]))
    from_quotes = annotate_quotes(stored, articles)
    assert list(from_quotes["gender"]) == ["female", "male", "unknown", "unknown", "unknown"]


def test_annotate_takes_speaker_attributes_from_the_speakers_table(quotes, articles, speakers):
    # quotes as `analysis process` stores them, then the speakers table edited in a notebook
    stored = quotes.assign(
        speaker_type=pd.array(["organization", "person", "organization", None, "person"]),
        gender=pd.array(["unknown"] * 5, dtype="string"),
    )
    edited = speakers.assign(speaker_type=pd.array(["person", "organization"], dtype="string"))
    annotated = annotate_quotes(stored, articles, edited)
    assert list(annotated["speaker_type"]) == [
        "person", "organization", "person", "unknown", "organization",
    ]  # fmt: skip
    assert list(annotated["gender"]) == ["female", "male", "female", "unknown", "male"]
    pd.testing.assert_frame_equal(annotate_quotes(annotated, None, edited), annotated)
    # without a speakers table the quotes' own columns stay
    kept = annotate_quotes(stored, articles)
    assert list(kept["speaker_type"])[:2] == ["organization", "person"]


# ---------------------------------------------------------------------------
# filter_quotes


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, ["q1", "q2", "q3", "q4", "q5"]),
        ({"date_from": "2025-02-01"}, ["q3", "q4", "q5"]),
        ({"date_to": "2025-02-05"}, ["q1", "q2", "q3", "q4"]),  # whole last day kept
        ({"date_to": "2025-02-05 11:00"}, ["q1", "q2"]),
        ({"date_from": pd.Timestamp("2025-02-28 23:00", tz="UTC")}, ["q5"]),
        ({"sources": "Y"}, ["q5"]),
        ({"sources": ["X", "Z"]}, ["q1", "q2", "q3", "q4"]),
        ({"quote_types": ["direct"]}, ["q1", "q3", "q5"]),
        ({"quote_types": "direct", "sources": ["X"]}, ["q1", "q3"]),
        ({"speakers": ["Alice"]}, ["q1", "q3"]),
        ({"speakers": "s2"}, ["q2", "q5"]),
        ({"speakers": ["unknown"]}, ["q4"]),
        ({"date_from": "2026-01-01"}, []),
    ],
)
def test_filter_quotes(annotated, options, expected) -> None:
    assert list(filter_quotes(annotated, **options)["quote_id"]) == expected


def test_filter_drops_undated_quotes_only_when_filtering_dates(annotated) -> None:
    undated = annotated.assign(published_at=annotated["published_at"].where(annotated.index != 0))
    assert len(filter_quotes(undated)) == 5
    assert "q1" not in set(filter_quotes(undated, date_to="2030-01-01")["quote_id"])


# ---------------------------------------------------------------------------
# speaker_share


def test_speaker_share_overall_hand_computed(annotated) -> None:
    table = speaker_share(annotated, n_boot=300)
    assert list(table.columns) == list(SPEAKER_SHARE)
    # 5 quotes / 50 words: Alice 2 quotes 30 words, Bob 2 / 15, unknown 1 / 5
    assert _rows(table, ["speaker_name", "n_quotes", "n_words", "n_articles"]) == [
        ("Alice", 2, 30, 2),
        ("Bob", 2, 15, 2),
        ("unknown", 1, 5, 1),
    ]
    assert table["quote_share"].tolist() == pytest.approx([0.4, 0.4, 0.2])
    assert table["word_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert table["speaker_id"].isna().tolist() == [False, False, True]
    assert table["quote_share"].sum() == pytest.approx(1)


def test_speaker_share_by_source_weighted_by_words(annotated) -> None:
    table = speaker_share(annotated, by="source", weight="words", n_boot=300)
    assert list(table.columns) == ["source", *SPEAKER_SHARE]
    assert _rows(table, ["source", "speaker_name", "n_quotes"]) == [
        ("X", "Alice", 2),
        ("X", "Bob", 1),
        ("X", "unknown", 1),
        ("Y", "Bob", 1),
    ]
    assert table["quote_share"].tolist() == pytest.approx([0.5, 0.25, 0.25, 1.0])
    assert table["word_share"].tolist() == pytest.approx([0.75, 0.125, 0.125, 1.0])
    # In X each article has one Alice quote out of two quotes: every resample gives 1/2.
    alice = table.iloc[0]
    assert (alice["quote_share_low"], alice["quote_share_high"]) == (0.5, 0.5)
    # Alice's words: a1 10/15, a2 20/25; resamples give 2/3, 30/40 or 4/5.
    assert alice["word_share_low"] == pytest.approx(2 / 3)
    assert alice["word_share_high"] == pytest.approx(0.8)
    # Y has a single article: no interval.
    assert table.iloc[3][["quote_share_low", "quote_share_high"]].isna().all()


def test_speaker_share_by_month_and_article(annotated) -> None:
    by_month = speaker_share(annotated, by=["month"], ci=False)
    assert _rows(by_month, ["month", "speaker_name", "n_quotes"]) == [
        ("2025-01", "Alice", 1),
        ("2025-01", "Bob", 1),
        ("2025-02", "Alice", 1),
        ("2025-02", "Bob", 1),
        ("2025-02", "unknown", 1),
    ]
    by_article = speaker_share(annotated, by="article_id", ci=False)
    assert by_article.groupby("article_id")["quote_share"].sum().tolist() == pytest.approx([1] * 3)


def test_confidence_intervals_are_seeded(annotated) -> None:
    first = speaker_share(annotated, n_boot=200, seed=7)
    again = speaker_share(annotated, n_boot=200, seed=7)
    pd.testing.assert_frame_equal(first, again)
    for share in ("quote_share", "word_share"):
        assert (first[f"{share}_low"] <= first[share]).all()
        assert (first[share] <= first[f"{share}_high"]).all()
        assert first[f"{share}_low"].between(0, 1).all()
        assert first[f"{share}_high"].between(0, 1).all()
    no_ci = speaker_share(annotated, ci=False)
    assert no_ci[["quote_share_low", "word_share_high"]].isna().all().all()


def test_min_quotes_filters_after_shares(annotated) -> None:
    table = speaker_share(annotated, min_quotes=2, ci=False)
    assert list(table["speaker_name"]) == ["Alice", "Bob", "unknown"]  # unknown always kept
    assert table["quote_share"].tolist() == pytest.approx([0.4, 0.4, 0.2])
    by_source = speaker_share(annotated, by="source", min_quotes=2, ci=False)
    assert _rows(by_source, ["source", "speaker_name"]) == [("X", "Alice"), ("X", "unknown")]


def test_speaker_share_errors_and_empty(annotated) -> None:
    with pytest.raises(ValueError, match="weight"):
        speaker_share(annotated, weight="characters")
    with pytest.raises(KeyError, match="outlet"):
        speaker_share(annotated, by="outlet")
    empty = speaker_share(annotated.iloc[:0], by=["source"])
    assert empty.empty
    assert list(empty.columns) == ["source", *SPEAKER_SHARE]


def test_speaker_name_falls_back_to_id() -> None:
    frame = pd.DataFrame(
        {
            "article_id": ["a1", "a1"],
            "speaker_id": pd.array(["s9", "s9"], dtype="string"),
            "speaker_name": pd.array([None, None], dtype="string"),
            "n_words": [1, 2],
        }
    )
    assert speaker_share(frame)["speaker_name"].tolist() == ["s9"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from(["s1", "s2", "s3", None]), st.integers(0, 9)),
        min_size=1,
        max_size=40,
    )
)
def test_shares_sum_to_one_and_intervals_contain_estimates(rows) -> None:
    frame = pd.DataFrame(
        {
            "article_id": [f"a{article}" for article, _, _ in rows],
            "speaker_id": pd.array([speaker for _, speaker, _ in rows], dtype="string"),
            "speaker_name": pd.array([speaker for _, speaker, _ in rows], dtype="string"),
            "n_words": [words for _, _, words in rows],
        }
    )
    table = speaker_share(frame, n_boot=50)
    assert table["n_quotes"].sum() == len(rows)
    assert table["quote_share"].sum() == pytest.approx(1)
    has_ci = table["quote_share_low"].notna()
    assert (table.loc[has_ci, "quote_share_low"] <= table.loc[has_ci, "quote_share"]).all()
    assert (table.loc[has_ci, "quote_share"] <= table.loc[has_ci, "quote_share_high"]).all()
    if frame["speaker_id"].isna().any():
        assert "unknown" in set(table["speaker_name"])


# ---------------------------------------------------------------------------
# bootstrap_totals


def test_bootstrap_totals_matches_a_plain_loop() -> None:
    article_codes = np.array([0, 0, 1, 2, 2, 2, 3])
    category_codes = np.array([0, 1, 1, 0, 2, 2, 1])
    values = np.column_stack([np.ones(7), np.arange(1, 8)])
    n_boot = 25
    totals = bootstrap_totals(
        article_codes,
        category_codes,
        values,
        n_articles=4,
        n_categories=3,
        n_boot=n_boot,
        rng=np.random.default_rng(11),
    )
    draws = np.random.default_rng(11).integers(0, 4, size=(n_boot, 4))
    expected = np.zeros((2, n_boot, 3))
    for b in range(n_boot):
        for article in draws[b]:
            for item in np.flatnonzero(article_codes == article):
                expected[:, b, category_codes[item]] += values[item]
    np.testing.assert_allclose(totals, expected)


# ---------------------------------------------------------------------------
# share_by and unique_sources


def test_share_by_gender_hand_computed(annotated) -> None:
    table = share_by(annotated, n_boot=200)
    assert list(table.columns) == ["gender", *SHARE_BY]
    assert _rows(table, ["gender", "n_quotes", "n_words", "n_speakers", "n_articles"]) == [
        ("female", 2, 30, 1, 2),
        ("male", 2, 15, 1, 2),
        ("unknown speaker", 1, 5, 0, 1),
        ("organization", 0, 0, 0, 0),
        ("unknown", 0, 0, 0, 0),
    ]
    assert table["quote_share"].tolist() == pytest.approx([0.4, 0.4, 0.2, 0, 0])
    assert table["word_share"].tolist() == pytest.approx([0.6, 0.3, 0.1, 0, 0])
    assert (table["quote_share_low"] <= table["quote_share"]).all()


def test_share_by_lists_every_category_in_every_group(annotated) -> None:
    # the corpus quotes no organisation and no person of unknown gender: their rows are 0
    table = share_by(annotated, by="month", weight="words", ci=False)
    assert _rows(table, ["month", "gender", "n_quotes"]) == [
        ("2025-01", "female", 1),
        ("2025-01", "male", 1),
        ("2025-01", "organization", 0),
        ("2025-01", "unknown", 0),
        ("2025-01", "unknown speaker", 0),
        ("2025-02", "female", 1),
        ("2025-02", "male", 1),
        ("2025-02", "unknown speaker", 1),
        ("2025-02", "organization", 0),
        ("2025-02", "unknown", 0),
    ]
    assert table["word_share"].tolist() == pytest.approx(
        [10 / 15, 5 / 15, 0, 0, 0, 20 / 35, 10 / 35, 5 / 35, 0, 0]
    )
    by_type = share_by(annotated, attribute="speaker_type", ci=False)
    assert _rows(by_type, ["speaker_type", "n_quotes"]) == [
        ("person", 4),
        ("unknown speaker", 1),
        ("organization", 0),
        ("unknown", 0),
    ]
    empty = share_by(annotated.iloc[:0], by="source")
    assert list(empty.columns) == ["source", "gender", *SHARE_BY] and empty.empty
    # no groups: the one (empty) selection still lists every category, with no quotes
    whole = share_by(annotated.iloc[:0])
    assert whole["gender"].tolist() == list(CATEGORIES["gender"])
    assert (whole["n_quotes"] == 0).all() and whole["quote_share"].isna().all()


def test_unique_sources_hand_computed(annotated, articles) -> None:
    # (article, speaker) pairs: a1 Alice, a1 Bob, a2 Alice, a2 unresolved, a3 Bob
    table = unique_sources(annotated, n_boot=200)
    assert list(table.columns) == ["gender", *UNIQUE_SOURCES]
    assert _rows(table, ["gender", "n_articles", "n_sources"]) == [
        ("female", 3, 2),
        ("male", 3, 2),
        ("unknown speaker", 3, 1),
        ("organization", 3, 0),
        ("unknown", 3, 0),
    ]
    assert table["sources_per_article"].sum() == pytest.approx(5 / 3)
    assert table["source_share"].tolist() == pytest.approx([0.4, 0.4, 0.2, 0, 0])
    # a repeated speaker in one article is one source
    doubled = pd.concat([annotated, annotated.iloc[[0]]], ignore_index=True)
    pd.testing.assert_frame_equal(unique_sources(doubled, n_boot=200), table)
    # counting the article without quotes (a4, source Y)
    by_source = unique_sources(annotated, by="source", articles=articles, ci=False)
    assert _rows(by_source, ["source", "gender", "n_articles", "n_sources"]) == [
        ("X", "female", 2, 2),
        ("X", "male", 2, 1),
        ("X", "unknown speaker", 2, 1),
        ("X", "organization", 2, 0),
        ("X", "unknown", 2, 0),
        ("Y", "male", 2, 1),
        ("Y", "female", 2, 0),
        ("Y", "organization", 2, 0),
        ("Y", "unknown", 2, 0),
        ("Y", "unknown speaker", 2, 0),
    ]
    assert by_source["sources_per_article"].tolist() == pytest.approx(
        [1, 0.5, 0.5, 0, 0, 0.5, 0, 0, 0, 0]
    )
    empty = unique_sources(annotated.iloc[:0])
    assert list(empty.columns) == ["gender", *UNIQUE_SOURCES] and empty.empty


@pytest.fixture
def with_others(annotated) -> pd.DataFrame:
    """The corpus plus, in a3 (source Y), an organisation quoted twice and a person of
    unknown gender, and in a1 a second quote of Alice."""
    extra = pd.DataFrame(
        {
            "quote_id": ["q6", "q7", "q8", "q9"],
            "article_id": ["a3", "a3", "a3", "a1"],
            "speaker_id": ["s3", "s3", "s4", "s1"],
            "speaker_name": ["Harbour Board", "Harbour Board", "Sam Reyes", "Alice"],
            "gender": ["unknown", "unknown", "unknown", "female"],
            "speaker_type": ["organization", "organization", "person", "person"],
            "source": ["Y", "Y", "Y", "X"],
            "n_words": [4, 4, 4, 4],
        }
    )
    return pd.concat([annotated, extra.astype({"n_words": "int64"})], ignore_index=True)


def test_gender_tables_keep_organisations_and_unresolved_speakers_apart(with_others) -> None:
    by_quotes = share_by(with_others, ci=False)
    assert _rows(by_quotes, ["gender", "n_quotes"]) == [
        ("female", 3),
        ("male", 2),
        ("organization", 2),
        ("unknown", 1),
        ("unknown speaker", 1),
    ]
    assert by_quotes["quote_share"].sum() == pytest.approx(1)
    # sources: a1 Alice, a1 Bob, a2 Alice, a2 unresolved, a3 Bob, a3 Board, a3 Sam
    by_sources = unique_sources(with_others, by="source", ci=False)
    assert _rows(by_sources, ["source", "gender", "n_sources"]) == [
        ("X", "female", 2),
        ("X", "male", 1),
        ("X", "unknown speaker", 1),
        ("X", "organization", 0),
        ("X", "unknown", 0),
        ("Y", "male", 1),
        ("Y", "organization", 1),
        ("Y", "unknown", 1),
        ("Y", "female", 0),
        ("Y", "unknown speaker", 0),
    ]
    assert by_sources.groupby("source")["source_share"].sum().tolist() == pytest.approx([1, 1])
    by_type = share_by(with_others, attribute="speaker_type", ci=False)
    assert _rows(by_type, ["speaker_type", "n_quotes"]) == [
        ("person", 6),
        ("organization", 2),
        ("unknown speaker", 1),
        ("unknown", 0),
    ]


def test_every_selection_lists_the_same_categories(annotated, with_others) -> None:
    # a researcher comparing two corpora (or outlets) gets the same rows in each table,
    # also for categories a selection does not quote (source Y: one man, no organisation)
    only_y = annotated[annotated["source"] == "Y"]
    for attribute, categories in [
        ("gender", {"female", "male", "unknown", "organization", "unknown speaker"}),
        ("speaker_type", {"person", "organization", "unknown", "unknown speaker"}),
    ]:
        for quotes in (annotated, with_others, only_y):
            assert set(share_by(quotes, attribute=attribute, ci=False)[attribute]) == categories
            assert set(unique_sources(quotes, attribute=attribute, ci=False)[attribute]) == (
                categories
            )
    y_gender = share_by(only_y, n_boot=50).set_index("gender")
    assert y_gender["n_quotes"].to_dict() == {
        "male": 1,
        "female": 0,
        "organization": 0,
        "unknown": 0,
        "unknown speaker": 0,
    }
    assert y_gender.loc["organization", "quote_share"] == 0


def test_gender_gap_is_the_share_of_women_among_people_of_known_gender(with_others) -> None:
    sources = gender_gap(with_others, n_boot=200)
    assert list(sources.columns) == list(GENDER_GAP)
    counts = ["n_female", "n_male", "n_unknown_gender", "n_organization", "n_unknown_speaker"]
    assert _rows(sources, counts) == [(2, 2, 1, 1, 1)]
    assert sources.loc[0, "female_share"] == pytest.approx(0.5)  # 2 women of 4 people
    assert sources.loc[0, "male_share"] == pytest.approx(0.5)
    assert sources.loc[0, "female_share_low"] <= 0.5 <= sources.loc[0, "female_share_high"]
    quotes = gender_gap(with_others, unit="quotes", ci=False)
    assert _rows(quotes, counts) == [(3, 2, 1, 2, 1)]
    assert quotes.loc[0, "female_share"] == pytest.approx(3 / 5)
    assert quotes["female_share_low"].isna().all()  # ci=False
    by_source = gender_gap(with_others, by="source", n_boot=200)
    assert _rows(by_source, ["source", *counts]) == [("X", 2, 1, 0, 0, 1), ("Y", 0, 1, 1, 1, 0)]
    assert by_source["female_share"].tolist() == pytest.approx([2 / 3, 0])
    assert by_source["female_share_low"].isna().tolist() == [False, True]  # Y: one article
    # no person of known gender: no share
    others = with_others[with_others["gender"] == "unknown"]
    assert math.isnan(gender_gap(others).loc[0, "female_share"])
    empty = gender_gap(with_others.iloc[:0], by="source")
    assert list(empty.columns) == ["source", *GENDER_GAP] and empty.empty
    with pytest.raises(ValueError, match="unit"):
        gender_gap(with_others, unit="words")


def test_group_with_one_article_has_no_interval(annotated) -> None:
    table = share_by(annotated, by="source")
    y_rows = table[table["source"] == "Y"]
    assert y_rows["quote_share_low"].isna().all()
    assert not math.isnan(table.loc[table["source"] == "X", "quote_share_low"].iloc[0])


def test_empty_contract_tables_flow_through() -> None:
    from analysis.schemas import ARTICLES, QUOTES, SPEAKERS, empty_table

    annotated = annotate_quotes(empty_table(QUOTES), empty_table(ARTICLES), empty_table(SPEAKERS))
    assert {"source", "month", "gender", "speaker_type"} <= set(annotated.columns)
    kept = filter_quotes(annotated, date_from="2025-01-01", sources="X", speakers=["Alice"])
    assert kept.empty
    assert list(speaker_share(kept, by=["source", "month"]).columns) == [
        "source",
        "month",
        *SPEAKER_SHARE,
    ]
    assert list(share_by(kept, attribute="speaker_type").columns) == [
        "speaker_type",
        *SHARE_BY,
    ]
    table = unique_sources(kept, by="source", articles=empty_table(ARTICLES))
    assert list(table.columns) == ["source", "gender", *UNIQUE_SOURCES] and table.empty


def test_intervals_do_not_depend_on_other_groups_or_row_order(annotated) -> None:
    # more articles so that the intervals are not degenerate
    bigger = pd.concat(
        [annotated.assign(article_id=annotated["article_id"] + f"-{i}") for i in range(4)],
        ignore_index=True,
    )
    all_sources = speaker_share(bigger, by="source", n_boot=100, seed=5)
    only_x = speaker_share(bigger[bigger["source"] == "X"], by="source", n_boot=100, seed=5)
    pd.testing.assert_frame_equal(all_sources[all_sources["source"] == "X"], only_x)
    shuffled = bigger.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(
        speaker_share(shuffled, by="source", n_boot=100, seed=5), all_sources
    )


def test_filter_quotes_rejects_reversed_dates_and_unknown_types() -> None:
    quotes = pd.DataFrame({"published_at": [], "quote_type": [], "source": []})
    with pytest.raises(ValueError, match="after date_to"):
        filter_quotes(quotes, date_from="2025-09-01", date_to="2025-01-01")
    with pytest.raises(ValueError, match="unknown quote types \\['quoted'\\]"):
        filter_quotes(quotes, quote_types=["direct", "quoted"])
    with pytest.raises(ValueError, match="date_from '2025-13-01' is not a date"):
        filter_quotes(quotes, date_from="2025-13-01")


def test_filter_quotes_by_what_the_cue_reports() -> None:
    quotes = pd.DataFrame(
        {
            "quote_id": ["q1", "q2", "q3", "q4"],
            # said, believes, a poll found, a quotation continued without a cue
            "cue_kind": pd.array(["speech", "thought", "evidence", None], dtype="string"),
        }
    )
    # a quotation without a cue counts as speech
    assert filter_quotes(quotes, cue_kinds="speech")["quote_id"].tolist() == ["q1", "q4"]
    assert filter_quotes(quotes, cue_kinds="thought")["quote_id"].tolist() == ["q2"]
    kept = filter_quotes(quotes, cue_kinds=["speech", "thought"])
    assert kept["quote_id"].tolist() == ["q1", "q2", "q4"]
    assert filter_quotes(quotes, cue_kinds=[]).empty
    with pytest.raises(ValueError, match="unknown cue kinds \\['belief'\\]"):
        filter_quotes(quotes, cue_kinds=["belief"])
    with pytest.raises(ValueError, match="no cue_kind column"):
        filter_quotes(quotes.drop(columns="cue_kind"), cue_kinds="speech")


def test_annotate_with_a_speakers_table_lacking_a_column_uses_the_quotes_own() -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a"],
            "speaker_id": ["sp_1"],
            "speaker_type": ["organization"],
            "source": ["s"],
            "published_at": [None],
        }
    )
    speakers = pd.DataFrame({"speaker_id": ["sp_1"], "gender": ["female"]})
    out = annotate_quotes(quotes, None, speakers)
    assert out[["gender", "speaker_type"]].values.tolist() == [["female", "organization"]]
