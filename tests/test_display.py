"""show_article / article_html: highlighted quotes, escaping, well-formed markup."""

from __future__ import annotations

import html
import random
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis import display
from analysis.display import (
    UNKNOWN_COLOUR,
    _body_html,
    article_html,
    show_article,
    speaker_colours,
)
from analysis.schemas import QUOTES, conform

VOID = {"br", "img", "hr", "meta", "input", "link"}


class _Checker(HTMLParser):
    """Collects tags (failing on a mismatched close) and the text of the article body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.body: list[str] = []
        self.in_body = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in VOID:
            return
        self.stack.append(tag)
        if attrs.get("class") == "qa-body":
            self.in_body = len(self.stack)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        if self.in_body == len(self.stack):
            self.in_body = 0
        self.stack.pop()

    def handle_data(self, data):
        if self.in_body:
            self.body.append(data)


def parse(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed tags {checker.stack}"
    return checker


def quote_row(article_id, start, end, text, **extra):
    row = {name: None for name in QUOTES}
    row.update(
        quote_id=f"{article_id}-{start}",
        article_id=article_id,
        start_char=start,
        end_char=end,
        quote_text=text[start:end],
        quote_type="direct",
        attribution="unknown",
        confidence=0.0,
        n_words=len(text[start:end].split()),
    )
    row.update(extra)
    return row


TEXT = "“We will rebuild,” said Mayor Ana Silva.\n\nCritics said “it is too late.”"
ARTICLES = pd.DataFrame(
    {
        "article_id": ["a1"],
        "source": ["harbour-gazette"],
        "title": ["Bridge <reopens>"],
        "published_at": [pd.Timestamp("2025-03-01 10:00", tz="UTC")],
        "author": [None],
        "text": [TEXT],
        "captions": [["Mayor Ana Silva & friends"]],
    }
)


def make_quotes():
    i = TEXT.index("We will")
    j = TEXT.index("it is")
    rows = [
        quote_row(
            "a1", i, i + len("We will rebuild,"), TEXT,
            cue="said", cue_start_char=TEXT.index("said"), cue_end_char=TEXT.index("said") + 4,
            speaker_mention="Mayor Ana Silva", speaker_start_char=TEXT.index("Mayor"),
            speaker_end_char=TEXT.index("Mayor") + 15, speaker_id="sp_ana", speaker_name="Ana Silva",
            attribution="name", confidence=0.95,
        ),
        quote_row("a1", j, j + len("it is too late."), TEXT, quote_type="mixed", attribution="group"),
    ]  # fmt: skip
    return conform(rows, QUOTES)


def test_show_article_renders_quotes_in_speaker_colours():
    view = show_article("a1", articles=ARTICLES, quotes=make_quotes())
    markup = view._repr_html_()
    checker = parse(markup)
    assert "".join(checker.body) == TEXT  # the text itself, unchanged, in order
    quotes = [a for t, a in checker.tags if a.get("class", "").startswith("qa-quote")]
    colour = speaker_colours(["sp_ana"])["sp_ana"]
    assert quotes[0]["style"] == f"background:{colour}"
    assert "Ana Silva" in quotes[0]["title"] and "0.95" in quotes[0]["title"]
    assert "direct" in quotes[0]["title"] and "name" in quotes[0]["title"]
    assert quotes[1]["style"] == f"background:{UNKNOWN_COLOUR}"
    assert any(a.get("class") == "qa-cue" for _, a in checker.tags)
    assert any(a.get("class") == "qa-speaker" for _, a in checker.tags)
    assert "Ana Silva (1)" in markup and "unknown speaker (1)" in markup
    assert "Bridge &lt;reopens&gt;" in markup and "2025-03-01" in markup
    assert "Mayor Ana Silva &amp; friends" in markup


def test_article_html_accepts_a_row():
    markup = article_html(ARTICLES.iloc[0], quotes=make_quotes())
    assert markup == show_article("a1", articles=ARTICLES, quotes=make_quotes()).data


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "</span></div><b>bold</b>",
    "&amp; &lt; \" '",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_everything_is_escaped(payload):
    text = f"Before {payload} “quoted {payload} here,” said {payload}."
    articles = pd.DataFrame(
        {
            "article_id": ["x"],
            "title": [payload],
            "source": [payload],
            "text": [text],
            "captions": [[payload]],
        }
    )
    start = text.index("quoted")
    quote = quote_row(
        "x", start, text.index("here,") + 5, text,
        speaker_id="sp_x", speaker_name=payload, speaker_mention=payload, cue=payload,
        speaker_start_char=text.rindex(payload), speaker_end_char=text.rindex(payload) + len(payload),
        cue_start_char=text.index("said"), cue_end_char=text.index("said") + 4,
    )  # fmt: skip
    markup = article_html("x", articles=articles, quotes=conform([quote], QUOTES))
    checker = parse(markup)
    assert "".join(checker.body) == text
    assert not any(tag in ("script", "img", "b") for tag, _ in checker.tags)
    assert payload not in markup.replace(html.escape(payload), "")


def test_overlapping_and_nested_spans_stay_well_formed():
    text = "Alpha beta gamma delta epsilon zeta eta theta."
    rows = [
        quote_row("o", 0, 20, text, speaker_id="sp_1", speaker_name="One",
                  speaker_start_char=15, speaker_end_char=30, cue_start_char=10, cue_end_char=17),
        quote_row("o", 5, 35, text, speaker_id="sp_2", speaker_name="Two"),
        quote_row("o", 25, 60, text),  # runs past the end of the text: clipped
        quote_row("o", 12, 12, text),  # empty: skipped
    ]  # fmt: skip
    articles = pd.DataFrame({"article_id": ["o"], "text": [text]})
    checker = parse(article_html("o", articles=articles, quotes=conform(rows, QUOTES)))
    assert "".join(checker.body) == text


def test_article_without_quotes_and_unknown_id():
    markup = article_html("a1", articles=ARTICLES, quotes=None)
    assert "no quotes found" in markup
    assert "".join(parse(markup).body) == TEXT
    with pytest.raises(KeyError, match="nope"):
        show_article("nope", articles=ARTICLES, quotes=make_quotes())


def test_colours_are_stable_and_distinct():
    ids = [f"sp_{i:03d}" for i in range(10)]
    first = speaker_colours(ids)
    assert first == speaker_colours(list(reversed(ids)))
    assert len(set(first.values())) == 10
    assert speaker_colours(["sp_a"])["sp_a"] == speaker_colours(["sp_a"])["sp_a"]


def test_article_row_forms_give_the_same_html():
    quotes = make_quotes()
    expected = article_html("a1", articles=ARTICLES, quotes=quotes)
    row = next(ARTICLES.itertuples(index=False))
    assert article_html(row, quotes=quotes) == expected
    assert article_html(ARTICLES.iloc[0].to_dict(), quotes=quotes) == expected


def test_body_html_for_nested_overlapping_adjacent_and_repeated_spans():
    spans = [
        (0, 4, 0, "<q1>"),  # "<a&b" ...
        (2, 6, 1, "<c>"),  # ... overlapped by a cue
        (4, 8, 0, "<q2>"),  # adjacent to the first quote
        (5, 6, 2, "<m>"),  # nested in both the cue and the second quote
        (5, 6, 2, "<m>"),  # repeated: opened and closed twice
    ]
    expected = (
        "<q1>&lt;a</span>"
        "<q1><c>&amp;b</span></span>"
        "<q2><c>c</span></span>"
        "<q2><c><m><m>d</span></span></span></span>"
        "<q2>ef</span>"
        "gh"
    )
    assert _body_html("<a&bcdefgh", spans) == expected
    assert _body_html("", []) == ""
    assert _body_html("<b>", []) == "&lt;b&gt;"


def _body_html_reference(text, spans):
    """The plain definition: for each piece between cut points, every span covering it."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    body = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active = sorted((order, s, tag) for s, e, order, tag in spans if s <= lo and hi <= e)
        opened = "".join(tag for _, _, tag in active)
        body.append(opened + html.escape(text[lo:hi], quote=False) + "</span>" * len(active))
    return "".join(body)


