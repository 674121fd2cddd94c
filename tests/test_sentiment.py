"""Tests of analysis.sentiment: VADER scores, their agreement with vaderSentiment, aggregates."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as ReferenceAnalyzer

from analysis.schemas import SENTIMENT
from analysis.sentiment import (
    SENTIMENT_SUMMARY,
    normalize_sentiment_text,
    quoted_vs_narration,
    score_sentiment,
    sentiment_analyzer,
    sentiment_by,
    sentiment_scores,
)

# (text, why our compound differs from vaderSentiment's, or None when it must be equal).
# Differences come from NLTK's port of VADER, which we use as the design asks; a test
# failure on a "differs" row means NLTK changed and the note should be revisited.
ONE_LETTER = "NLTK drops one-letter tokens ('a'), so negations and boosters reach further"
REPEATED = "NLTK scores every copy of a repeated word in the context of its first copy"
NO_RULE = "vaderSentiment 3.3 treats 'no' before a lexicon word as a negator without own valence"
COMPARISON = [
    ("The council approved the budget.", None),
    ("The harbour bridge is a good idea.", None),
    ("The harbour bridge is not a good idea.", None),  # negation
    ("The ferry service isn’t reliable.", None),  # curly apostrophe, n't negation
    ("Workers are VERY angry about the cuts!!!", None),  # caps booster, exclamation
    ("Workers are very angry about the cuts", None),  # booster
    ("The vote was close, but the result is excellent.", None),  # "but" shift
    ("The mayor was kind of disappointed.", None),  # "kind of" dampener
    ("Residents are somewhat hopeful.", None),  # dampener
    ("This is absolutely wonderful news :)", None),  # emoticon
    ("What a terrible day :(", None),  # emoticon
    ("Are you serious??", None),  # question marks
    ("Nobody is happy with the ballot.", None),
    ("The strike was a disaster; dock workers were furious.", None),
    ("At least it isn't a horrible outcome.", None),  # "least" rule
    ("The union called the offer (frankly) insulting.", None),  # parentheses
    ("The project is the bomb", None),  # idiom
    ("We will not let them win.", None),
    ("“The island deserves better,”", None),  # quotation marks stripped
    ("Good news. It is not good for everyone.", None),  # case makes the copies distinct
    ("It is hardly a success.", ONE_LETTER),
    ("Don’t call it a failure.", ONE_LETTER),
    ("The deal is not good, the deal is good.", REPEATED),
    ("no problem at all", NO_RULE),
    ("There is no doubt the bridge will open.", NO_RULE),
    (
        "Never so good.",
        "NLTK matches 'never so/this' case-sensitively, so 'Never' negates instead",
    ),
    ("The plan was never this good.", "NLTK boosts 'never this X' by 1.5, vaderSentiment 1.25"),
    (
        "Without a doubt, an excellent result.",
        "vaderSentiment exempts 'without (a) doubt' from negation; NLTK negates",
    ),
    (
        "What a mess...",
        "NLTK strips only its own punctuation list from word edges: 'mess...' is not found",
    ),
    (
        "We are thrilled 😀",
        "vaderSentiment reads emoji through its emoji lexicon; NLTK ignores them",
    ),
]


@pytest.fixture(scope="module")
def reference() -> ReferenceAnalyzer:
    return ReferenceAnalyzer()


@pytest.mark.parametrize(("text", "difference"), COMPARISON)
def test_compound_matches_vader_sentiment_or_difference_is_documented(
    text: str, difference: str | None, reference: ReferenceAnalyzer
) -> None:
    normalized = normalize_sentiment_text(text)
    ours = sentiment_scores(text)["sentiment_compound"]
    theirs = reference.polarity_scores(normalized)["compound"]
    if difference is None:
        assert ours == theirs
    else:
        assert ours != theirs, f"documented difference no longer holds: {difference}"


def test_comparison_table_is_varied_enough() -> None:
    assert len(COMPARISON) >= 20
    assert sum(note is None for _, note in COMPARISON) >= 20


# Texts that exercise every VADER rule: sentiment_scores must give NLTK's own four numbers.
RULE_TEXTS = [
    "",  # no token: all four scores are 0
    "   ",
    "x y",  # one-character tokens are dropped
    "!!! ??? ...",  # punctuation only: neutral
    "The council met on Tuesday.",  # no lexicon word: neutral
    "It's good!!!",  # "!" emphasis
    "Wow!!!!!! Great",  # at most 4 "!" count
    "Are you serious??",  # "?" emphasis
    "Really???? Good?",
    "!!!good good!?! 'good' (great) --bad-- ...wow... don't,",  # marks at token ends
    "The plan is not good.",  # negation
    "It isn't bad; don't worry, nothing is wrong without hope",
    "He ain't happy, uh-uh, nope",
    "It mayn't be good",  # any word with "n't" negates
    "The plan is very good.",  # booster
    "It is EXTREMELY bad news for them",  # booster in caps
    "The plan is really, truly, quite a mess",  # boosters 2 and 3 words before
    "The result is GREAT, the cost is low",  # word in caps
    "GREAT GOOD",  # all words in caps: no caps boost
    "The vote was close, but the result is excellent.",  # "but"
    "Good but bad but good",
    "The mayor was kind of disappointed.",  # "kind of" dampener
    "It is sort of nice, just enough fun",
    "He is kind of kind",
    "At least it isn't a horrible outcome.",  # "least"
    "least good; the least good idea; very least bad",
    "Never so good.",  # "never so/this", case-sensitive
    "never so good, it was never this bad, this is so good",
    "Voters in this great city",  # "this" 1 word before: NLTK boosts without "never"
    "The project is the bomb",  # idioms
    "That movie was the shit and bad ass",
    "yeah right, it does not cut the mustard",
    "a kiss of death; living hand to mouth",
    "Not bad, not bad at all; honestly?! AMAZING work, but the ending... terrible.",
    "good good good bad bad",
    "Good news. It is not good for everyone.",
    "The deal is not good, the deal is good.",  # a repeated word: its first context
    ":) :( :D",  # emoticons
    "A. B. C. :-) ;) <3 I love it",
    "He said: 'kind of nice' - sort of.",
    "We are thrilled 😀",
    "The ΚIND of ΣΟΦΙΑ café — wonderful…",  # non-ASCII letters and marks
]


@pytest.fixture(scope="module")
def nltk_vader():
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    analyzer = sentiment_analyzer()
    assert type(analyzer) is SentimentIntensityAnalyzer  # NLTK's own, not a rewrite
    return analyzer


def _nltk_scores(analyzer, text: str) -> dict[str, float]:
    scores = analyzer.polarity_scores(normalize_sentiment_text(text))
    return {f"sentiment_{key}": scores[key] for key in ("compound", "pos", "neu", "neg")}


@pytest.mark.parametrize("text", RULE_TEXTS)
def test_scores_equal_nltk_vader(text: str, nltk_vader) -> None:
    assert sentiment_scores(text) == _nltk_scores(nltk_vader, text)


_RULE_WORDS = [
    *["good", "bad", "kind", "of", "sort", "the", "bomb", "shit", "cut", "mustard", "kiss"],
    *["death", "hand", "to", "mouth", "yeah", "right", "just", "enough", "very", "so"],
    *["this", "never", "not", "don't", "n't", "least", "at", "but", "extremely", "barely"],
    *["without", "no", ":)", ":(", "<3", "!", "??", "...", "-", "a", "I"],
]
_GENERATED_WORD = st.builds(
    lambda word, upper, mark, mark_first: (
        (mark if mark_first else "")
        + (word.upper() if upper else word)
        + ("" if mark_first else mark)
    ),
    st.sampled_from(_RULE_WORDS) | st.text(max_size=3),
    st.booleans(),
    st.sampled_from(["", "", "!", ",", ".", "?!?", "'", "-", ")"]),
    st.booleans(),
)
_GENERATED_TEXT = st.lists(
    st.tuples(_GENERATED_WORD, st.sampled_from([" ", " ", "  ", "\t", "\n", "\xa0"])),
    max_size=14,
).map(lambda pairs: "".join(word + space for word, space in pairs))


@given(text=_GENERATED_TEXT)
@settings(max_examples=300, deadline=None)
def test_scores_equal_nltk_vader_on_generated_texts(text: str, nltk_vader) -> None:
    assert sentiment_scores(text) == _nltk_scores(nltk_vader, text)


def test_scores_stay_equal_when_the_word_cache_starts_again(nltk_vader, monkeypatch) -> None:
    from analysis import vader

    monkeypatch.setattr(vader, "_MAX_WORDS", 5)
    vader._vader().words.clear()
    for text in RULE_TEXTS:
        assert sentiment_scores(text) == _nltk_scores(nltk_vader, text)
        assert len(vader._vader().words) <= 5


# decimals halfway between two roundings to 3 or 4 digits (round() decides those itself)
_HALVES = st.builds(
    lambda k, digits: (k + 0.5) / 10**digits, st.integers(-(10**4), 10**4), st.sampled_from([3, 4])
)


@given(
    value=st.floats(-1.0, 1.0) | _HALVES | st.sampled_from([0.0, -0.0, -0.00004, 0.99995]),
    digits=st.sampled_from([3, 4]),
)
@settings(max_examples=500)
def test_rounded_is_round_to_the_bit(value: float, digits: int) -> None:
    from analysis.vader import _rounded

    assert repr(_rounded(value, digits)) == repr(round(value, digits))  # -0.0 too


def test_score_sentiment_scores_each_text_like_sentiment_scores() -> None:
    scored = score_sentiment(pd.DataFrame({"text": RULE_TEXTS * 2}))
    for text, row in zip(RULE_TEXTS * 2, scored[list(SENTIMENT)].to_dict("records"), strict=True):
        assert row == sentiment_scores(text)


def test_analyzer_is_built_once() -> None:
    assert sentiment_analyzer() is sentiment_analyzer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We don’t accept it,”", "We don't accept it,"),
        ("‘Great’", "Great"),
        ("He called it “bad” today", "He called it bad today"),
        ('He called it "bad" today', "He called it bad today"),
        ("  «Non»  ", "Non"),
        ("\xa0‘ “Oui” ’\u2009", "Oui"),  # whitespace and marks alternate at the ends
        ("It's the voters' choice", "It's the voters' choice"),
        ("", ""),
    ],
)
def test_normalize_sentiment_text(text: str, expected: str) -> None:
    assert normalize_sentiment_text(text) == expected


def test_curly_apostrophe_negation_is_recognised() -> None:
    straight = sentiment_scores("We don't like it")["sentiment_compound"]
    curly = sentiment_scores("We don’t like it")["sentiment_compound"]
    assert curly == straight < 0


def test_score_sentiment_adds_columns_without_mutating_input() -> None:
    frame = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a2", "a3"],
            "text": pd.array(
                ["The plan is good.", "The plan is bad.", "The plan is good.", None],
                dtype="string",
            ),
        },
        index=[10, 11, 12, 13],
    )
    before = frame.copy()
    scored = score_sentiment(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(scored.columns) == ["article_id", "text", *SENTIMENT]
    assert list(scored.index) == [10, 11, 12, 13]
    assert all(str(scored[name].dtype) == dtype for name, dtype in SENTIMENT.items())
    assert scored.loc[10, "sentiment_compound"] == pytest.approx(0.4404)
    assert scored.loc[11, "sentiment_compound"] == pytest.approx(-0.5423)
    assert scored.loc[12, "sentiment_compound"] == scored.loc[10, "sentiment_compound"]
    assert scored.loc[13, SENTIMENT.keys()].isna().all()
    row = scored.loc[11]
    assert row["sentiment_pos"] + row["sentiment_neu"] + row["sentiment_neg"] == pytest.approx(
        1, abs=0.002
    )


def test_score_sentiment_on_quotes_and_empty_frames() -> None:
    quotes = pd.DataFrame({"quote_text": ["“I am delighted,”"]})
    scored = score_sentiment(quotes, text_column="quote_text")
    assert (
        scored.loc[0, "sentiment_compound"]
        == sentiment_scores("I am delighted,")["sentiment_compound"]
    )
    empty = score_sentiment(pd.DataFrame({"text": pd.Series(dtype="string")}))
    assert list(empty.columns) == ["text", *SENTIMENT] and empty.empty
    with pytest.raises(KeyError, match="quote_text"):
        score_sentiment(pd.DataFrame({"text": ["x"]}), text_column="quote_text")


def _scored(rows: list[tuple[str, str | None, float]]) -> pd.DataFrame:
    """Quotes with given compound scores (pos/neu/neg derived simply)."""
    frame = pd.DataFrame(rows, columns=["article_id", "speaker_name", "sentiment_compound"])
    frame["speaker_name"] = frame["speaker_name"].astype("string")
    frame["sentiment_pos"] = frame["sentiment_compound"].clip(lower=0)
    frame["sentiment_neg"] = -frame["sentiment_compound"].clip(upper=0)
    frame["sentiment_neu"] = 1 - frame["sentiment_pos"] - frame["sentiment_neg"]
    return frame


SCORED = [
    ("a1", "Ada", 0.5),
    ("a1", "Ada", 0.1),
    ("a2", "Ada", -0.3),
    ("a3", "Ben", -0.6),
    ("a3", None, 0.2),
    ("a4", None, 0.0),
]


def test_sentiment_by_speaker_known_means() -> None:
    table = sentiment_by(_scored(SCORED), n_boot=200)
    assert list(table.columns) == ["speaker_name", *SENTIMENT_SUMMARY]
    assert list(table["speaker_name"]) == ["Ada", "Ben", "unknown"]
    assert list(table["n_texts"]) == [3, 1, 2]
    assert list(table["n_articles"]) == [2, 1, 2]
    assert table["compound_mean"].tolist() == pytest.approx([0.1, -0.6, 0.1])
    assert table["pos_mean"].tolist() == pytest.approx([0.2, 0.0, 0.1])
    # Ada: articles a1 (0.5, 0.1) and a2 (-0.3); resampling two articles gives a mean of
    # -0.3 (a2 twice), 0.1 (one of each, mean over the 3 quotes) or 0.3 (a1 twice).
    ada = table.iloc[0]
    assert ada["compound_low"] == pytest.approx(-0.3)
    assert ada["compound_high"] == pytest.approx(0.3)
    # Ben is quoted in one article: nothing to resample.
    assert math.isnan(table.iloc[1]["compound_low"])


def test_sentiment_by_is_reproducible_and_contains_estimate() -> None:
    rows = [(f"a{i % 7}", "Ada" if i % 3 else "Ben", math.sin(i)) for i in range(40)]
    first = sentiment_by(_scored(rows), seed=3)
    again = sentiment_by(_scored(rows), seed=3)
    pd.testing.assert_frame_equal(first, again)
    assert (first["compound_low"] <= first["compound_mean"]).all()
    assert (first["compound_mean"] <= first["compound_high"]).all()
    no_ci = sentiment_by(_scored(rows), ci=False)
    assert no_ci["compound_low"].isna().all()
    pd.testing.assert_series_equal(no_ci["compound_mean"], first["compound_mean"])


def test_sentiment_by_other_groups_and_empty() -> None:
    frame = _scored(SCORED).assign(source=["x", "x", "y", "y", "y", "x"])
    table = sentiment_by(frame, by=["source"], ci=False)
    assert list(table["source"]) == ["x", "y"]
    assert table["compound_mean"].tolist() == pytest.approx([0.2, (-0.3 - 0.6 + 0.2) / 3])
    overall = sentiment_by(frame, by=(), ci=False)
    assert list(overall.columns) == list(SENTIMENT_SUMMARY)
    assert overall.loc[0, "n_texts"] == 6
    empty = sentiment_by(frame.iloc[:0])
    assert list(empty.columns) == ["speaker_name", *SENTIMENT_SUMMARY] and empty.empty
    with pytest.raises(KeyError, match="score_sentiment"):
        sentiment_by(frame.drop(columns="sentiment_pos"))


def test_quoted_vs_narration_splits_voices() -> None:
    text_1 = 'The bridge opened. "It is a wonderful day," the mayor said. Traffic was awful.'
    text_2 = "Nothing happened."
    parts = ["The bridge opened.", '"It is a wonderful day," the mayor said.', "Traffic was awful."]
    starts = [text_1.index(part) for part in parts]
    sentences = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a2"],
            "sentence_idx": [0, 1, 2, 0],
            "start_char": [*starts, 0],
            "end_char": [
                *(start + len(part) for start, part in zip(starts, parts, strict=True)),
                len(text_2),
            ],
            "text": [*parts, text_2],
        }
    )
    content = "It is a wonderful day,"
    quote_start = text_1.index(content)
    quotes = pd.DataFrame(
        {
            "article_id": ["a1"],
            "start_char": [quote_start],
            "end_char": [quote_start + len(content)],
            "quote_text": [content],
            "quote_type": ["direct"],
        }
    )
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "source": ["x", "x"],
            "published_at": pd.to_datetime(["2025-01-02", "2025-01-03"], utc=True),
        }
    )
    table = quoted_vs_narration(sentences, quotes, by="source", articles=articles, n_boot=50)
    assert list(table.columns) == ["source", "text_kind", *SENTIMENT_SUMMARY]
    assert list(table["text_kind"]) == ["quote", "narration"]
    assert list(table["n_texts"]) == [1, 3]  # the quoting sentence is neither voice
    quote_score = sentiment_scores("It is a wonderful day,")["sentiment_compound"]
    narration = np.mean(
        [sentiment_scores(text)["sentiment_compound"] for text in sentences["text"].iloc[[0, 2, 3]]]
    )
    assert table["compound_mean"].tolist() == pytest.approx([quote_score, narration])
    remainder = quoted_vs_narration(sentences, quotes, narration="remainder", ci=False)
    assert list(remainder["n_texts"]) == [1, 4]  # the quoting sentence minus its quote
    left_over = sentiment_scores('" the mayor said.')["sentiment_compound"]
    scores = [sentiment_scores(text)["sentiment_compound"] for text in sentences["text"]]
    expected = np.mean([scores[0], left_over, scores[2], scores[3]])
    assert remainder.loc[1, "compound_mean"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="narration"):
        quoted_vs_narration(sentences, quotes, narration="paragraphs")
    none = quoted_vs_narration(sentences, quotes, quote_types=["indirect"], ci=False)
    assert list(none["text_kind"]) == ["narration"]
    assert none.loc[0, "n_texts"] == 3  # a sentence quoting someone is never narration


def test_quote_rows_of_quoted_vs_narration_equal_the_tone_per_group() -> None:
    # The sentiment report shows both tables: a group's quotes must get one mean and one
    # interval in both (they did differ, resampled with different random streams).
    n = 60
    article_ids = [f"a{i % 12}" for i in range(n)]
    quotes = pd.DataFrame(
        {
            "article_id": article_ids,
            "start_char": [0] * n,
            "end_char": [5] * n,
            "quote_type": ["direct"] * n,
            "source": ["x" if i % 12 < 6 else "y" for i in range(n)],
            "sentiment_compound": [round(math.sin(i), 3) for i in range(n)],
        }
    )
    quotes["sentiment_pos"] = quotes["sentiment_compound"].clip(lower=0)
    quotes["sentiment_neg"] = -quotes["sentiment_compound"].clip(upper=0)
    quotes["sentiment_neu"] = 1 - quotes["sentiment_pos"] - quotes["sentiment_neg"]
    sentences = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(12)],
            "start_char": [10] * 12,
            "end_char": [20] * 12,
            "text": ["The ferry was late again."] * 12,
            "source": ["x"] * 6 + ["y"] * 6,
        }
    )
    for by in (["source"], []):
        voices = quoted_vs_narration(sentences, quotes, by=by, n_boot=200, seed=4)
        quoted = voices[voices["text_kind"] == "quote"].drop(columns="text_kind")
        per_group = sentiment_by(quotes, by=by, n_boot=200, seed=4)
        pd.testing.assert_frame_equal(quoted.reset_index(drop=True), per_group)
        assert per_group["compound_low"].notna().all()
        assert list(voices["text_kind"]) == ["quote", "narration"] * (2 if by else 1)


def test_sentiment_by_speaker_lists_named_speakers_with_min_quotes() -> None:
    from analysis.sentiment import sentiment_by_speaker

    quotes = _scored(SCORED).assign(speaker_id=lambda f: f["speaker_name"].str.lower())
    table = sentiment_by_speaker(quotes, n_boot=50)
    assert list(table.columns) == ["speaker_name", *SENTIMENT_SUMMARY]
    assert list(table["speaker_name"]) == ["Ada", "Ben"]  # no "unknown" row
    assert list(table["n_texts"]) == [3, 1]
    pd.testing.assert_frame_equal(table, sentiment_by(quotes, n_boot=50).iloc[:2])
    frequent = sentiment_by_speaker(quotes, min_quotes=2, ci=False)
    assert list(frequent["speaker_name"]) == ["Ada"]
    assert sentiment_by_speaker(quotes.iloc[:0]).empty


def test_quoted_vs_narration_scores_the_quote_content() -> None:
    text = "The ferry left. “It is a wonderful day,” the furious mayor said in disgust."
    content = "It is a wonderful day,"
    sentences = pd.DataFrame(
        {
            "article_id": ["a1", "a1"],
            "start_char": [0, 16],
            "end_char": [15, len(text)],
            "text": [text[:15], text[16:]],
        }
    )
    quotes = pd.DataFrame(
        {
            "article_id": ["a1"],
            "start_char": [16],
            "end_char": [len(text)],
            "quote_text": [text[16:]],  # the whole quote, cue included
            "quote_content": [content],  # the quote's own words, as stored scores use
            "quote_type": ["direct"],
        }
    )
    table = quoted_vs_narration(sentences, quotes, ci=False)
    quoted = table[table["text_kind"] == "quote"].iloc[0]
    expected = sentiment_scores(content)["sentiment_compound"]
    assert expected != sentiment_scores(text[16:])["sentiment_compound"]
    assert quoted["compound_mean"] == pytest.approx(expected)


def test_quoted_vs_narration_on_empty_tables() -> None:
    from analysis.schemas import ARTICLES, QUOTES, SENTENCES, empty_table

    for narration in ("sentences", "remainder"):
        table = quoted_vs_narration(
            empty_table(SENTENCES),
            empty_table(QUOTES),
            by="source",
            articles=empty_table(ARTICLES),
            narration=narration,
        )
        assert list(table.columns) == ["source", "text_kind", *SENTIMENT_SUMMARY]
        assert table.empty


def test_analyzer_builds_offline(monkeypatch) -> None:
    import nltk

    def no_downloads(*args, **kwargs):
        raise AssertionError("nltk.download must not be called")

    monkeypatch.setattr(nltk, "download", no_downloads)
    sentiment_analyzer.cache_clear()
    try:
        assert sentiment_analyzer().lexicon["wonderful"] > 0
        assert sentiment_scores("A wonderful day")["sentiment_compound"] > 0.5
    finally:
        sentiment_analyzer.cache_clear()
