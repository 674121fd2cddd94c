"""Tests for analysis/sentences.py: sentence spans, paragraphs and the sentences table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import sentences
from analysis.schemas import SENTENCES
from analysis.sentences import read_abbreviations, sentence_spans, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end, _ in sentence_spans(text)]


P = pytest.param

# (input text, expected sentences). All texts written for these tests.
TRICKY_CASES = [
    P(
        "The council met on Tuesday. It approved the budget.",
        ["The council met on Tuesday.", "It approved the budget."],
        id="plain-two",
    ),
    P(
        "The mayor called it “terrible.” “We will rebuild,” she said.",
        ["The mayor called it “terrible.”", "“We will rebuild,” she said."],
        id="consecutive-curly-quotes",
    ),
    P(
        'It was "terrible." "We will rebuild," she said.',
        ['It was "terrible."', '"We will rebuild," she said.'],
        id="consecutive-straight-quotes",
    ),
    P(
        "“They lied.” “They cheated.” “They lost.”",
        ["“They lied.”", "“They cheated.”", "“They lost.”"],
        id="three-quotes-in-a-row",
    ),
    P(
        "“It was bad.” She left the room.",
        ["“It was bad.”", "She left the room."],
        id="closing-quote-stays-with-sentence",
    ),
    P(
        "He paused and said. “Next year will be better.”",
        ["He paused and said.", "“Next year will be better.”"],
        id="quote-opens-next-sentence",
    ),
    P(
        "“It’s over,” he said. “We lost.”",
        ["“It’s over,” he said.", "“We lost.”"],
        id="said-then-new-quote",
    ),
    P("“Why?” she asked.", ["“Why?” she asked."], id="question-in-quote-pronoun"),
    P(
        "“Why now?” asked the reporter.",
        ["“Why now?” asked the reporter."],
        id="question-in-quote-verb-first",
    ),
    P(
        "“Enough!” he shouted, and left.",
        ["“Enough!” he shouted, and left."],
        id="exclamation-in-quote",
    ),
    P(
        "“Why?”, she asked. Nobody answered.",
        ["“Why?”, she asked.", "Nobody answered."],
        id="question-quote-comma",
    ),
    P(
        "“Stop!” — she shouted at them.",
        ["“Stop!” — she shouted at them."],
        id="exclamation-quote-dash",
    ),
    P(
        "“Who knew?” “Nobody,” she said.",
        ["“Who knew?”", "“Nobody,” she said."],
        id="question-then-new-quote",
    ),
    P(
        "'Go home,' he said. 'Now.' They left.",
        ["'Go home,' he said.", "'Now.'", "They left."],
        id="single-quotes",
    ),
    P(
        "Is this fair? asked one voter.",
        ["Is this fair? asked one voter."],
        id="question-lowercase-continues",
    ),
    P(
        "Really?! That is the plan? Yes.",
        ["Really?!", "That is the plan?", "Yes."],
        id="question-exclamation-runs",
    ),
    P(
        "What a result! The fans cheered.",
        ["What a result!", "The fans cheered."],
        id="exclamation",
    ),
    P(
        "Sen. Elizabeth Warren (D-Mass.) said the bill would pass.",
        ["Sen. Elizabeth Warren (D-Mass.) said the bill would pass."],
        id="senator-and-state",
    ),
    P(
        "Rep. Ann Cole (R-Ohio) and Sen. Raj Mehta (D-N.Y.) agreed.",
        ["Rep. Ann Cole (R-Ohio) and Sen. Raj Mehta (D-N.Y.) agreed."],
        id="two-lawmakers-with-states",
    ),
    P(
        "Gov. Ana Ruiz signed it. Gen. Tom Hale objected.",
        ["Gov. Ana Ruiz signed it.", "Gen. Tom Hale objected."],
        id="governor-general",
    ),
    P(
        "Mr. and Mrs. Patel arrived late.",
        ["Mr. and Mrs. Patel arrived late."],
        id="mr-and-mrs",
    ),
    P("Dr. Lena Ortiz led the study.", ["Dr. Lena Ortiz led the study."], id="doctor"),
    P(
        "Rep. Will Carter voted no.",
        ["Rep. Will Carter voted no."],
        id="title-before-common-word-name",
    ),
    P(
        "Lt. Gov. Dana Price presided.",
        ["Lt. Gov. Dana Price presided."],
        id="stacked-titles",
    ),
    P(
        "Pfc. Jordan Lee was promoted.",
        ["Pfc. Jordan Lee was promoted."],
        id="military-rank",
    ),
    P(
        "The bill reached the U.S. Senate on Friday.",
        ["The bill reached the U.S. Senate on Friday."],
        id="us-senate",
    ),
    P(
        "She moved to the U.S. He stayed behind.",
        ["She moved to the U.S.", "He stayed behind."],
        id="us-then-he-splits",
    ),
    P(
        "The U.N. Security Council met.",
        ["The U.N. Security Council met."],
        id="un-security-council",
    ),
    P(
        "She lives in Washington, D.C. The city is big.",
        ["She lives in Washington, D.C.", "The city is big."],
        id="dc-at-sentence-end",
    ),
    P(
        "The vote is set for Jan. 5 in the capital.",
        ["The vote is set for Jan. 5 in the capital."],
        id="month-before-day",
    ),
    P(
        "The rate fell to 0.5 percent in Sept. The bank said it would wait.",
        ["The rate fell to 0.5 percent in Sept.", "The bank said it would wait."],
        id="month-at-sentence-end",
    ),
    P(
        "The plan (approved in Feb.) took effect. It worked.",
        ["The plan (approved in Feb.) took effect.", "It worked."],
        id="abbreviation-before-parenthesis",
    ),
    P(
        "Martin Luther King Jr. spoke to the crowd.",
        ["Martin Luther King Jr. spoke to the crowd."],
        id="junior",
    ),
    P(
        "The deal is worth $3.5 million. Shares rose 2.5 percent.",
        ["The deal is worth $3.5 million.", "Shares rose 2.5 percent."],
        id="decimals",
    ),
    P(
        "The vote was 5-4. Opponents appealed.",
        ["The vote was 5-4.", "Opponents appealed."],
        id="score-at-end",
    ),
    P(
        "He was born in 1960. In 1990 he moved.",
        ["He was born in 1960.", "In 1990 he moved."],
        id="year-at-end",
    ),
    P(
        "Prices fell... then recovered. Traders were relieved.",
        ["Prices fell... then recovered.", "Traders were relieved."],
        id="ellipsis-periods",
    ),
    P(
        "He hesitated… and then agreed.",
        ["He hesitated… and then agreed."],
        id="ellipsis-character",
    ),
    P(
        "The report was written by J. R. Smith and colleagues.",
        ["The report was written by J. R. Smith and colleagues."],
        id="two-initials",
    ),
    P(
        "The actor Daniel J. Fox spoke first.",
        ["The actor Daniel J. Fox spoke first."],
        id="middle-initial-common-surname",
    ),
    P(
        "The J.F.K. Library opened. He came.",
        ["The J.F.K. Library opened.", "He came."],
        id="initials-acronym-before-name",
    ),
    P(
        "The I.R.S. sent letters. Few replied.",
        ["The I.R.S. sent letters.", "Few replied."],
        id="acronym-before-lowercase",
    ),
    P(
        "They want 20 pct. more.",
        ["They want 20 pct. more."],
        id="unknown-abbreviation-before-lowercase",
    ),
    P(
        "He spoke from No. 10 Downing Street. Reporters waited.",
        ["He spoke from No. 10 Downing Street.", "Reporters waited."],
        id="number-abbreviation",
    ),
    P(
        "Asked if he would resign, he said no. Then he left.",
        ["Asked if he would resign, he said no.", "Then he left."],
        id="no-is-a-word",
    ),
    P(
        "She cited Art. 5 of the treaty.",
        ["She cited Art. 5 of the treaty."],
        id="article-number",
    ),
    P(
        "Q. Did you go? A. No, I did not.",
        ["Q. Did you go?", "A. No, I did not."],
        id="interview-labels",
    ),
    P(
        "Details are at www.example.org. Questions go to press@example.org.",
        ["Details are at www.example.org.", "Questions go to press@example.org."],
        id="url-and-email-at-end",
    ),
    P(
        "See https://example.com/a.b?c=1 for more. The site is new.",
        ["See https://example.com/a.b?c=1 for more.", "The site is new."],
        id="url-with-query",
    ),
    P(
        "The meeting starts at 9 a.m. Monday and ends at 5 p.m. on Tuesday.",
        ["The meeting starts at 9 a.m. Monday and ends at 5 p.m. on Tuesday."],
        id="am-pm-inside",
    ),
    P(
        "It ended at 5 p.m. The crowd left.",
        ["It ended at 5 p.m.", "The crowd left."],
        id="pm-at-sentence-end",
    ),
    P(
        "She earned a Ph.D. in physics.",
        ["She earned a Ph.D. in physics."],
        id="degree",
    ),
    P("Acme Inc. said profits rose.", ["Acme Inc. said profits rose."], id="inc-inside"),
    P(
        "She joined Acme Inc. The firm grew.",
        ["She joined Acme Inc.", "The firm grew."],
        id="inc-at-sentence-end",
    ),
    P(
        "They met on St. Patrick’s Day.",
        ["They met on St. Patrick’s Day."],
        id="saint",
    ),
    P(
        "It was Smith vs. Jones in the final.",
        ["It was Smith vs. Jones in the final."],
        id="versus",
    ),
    P(
        "The case, Roe v. Wade, was cited.",
        ["The case, Roe v. Wade, was cited."],
        id="case-name",
    ),
    P(
        "The firm, based in Calif., grew fast.",
        ["The firm, based in Calif., grew fast."],
        id="state-before-comma",
    ),
    P(
        "They sold apples, pears, etc. but not plums.",
        ["They sold apples, pears, etc. but not plums."],
        id="etc-inside",
    ),
    P(
        "(The vote was close.) Critics were unhappy.",
        ["(The vote was close.)", "Critics were unhappy."],
        id="sentence-in-parentheses",
    ),
    P("“We are ready”", ["“We are ready”"], id="quote-without-period"),
    P("", [], id="empty"),
    P("  \n\n\t ", [], id="whitespace-only"),
    P("Breaking news from the coast", ["Breaking news from the coast"], id="no-punctuation"),
    P("   Hello there.   ", ["Hello there."], id="surrounding-whitespace"),
    P(
        "Storm hits coast\nResidents were told to leave. Roads closed.",
        ["Storm hits coast", "Residents were told to leave.", "Roads closed."],
        id="headline-line",
    ),
    P(
        "First paragraph ends here\n\nSecond one",
        ["First paragraph ends here", "Second one"],
        id="blank-line-without-punctuation",
    ),
    P(
        "The minister, who has\nrepeatedly denied it, spoke. Others disagreed.",
        ["The minister, who has\nrepeatedly denied it, spoke.", "Others disagreed."],
        id="hard-wrapped-line",
    ),
    P(
        "He met Sen.\n\nWarren later.",
        ["He met Sen.", "Warren later."],
        id="title-before-blank-line",
    ),
    P(
        "“We will win.\n\n“We always do,” she said.",
        ["“We will win.", "“We always do,” she said."],
        id="quote-over-paragraphs",
    ),
    P("One.\r\nTwo.\r\n\r\nThree.", ["One.", "Two.", "Three."], id="crlf"),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY_CASES)
def test_tricky_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", [("One.", 0), ("Two.", 0)]),
        ("One.\n\nTwo. Three.", [("One.", 0), ("Two.", 1), ("Three.", 1)]),
        ("\n\n  One.\n \n\n\nTwo.\n", [("One.", 0), ("Two.", 1)]),
        ("Title\nBody one. Body two.", [("Title", 0), ("Body one.", 1), ("Body two.", 1)]),
        ("who has\nrepeatedly said so.", [("who has\nrepeatedly said so.", 0)]),
        ("It ended.\nthen more.", [("It ended.", 0), ("then more.", 1)]),
        ("Line one\u2029and two.", [("Line one", 0), ("and two.", 1)]),
        ("One\u2028two.", [("One\u2028two.", 0)]),
        ("A.\r\rB.", [("A.", 0), ("B.", 1)]),
        ("A.\r\n \r\nB.", [("A.", 0), ("B.", 1)]),
    ],
    ids=[
        "one-paragraph",
        "blank-line",
        "blank-lines-with-spaces",
        "single-newline-after-title",
        "hard-wrap-joins",
        "lowercase-after-period-is-new-paragraph",
        "paragraph-separator-always-breaks",
        "line-separator-soft-wrap",
        "old-mac-blank-line",
        "crlf-blank-line",
    ],
)
def test_paragraphs(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(text[s:e], p) for s, e, p in sentence_spans(text)] == expected


@pytest.mark.parametrize("title", sorted(read_abbreviations()["title"]))
def test_titles_never_end_a_sentence(title: str) -> None:
    text = f"The panel heard {title.capitalize()}. Will Lee on Monday. He agreed."
    assert _sentences(text) == [
        f"The panel heard {title.capitalize()}. Will Lee on Monday.",
        "He agreed.",
    ]


_BLANK_LINE = re.compile(r"\n\s*\n")

# Text that looks like news: words, abbreviations, quotes and breaks in any order.
_NEWSY_PIECES = [
    "a",
    "word",
    "He",
    "The",
    "said",
    " ",
    "  ",
    ".",
    "?",
    "!",
    ",",
    "\n",
    "\n\n",
    "\r\n",
    "\u2029",
    "\t",
    "\u00a0",
    "“",
    "”",
    '"',
    "'",
    "’",
    "(",
    ")",
    "-",
    "—",
    ":",
    "…",
    "...",
    "3.5",
    "10",
    "Mr.",
    "Sen.",
    "U.S.",
    "No.",
    "J.",
    "a.m.",
    "(D-Mass.)",
    "”,",
    "?”",
    ".”",
    "Q.",
]
_newsy_text = st.lists(st.sampled_from(_NEWSY_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), _newsy_text))
def test_spans_are_well_formed_for_any_text(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    previous_paragraph = -1
    for start, end, paragraph_idx in spans:
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence and not sentence[0].isspace() and not sentence[-1].isspace()
        assert not _BLANK_LINE.search(sentence)
        assert paragraph_idx >= previous_paragraph
        previous_end, previous_paragraph = end, paragraph_idx
    if not text.strip():
        assert spans == []
    else:
        # Every non-blank character belongs to some sentence.
        covered = {i for start, end, _ in spans for i in range(start, end)}
        assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@settings(max_examples=300, deadline=None)
@given(_newsy_text)
def test_fast_punkt_decides_like_stock_nltk(text: str) -> None:
    """The re-compiled patterns and the "word. Next" shortcut change no Punkt decision."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    ours = sentences._splitter().tokenizer
    stock = PunktSentenceTokenizer(ours._params)
    assert list(ours.span_tokenize(text)) == list(stock.span_tokenize(text))


