"""Tests of analysis.terms: tokenising, term frequencies and weighted log-odds."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.paths import read_word_list
from analysis.terms import (
    DISTINCTIVE_TERMS,
    TERM_FREQUENCIES,
    distinctive_terms,
    stopwords,
    term_frequencies,
    text_ngrams,
    tokenize_terms,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Harbour Bridge vote", ["harbour", "bridge", "vote"]),
        ("Putin's spokesman said it", ["putin"]),  # possessive, stopwords, reporting verb
        ("Putin’s plan", ["putin", "plan"]),  # curly apostrophe
        ("We don't want 3,000 jobs cut in 2025.", ["want", "jobs", "cut"]),  # numbers dropped
        ("A long-term, well-funded plan!", ["long-term", "well-funded", "plan"]),
        ("The U.S. and the E.U. agreed", ["u.s.", "e.u.", "agreed"]),
        ("Ferry cuts: 'unacceptable' — residents", ["ferry", "cuts", "unacceptable", "residents"]),
        ("She told reporters, adding that she was according to plan", ["reporters", "plan"]),
        ("Café owners protest", ["café", "owners", "protest"]),
        ("Cafe\u0301 owners", ["café", "owners"]),  # decomposed accent: NFC first
        ("x y z 42", []),  # single characters and numbers
        ("", []),
        (None, []),
    ],
)
def test_tokenize_terms(text, expected) -> None:
    assert tokenize_terms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Putin's spokesman said the U.S. sanctions don't work.",
        "A long-term, well-funded plan!! (Really?) 3,000 jobs -- e.g. at the port.",
        "Zoë Brontë-Smith: «naïve» façade; Ελληνικά и русский текст 😀",
        "tabs\tand\nnew lines... O'Neill's rock'n'roll",
    ],
)
def test_term_tokenizer_matches_nltk_regexp_tokenizer(text) -> None:
    from nltk.tokenize import RegexpTokenizer

    from analysis.terms import TOKEN_PATTERN, TermTokenizer

    assert TermTokenizer().tokenize(text) == RegexpTokenizer(TOKEN_PATTERN).tokenize(text)


def test_stopword_file_is_clean_and_keeps_reporting_verbs_out() -> None:
    words = read_word_list("stopwords.txt")
    assert len(words) == len(set(words)), "duplicate stopwords"
    assert all(word == word.lower() and " " not in word for word in words)
    for verb in ("said", "says", "told", "added", "according", "stated"):
        assert verb in stopwords()


def test_ngrams_do_not_cross_dropped_words() -> None:
    grams = text_ngrams("The President of the United States visited Harbour Bridge.", (1, 3))
    assert grams == [
        "president",
        "united",
        "states",
        "visited",
        "harbour",
        "bridge",
        "united states",
        "states visited",
        "visited harbour",
        "harbour bridge",
        "united states visited",
        "states visited harbour",
        "visited harbour bridge",
    ]
    assert text_ngrams("tax cut", (2, 2)) == ["tax cut"]
    with pytest.raises(ValueError, match="ngram_range"):
        text_ngrams("tax cut", (2, 1))


@pytest.fixture
def quotes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quote_text": ["tax tax cut", "tax war", "war war", None, "the said"],
            "source": pd.array(["x", "x", "y", "y", None], dtype="string"),
        }
    )


def test_term_frequencies_hand_computed(quotes) -> None:
    table = term_frequencies(quotes)
    assert list(table.columns) == list(TERM_FREQUENCIES)
    # terms: tax 3 (docs 1, 2), war 3 (docs 2, 3), cut 1 (doc 1); 7 unigrams, 4 texts
    assert list(table["term"]) == ["tax", "war", "cut"]
    assert list(table["n"]) == [3, 3, 1]
    assert list(table["doc_freq"]) == [2, 2, 1]
    assert table["rel_freq"].tolist() == pytest.approx([3 / 7, 3 / 7, 1 / 7])
    idf = [math.log(5 / 3) + 1, math.log(5 / 3) + 1, math.log(5 / 2) + 1]
    expected = [f * i for f, i in zip([3 / 7, 3 / 7, 1 / 7], idf, strict=True)]
    assert table["tfidf"].tolist() == pytest.approx(expected)


def test_term_frequencies_by_group_with_bigrams(quotes) -> None:
    table = term_frequencies(quotes, by="source", ngram_range=(1, 2))
    assert list(table.columns) == ["source", *TERM_FREQUENCIES]
    rows = list(table[["source", "term", "ngram", "n"]].astype(object).itertuples(index=False))
    assert [tuple(row) for row in rows] == [
        ("x", "tax", 1, 3),
        ("x", "cut", 1, 1),
        ("x", "tax cut", 2, 1),
        ("x", "tax tax", 2, 1),
        ("x", "tax war", 2, 1),
        ("x", "war", 1, 1),
        ("y", "war", 1, 2),
        ("y", "war war", 2, 1),
    ]
    # relative frequency is within the same n-gram length
    x = table[table["source"] == "x"].set_index("term")
    assert x.loc["tax", "rel_freq"] == pytest.approx(3 / 5)
    assert x.loc["tax cut", "rel_freq"] == pytest.approx(1 / 3)


def test_term_frequencies_min_count_and_group_idf(quotes) -> None:
    table = term_frequencies(quotes, by="source", min_count=2)
    assert list(table["term"]) == ["tax", "war"]
    assert table["rel_freq"].tolist() == pytest.approx([3 / 5, 1.0])  # denominators kept
    by_group = term_frequencies(quotes, by="source", idf="groups")
    x = by_group[by_group["source"] == "x"].set_index("term")
    # 3 groups (x, y, unknown); "war" appears in 2 of them, "tax" in 1
    assert x.loc["war", "tfidf"] == pytest.approx(0.2 * (math.log(4 / 3) + 1))
    assert x.loc["tax", "tfidf"] == pytest.approx(0.6 * (math.log(4 / 2) + 1))
    with pytest.raises(ValueError, match="idf"):
        term_frequencies(quotes, idf="words")


def test_term_frequencies_empty_and_missing_column(quotes) -> None:
    empty = term_frequencies(quotes.iloc[:0], by=["source"])
    assert list(empty.columns) == ["source", *TERM_FREQUENCIES] and empty.empty
    only_stopwords = term_frequencies(pd.DataFrame({"text": ["the said"]}), text_column="text")
    assert only_stopwords.empty
    with pytest.raises(KeyError, match="text"):
        term_frequencies(quotes, text_column="text")


def test_distinctive_terms_hand_computed() -> None:
    # a: "tax tax cut", b: "tax war"; prior 1 => alpha = combined counts:
    # tax 3, cut 1, war 1; alpha_0 = 5, n_a = 3, n_b = 2.
    table = distinctive_terms(["tax tax cut"], ["tax war"], prior=1.0)
    assert list(table.columns) == list(DISTINCTIVE_TERMS)
    assert list(table["term"]) == ["cut", "tax", "war"]
    assert list(table["n_a"]) == [1, 2, 0]
    assert list(table["n_b"]) == [0, 1, 1]
    # cut: ln(2/6) - ln(1/6) = ln 2, var = 1/2 + 1/1
    # tax: ln(5/3) - ln(4/3) = ln(5/4), var = 1/5 + 1/4
    # war: ln(1/7) - ln(2/5), var = 1/1 + 1/2
    log_odds = [math.log(2), math.log(5 / 4), math.log(1 / 7) - math.log(2 / 5)]
    z = [log_odds[0] / math.sqrt(1.5), log_odds[1] / math.sqrt(0.45), log_odds[2] / math.sqrt(1.5)]
    assert table["log_odds"].tolist() == pytest.approx(log_odds)
    assert table["z"].tolist() == pytest.approx(z)


def test_distinctive_terms_inputs_prior_and_background() -> None:
    a = pd.DataFrame({"quote_text": ["bridge bridge toll", "bridge"]})
    b = pd.Series(["ferry ferry", "ferry toll"])
    table = distinctive_terms(a, b, prior=0.5, min_count=2)
    assert list(table["term"]) == ["bridge", "toll", "ferry"]
    assert table["z"].iloc[0] > 0 > table["z"].iloc[-1]
    # a stronger prior shrinks the log-odds toward zero
    strong = distinctive_terms(a, b, prior=5.0, min_count=2)
    assert abs(strong["log_odds"]).max() < abs(table["log_odds"]).max()
    # extra background counts add to the prior
    with_background = distinctive_terms(a, b, prior=0.5, background={"bridge": 100})
    bridge = with_background.set_index("term").loc["bridge"]
    assert bridge["log_odds"] < table.set_index("term").loc["bridge", "log_odds"]
    with pytest.raises(ValueError, match="prior"):
        distinctive_terms(a, b, prior=0)
    empty = distinctive_terms([], ["the"])
    assert list(empty.columns) == list(DISTINCTIVE_TERMS) and empty.empty


WORDS = ["bridge", "toll", "ferry", "strike", "the", "said", "vote", "2025", "U.S.", "—"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["x", "y"]), st.lists(st.sampled_from(WORDS), max_size=8)),
        min_size=1,
        max_size=12,
    )
)
def test_term_frequency_invariants(rows) -> None:
    frame = pd.DataFrame(
        {"source": [source for source, _ in rows], "quote_text": [" ".join(w) for _, w in rows]}
    )
    table = term_frequencies(frame, by="source", ngram_range=(1, 2))
    if table.empty:
        return
    sums = table.groupby(["source", "ngram"])["rel_freq"].sum()
    assert sums.to_numpy() == pytest.approx(1.0)
    assert (table["doc_freq"] <= table["n"]).all()
    assert (table["tfidf"] > 0).all()
    assert not set(table["term"]) & {"the", "said", "2025"}
    unigrams = table[table["ngram"] == 1]
    expected = sum(len(tokenize_terms(text)) for text in frame["quote_text"])
    assert unigrams["n"].sum() == expected