def test_body_html_matches_the_plain_definition_on_random_spans():
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice("ab <&>\n") for _ in range(rng.randint(1, 40)))
        spans = []
        for _ in range(rng.randint(0, 10)):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, len(text))
            order = rng.randrange(3)
            spans.append((start, end, order, f"<t{order}{rng.randrange(2)}>"))
        assert _body_html(text, spans) == _body_html_reference(text, spans), (text, spans)


def _display_lines_run(n_quotes):
    """How many lines of analysis/display.py run to render an article with n quotes,
    each with a cue and a speaker mention (a count of work, not a timing)."""
    sentence = '"This is a quote," said Bob Huge. '
    text = sentence * n_quotes
    rows = [
        quote_row(
            "many", at + 1, at + 16, text, speaker_id="sp_bob", speaker_name="Bob Huge",
            cue="said", cue_start_char=at + 18, cue_end_char=at + 22,
            speaker_start_char=at + 23, speaker_end_char=at + 31,
        )
        for at in range(0, len(text), len(sentence))
    ]  # fmt: skip
    quotes = conform(rows, QUOTES)
    articles = pd.DataFrame({"article_id": ["many"], "text": [text]})
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != display.__file__:
            return None
        count += event == "line"
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        markup = article_html("many", articles=articles, quotes=quotes)
    finally:
        sys.settrace(previous)
    assert markup.count('class="qa-quote') == n_quotes
    return count


def test_rendering_work_grows_linearly_with_the_quotes():
    # 4 times the quotes: about 4 times the lines run when linear, 16 times when every
    # cut point rescans every span (an article with 200k quotes never rendered)
    assert _display_lines_run(200) < 6 * _display_lines_run(50)