def _punkt_params() -> Any:
    return sentences._splitter().tokenizer._params


# Pieces of news-like text that reach every branch of Punkt's decision: abbreviations
# (the model's and the project's, in both cases), initials, numbers and ordinals, known
# collocations, frequent sentence starters, ellipses, quotes, brackets, other marks.
_PUNKT_PIECES = [
    *"aAbIJzé.?!,;:'\"()[]{}“”‘’«»-—…%@*&#`",
    *["said", "Said", "the", "The", "he", "He", "I", "it", "It", "Smith", "Trump", "Ünal"],
    *["U.S.", "u.s.", "J.", "j.", "J.F.K.", "C.", "E.", "a.m.", "p.m.", "Mr.", "mr.", "Dr."],
    *["Sen.", "Gov.", "No.", "no.", "Inc.", "Jan.", "Calif.", "etc.", "vs.", "St.", "D-Mass."],
    *["(D-Mass.)", "R-Texas.", "10", "10.", "3.5", "3.5.", "-4.", ",5.", "1990s.", "2.", "$3"],
    *["...", "..", ". . .", ". .", "....", "!!", "?!", "!?", "--", "—", ".”", "?”", "!”", ".’"],
    *['."', ".)", ".]", ".'", "”,", "’s", "'s", "wasn’t", "e.g.", "i.e.", "Ph.D.", "ΑΣ.", "İ."],
]
_PUNKT_SEPARATORS = ["", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2029"]


def _same_in_both_engines(char: str) -> bool:
    """Whether Python's ``re`` (our compiled Punkt patterns) and NLTK's ``regex`` agree on ``char``.

    They do not on a few characters: ``\\x1c``-``\\x1f`` are whitespace to ``re`` only,
    and some numerals and combining marks are word characters to one engine only.
    """
    from nltk import redos

    return all(
        (re.match(pattern, char) is None) == (redos.compile(pattern).match(char) is None)
        for pattern in (r"\s", r"\w", r"\d")
    )


@st.composite
def _punkt_text(draw: st.DrawFn, characters: st.SearchStrategy[str] | None = None) -> str:
    params = _punkt_params()
    cased = st.sampled_from([str.lower, str.capitalize, str.upper])
    abbreviation = st.builds(
        lambda abbr, case: case(abbr) + ".", st.sampled_from(sorted(params.abbrev_types)), cased
    )
    collocation = st.sampled_from(sorted(params.collocations)).map(
        lambda pair: (
            ("12" if pair[0] == "##number##" else pair[0].upper()) + ". " + pair[1].capitalize()
        )
    )
    # Words whose orthographic context Punkt knows, and its frequent sentence starters.
    known_word = st.builds(
        lambda word, case: case(word),
        st.sampled_from(sorted(params.ortho_context))
        | st.sampled_from(sorted(params.sent_starters)),
        cased,
    )
    number = st.sampled_from(["12", "3.5", "-4", ",5", "1990s", "2,000", "1.2.3", "$3"]).map(
        lambda digits: digits + "."
    )
    piece = st.one_of(
        st.sampled_from(_PUNKT_PIECES),
        number,
        abbreviation,
        collocation,
        known_word,
        st.text(characters if characters is not None else st.characters(), max_size=3),
    )
    separator = st.sampled_from(_PUNKT_SEPARATORS)
    parts = draw(st.lists(st.tuples(piece, separator), max_size=40))
    return draw(separator) + "".join(part + space for part, space in parts)


def _assert_fast_punkt_is(reference: Any, text: str) -> None:
    fast = sentences._splitter().punkt
    assert fast.span_tokenize(text) == list(reference.span_tokenize(text))
    for _, context in reference._match_potential_end_contexts(text):
        assert fast.contains_sentbreak(context) == reference.text_contains_sentbreak(context)


@settings(max_examples=500, deadline=None)
@given(_punkt_text())
@example(" .! X")  # NLTK reads a whitespace at index 0 as no whitespace at all
@example("He was acting!!! I said so.")  # overlapping candidates: only the last "!" counts
@example("J. House said. J. Smith said.")  # an initial before a word seen in lower case
@example("It was 12. Cooper said. It was etc. the end.")  # collocation; lower-case starter
@example("He had 12. he said, and 3.5. the rest.")  # a number before a lower-case word
@example("x.\u00a0.\n. Next")  # NLTK tokenizes a context line by line
@example("It was Mr. The. Then J. House. Then")  # the next token's type without its period
def test_fast_punkt_spans_equal_nltk_punkt(text: str) -> None:
    """``_FastPunkt`` gives the spans of NLTK's own Punkt code, on any text.

    The reference is NLTK's ``PunktSentenceTokenizer``, unmodified, with the same
    parameters and the same compiled patterns (``_LanguageVars``, ``_Token``).
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    ours = sentences._splitter().tokenizer
    reference = PunktSentenceTokenizer(
        _punkt_params(), lang_vars=ours._lang_vars, token_cls=ours._Token
    )
    _assert_fast_punkt_is(reference, text)


@settings(max_examples=300, deadline=None)
@given(_punkt_text(st.characters().filter(_same_in_both_engines)))
@example("He was acting!!! I said so. J. House said. It was 12. Cooper said.")
def test_fast_punkt_spans_equal_stock_nltk(text: str) -> None:
    """``_FastPunkt`` gives stock NLTK's spans (NLTK's own patterns and ``regex`` engine).

    On characters the two regular expression engines classify alike (see
    ``_same_in_both_engines``).
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    _assert_fast_punkt_is(PunktSentenceTokenizer(_punkt_params()), text)


def test_fast_punkt_knows_every_character_that_starts_a_realignment() -> None:
    realignment = sentences._splitter().tokenizer._lang_vars.re_boundary_realignment
    starters = {chr(code) for code in range(sys.maxunicode + 1) if realignment.match(chr(code))}
    assert starters == sentences._REALIGNED


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4"],
            "title": ["One", "Two", "Three", "Four"],
            "text": [
                "Gov. Ana Ruiz spoke. “We will act,” she said.\n\nThe vote is Jan. 5.",
                "   ",
                None,
                "Short note without a period",
            ],
        }
    ).astype({"article_id": "string", "text": "string"})


def test_split_sentences_builds_the_sentences_table() -> None:
    articles = _articles()
    table = split_sentences(articles)
    assert list(table.columns) == list(SENTENCES)
    assert {name: str(dtype) for name, dtype in table.dtypes.items()} == SENTENCES
    assert table["article_id"].tolist() == ["a1", "a1", "a1", "a4"]
    assert table["sentence_idx"].tolist() == [0, 1, 2, 0]
    assert table["paragraph_idx"].tolist() == [0, 0, 1, 0]
    assert table["text"].tolist() == [
        "Gov. Ana Ruiz spoke.",
        "“We will act,” she said.",
        "The vote is Jan. 5.",
        "Short note without a period",
    ]
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    for row in table.itertuples():
        assert texts[row.article_id][row.start_char : row.end_char] == row.text


def test_split_sentences_does_not_mutate_input() -> None:
    articles = _articles()
    before = articles.copy()
    split_sentences(articles)
    pd.testing.assert_frame_equal(articles, before)


def test_split_sentences_on_no_sentences_gives_empty_table() -> None:
    empty = split_sentences(pd.DataFrame({"article_id": ["a1"], "text": ["  \n "]}))
    assert empty.empty
    assert {name: str(dtype) for name, dtype in empty.dtypes.items()} == SENTENCES
    assert split_sentences(pd.DataFrame({"article_id": [], "text": []})).empty


def test_split_sentences_requires_columns() -> None:
    with pytest.raises(KeyError, match="text"):
        split_sentences(pd.DataFrame({"article_id": ["a1"], "body": ["One."]}))


def test_split_sentences_names_article_with_bad_text() -> None:
    frame = pd.DataFrame({"article_id": ["a1", "a17"], "text": ["One.", 42]}, dtype=object)
    with pytest.raises(TypeError, match="article a17"):
        split_sentences(frame)


def test_abbreviation_file_is_stored_as_punkt_expects() -> None:
    kinds = read_abbreviations()
    assert {"u.s", "u.k", "u.n", "a.m", "jan", "sept", "jr", "mass", "inc"} <= kinds["plain"]
    assert {"gov", "sen", "rep", "gen", "mr", "mrs", "dr", "lt"} <= kinds["title"]
    assert {"no", "art"} <= kinds["numeric"]
    assert not (kinds["plain"] & kinds["title"] or kinds["plain"] & kinds["numeric"])


@pytest.mark.parametrize("line", ["Gov", "Gov. rank", "Gov. title extra", "."])
def test_bad_abbreviation_line_is_an_error(monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    monkeypatch.setattr(sentences, "read_word_list", lambda name: ["Sen. title", line])
    with pytest.raises(ValueError, match=re.escape(repr(line))):
        read_abbreviations()


def test_import_is_cheap() -> None:
    code = "import sys, analysis.sentences; print('nltk' in sys.modules, 'punkt' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.stdout.split() == ["False", "False"]
