"""Tests for analysis.articles: dates, boilerplate, captions, bylines, text and HTML pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.articles import (
    html_pages,
    is_boilerplate_line,
    is_caption,
    parse_byline,
    parse_html_page,
    parse_published_at,
    parse_text_page,
)
from analysis.articles.dates import file_date_order, numeric_date_order
from analysis.paths import PROJECT_ROOT

SEED = PROJECT_ROOT / "data" / "raw" / "middle-east-monitor" / "seed-article.txt"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("March 6, 2020 at 1:52 am", "2020-03-06 01:52"),
        ("March 6, 2020 at 1:52 pm", "2020-03-06 13:52"),
        ("March 6, 2020 at 12:05 am", "2020-03-06 00:05"),
        ("Mar. 6, 2020", "2020-03-06"),
        ("Sept. 14, 2021, 9:00 a.m.", "2021-09-14 09:00"),
        ("Friday, March 6, 2020 1:52 PM EST", "2020-03-06 18:52"),
        ("June 30, 2020 10:00 ET", "2020-06-30 14:00"),  # summer time: UTC-4
        ("6 March 2020", "2020-03-06"),
        ("6th March 2020, 13:52 GMT", "2020-03-06 13:52"),
        ("6th of March 2020", "2020-03-06"),
        ("2 June 2025, 11:00", "2025-06-02 11:00"),
        ("Jan 30, 2025 | 5:48 PM", "2025-01-30 17:48"),
        ("2020-03-06T01:52", "2020-03-06 01:52"),
        ("2020-03-06T01:52:00.000Z", "2020-03-06 01:52"),
        ("2020-03-06 04:52:00+03:00", "2020-03-06 01:52"),
        ("2020/03/06", "2020-03-06"),
        ("06/03/2020 01:52", "2020-03-06 01:52"),  # day-first
        ("03/16/2020", "2020-03-16"),  # only possible month-first
        ("05.03.2025 - 12:30", "2025-03-05 12:30"),
        ("1:52 am, March 6, 2020", "2020-03-06 01:52"),
        ("Fri, 06 Mar 2020 01:52:00 +0000", "2020-03-06 01:52"),
        ("Published: 6 March 2020", "2020-03-06"),
        ("Updated: March 6, 2020 1:52 pm", "2020-03-06 13:52"),
        ("Posted on 6 March 2020", "2020-03-06"),
        ("Published Wed 8 Jan 2025 11:30", "2025-01-08 11:30"),
        ("Posted: 26/02/2025 14:00", "2025-02-26 14:00"),
        ("Last updated on March 6, 2020, 1:52 a.m. ET", "2020-03-06 06:52"),
    ],
)
def test_parse_published_at_reads_news_site_formats(value: str, expected: str) -> None:
    assert parse_published_at(value) == utc(expected)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "since 2009",
        "2009",
        "Creating new perspectives since 2009",
        "June 31, 2020",  # no such day
        "13/13/2020",
        "6 March 2020 at 25:00",
        "6 March 2020 13:52 XYZ",  # unknown time zone: no guess
        "Read: 6 March 2020 protests",
        "about 40 people on 6 March 2020",
        None,
        float("nan"),
        2020,  # a lone year is not an epoch
        True,
        pd.NaT,
    ],
)
def test_parse_published_at_returns_none_rather_than_guessing(value: object) -> None:
    assert parse_published_at(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (pd.Timestamp("2020-03-06 01:52"), "2020-03-06 01:52"),  # naive: UTC
        (pd.Timestamp("2020-03-06 04:52", tz="Europe/Istanbul"), "2020-03-06 01:52"),
        (dt.datetime(2020, 3, 6, 1, 52), "2020-03-06 01:52"),
        (dt.date(2020, 3, 6), "2020-03-06"),
        (1583459520, "2020-03-06 01:52"),  # epoch seconds
        (1583459520000, "2020-03-06 01:52"),  # epoch milliseconds
    ],
)
def test_parse_published_at_accepts_timestamps_and_epochs(value: object, expected: str) -> None:
    result = parse_published_at(value)
    assert result == utc(expected)
    assert str(result.tz) == "UTC"


@pytest.mark.parametrize(
    ("value", "order"),
    [
        ("09/10/2025", "either"),
        ("Posted: 09.10.2025 14:30", "either"),
        ("13/10/2025", "day-first"),
        ("10/13/2025", "month-first"),
        ("05/05/2025", None),  # the same date either way
        ("2025/10/09", None),  # year first
        ("9 October 2025", None),
        ("13/13/2025", None),
        ("yesterday", None),
        (1583459520, None),
    ],
)
def test_numeric_date_order_says_how_a_date_can_be_read(value: object, order: str | None) -> None:
    assert numeric_date_order(value) == order


def test_month_first_reads_only_dates_that_read_either_way_month_first() -> None:
    assert parse_published_at("09/10/2025 14:30", month_first=True) == utc("2025-09-10 14:30")
    assert parse_published_at("09/10/2025 14:30") == utc("2025-10-09 14:30")
    assert parse_published_at("13/10/2025", month_first=True) == utc("2025-10-13")
    assert parse_published_at("10/13/2025", month_first=True) == utc("2025-10-13")
    assert parse_published_at("6 March 2020", month_first=True) == utc("2020-03-06")


@pytest.mark.parametrize(
    ("counts", "order"),
    [
        ({"either": 3, "month-first": 1}, "month-first"),
        ({"either": 3, "day-first": 1}, "day-first"),
        ({"either": 3}, "day-first"),  # nothing settles it: the default
        ({"either": 3, "day-first": 1, "month-first": 1}, "day-first"),  # both: the default
        ({None: 4}, "day-first"),
    ],
)
def test_file_date_order_follows_the_dates_that_read_one_way(counts: dict, order: str) -> None:
    assert file_date_order(counts) == order


# --------------------------------------------------------------------------- line rules


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("clear", True),
        ("Menu", True),
        ("Skip to content", True),
        ("Creating new perspectives since 2009", True),
        ("Read: Israel approves further Qatar funding for Gaza ", True),
        ("READ MORE: Council delays vote on riverside housing", True),
        ("Related: Five things to know about the bridge", True),
        ("Share this article", True),
        ("Share on Facebook", True),
        ("Subscribe to our newsletter", True),
        ("Follow us on Twitter", True),
        ("We use cookies to improve your experience. Accept", True),
        ("Home | News | Sport | Weather", True),
        ("Comments are closed on this article.", True),
        ("© 2024 River Times. All rights reserved.", True),
        ("Read the full report on the council's website.", False),
        ("The council said it would clear the site by June.", False),
        ("Subscribers will pay more from March, the company said.", False),
        ("“Follow the money,” she said.", False),
        ("Jan 30, 2025 | 5:48 PM", False),
        ("By continuing you agree to our use of cookies.", True),
        ("Copyright 2024 River Times", True),
        ("The bakery said its cookies followed a recipe policy set in 1990.", False),
        ("Copyright lawyers said the ruling was narrow.", False),
    ],
)
def test_is_boilerplate_line(line: str, expected: bool) -> None:
    assert is_boilerplate_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "President of Turkey Recep Tayyip Erdogan (L) makes a speech in Moscow on 5 March 2020"
            " [Sefa Karacan/Anadolu Agency]",
            True,
        ),
        ("Protesters outside the ministry on Monday [File photo]", True),
        ("Protesters outside the ministry on Monday [Twitter]", True),
        ("The mayor speaks to reporters in Osterby. (AP Photo/Jane Roe)", True),
        ("Boats in the harbour at dawn. Photograph: Jane Roe/Agency", True),
        ("Caption: the new bridge design", True),
        ("The report cites earlier findings [1]", False),
        ("He said the plan was “a disgrace [sic]” and left.", False),
        ("The photo was taken on Monday, police said.", False),
        ("", False),
    ],
)
def test_is_caption(line: str, expected: bool) -> None:
    assert is_caption(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Esther Amankwah", "Esther Amankwah"),
        ("By Rhys Calloway and Imogen Sallis", "Rhys Calloway; Imogen Sallis"),
        ("By Ana de la Cruz, Li Wei and Omar Haddad", "Ana de la Cruz; Li Wei; Omar Haddad"),
        ("By Nadia Fernhill and Tobias Grange, Staff Reporters", "Nadia Fernhill; Tobias Grange"),
        ("By Jane Doe, Reuters", "Jane Doe"),
        ("By Jane Doe | 6 March 2020", "Jane Doe"),
        ("Written by Jane Doe", "Jane Doe"),
        ("By the end of the day, the council had voted.", None),
        ("By Monday, the council had voted.", None),
        ("By 2030 the tram should reach Marsh End.", None),
        ("Bystanders filmed the crash.", None),
    ],
)
def test_parse_byline(line: str, expected: str | None) -> None:
    assert parse_byline(line) == expected


# --------------------------------------------------------------------------- text pages


def test_seed_article_matches_its_gold_expectations() -> None:
    page = parse_text_page(SEED.read_text(encoding="utf-8"))

    assert page["title"] == "Putin admits: Syrian army suffered heavy losses in Idlib"
    assert page["published_at"] == utc("2020-03-06T01:52:00")
    assert len(page["captions"]) == 1
    caption = page["captions"][0]
    assert caption.startswith("President of Turkey Recep Tayyip Erdogan (L) makes a speech")
    assert "Sefa Karacan/Anadolu Agency" in caption
    paragraphs = page["text"].split("\n\n")
    for junk in ["clear", "Creating new perspectives since 2009", "Read: Israel approves"]:
        assert not any(p.startswith(junk) for p in paragraphs)
        assert junk not in page["text"]
    assert "Sefa Karacan" not in page["text"]
    # the lead (with its glued caption fragment) stays as written
    assert paragraphs[0].startswith(
        "Turkish President Recep Tayyip Erdogan during his meeting on Thursday with Putin in"
        " Moscow Russian President Vladimir Putin has admitted"
    )
    assert paragraphs[-1].endswith("explained Erdogan.")
    assert len(paragraphs) == 9


def test_seed_quotes_are_found_verbatim_in_the_body() -> None:
    text = parse_text_page(SEED.read_text(encoding="utf-8"))["text"]
    for quote in [
        "The situation in Idlib has become tense to the point that requires direct talk between us,",
        "an important matter.",
        "We must talk about the situation in Syria completely to prevent the recurrence",
    ]:
        assert quote in text


PAGE = """clear

Menu

News from both banks since 1987

Ferry operators fear new bridge will sink their trade

Updated: 3 May 2024 | Published: 2 May 2024, 14:05

By Lena Hartmann and Tomas Veld

Passengers leave the ferry at Osterby pier [Pia Lund/River Times]

Ferry operators say a planned road bridge could put them out of business within five years.

“We have carried people across this river for ninety years,” said Greta Olsen.

READ MORE: Council delays vote on riverside housing

The council says the bridge will cut journey times  for commuters.
A second line of the same paragraph.

Share this article

Related articles

Council delays vote on riverside housing

Library extends its opening hours
"""


def test_text_page_fields() -> None:
    page = parse_text_page(PAGE)

    assert page["title"] == "Ferry operators fear new bridge will sink their trade"
    assert page["published_at"] == utc("2024-05-02 14:05")  # published wins over updated
    assert page["author"] == "Lena Hartmann; Tomas Veld"
    assert page["captions"] == ["Passengers leave the ferry at Osterby pier [Pia Lund/River Times]"]
    assert page["text"] == (
        "Ferry operators say a planned road bridge could put them out of business within five"
        " years.\n\n“We have carried people across this river for ninety years,” said Greta"
        " Olsen.\n\nThe council says the bridge will cut journey times  for commuters.\n"
        "A second line of the same paragraph."
    )


def test_text_page_with_updated_date_only() -> None:
    page = parse_text_page("A title\n\nUpdated: 15/07/2025 13:40\n\nBody text of the article.\n")
    assert page["published_at"] == utc("2025-07-15 13:40")
    assert page["title"] == "A title"


@pytest.mark.parametrize(
    "place", ["Port Ellery", "WASHINGTON", "St. Ives", "Rio de Janeiro", "Ürümqi", "Échirolles"]
)
def test_text_page_dateline_of_a_place_and_a_date_is_metadata(place: str) -> None:
    page = parse_text_page(
        f"Ferry service suspended\n\n{place}, 20 March 2025\n\n“We stop,” said Ann Lee.\n"
    )
    assert page["published_at"] == utc("2025-03-20")
    assert page["text"] == "“We stop,” said Ann Lee."


def test_text_page_without_date_takes_the_first_title_like_line() -> None:
    page = parse_text_page(
        "clear\n\nHarbour ferry fares rise\n\nFares rose by a tenth on Monday.\n"
    )
    assert page["title"] == "Harbour ferry fares rise"
    assert page["published_at"] is None
    assert page["text"] == "Fares rose by a tenth on Monday."


def test_text_page_without_title_keeps_every_body_line() -> None:
    body = (
        "The council met on Monday night and voted by nine votes to four to replace the bridge,"
        " ending more than twenty years of patch repairs on the crossing.\n\nIt was close."
    )
    page = parse_text_page(body)
    assert page["title"] is None
    assert page["text"] == body


@pytest.mark.parametrize(
    "first",
    [
        'Shop owner Jose Martinez said: "We are closing."',
        "Shop owner Jose Martinez said: \u201cWe are closing.\u201d",
        "The shop closes on Friday. (It opened in 1984.)",
        "Martinez said: \u2018It is the end of an era.\u2019",
    ],
)
@pytest.mark.parametrize(
    "rest", [['"It is the end of an era," Martinez said.'], ["Two.", "Three."]]
)
def test_text_page_never_takes_a_sentence_as_its_title(first: str, rest: list[str]) -> None:
    body = "\n\n".join([first, *rest])
    page = parse_text_page(body + "\n")
    assert page["title"] is None
    assert page["text"] == body


@pytest.mark.parametrize(
    "title",
    [
        "Erdogan: \u2018We will not back down\u2019",
        '"We are closing": shop owners fear the new bridge',
        "Is the ferry worth saving?",
    ],
)
def test_text_page_title_may_hold_a_quote(title: str) -> None:
    page = parse_text_page(f"{title}\n\nThe shop closed on Monday, its owner said.\n")
    assert page["title"] == title
    assert page["text"] == "The shop closed on Monday, its owner said."


def test_text_page_with_one_paragraph_per_line() -> None:
    page = parse_text_page(
        "Skip to content\nRain closes mountain pass\n4 April 2024\nThe pass closed at noon.\n"
        "It will reopen on Friday.\nShare this article\n"
    )
    assert page["title"] == "Rain closes mountain pass"
    assert page["published_at"] == utc("2024-04-04")
    assert page["text"] == "The pass closed at noon.\n\nIt will reopen on Friday."


def test_text_page_with_a_long_menu_still_finds_its_header() -> None:
    menu = "\n".join(["Home", "News", "World", "Opinion", "Video", "More"] * 3)
    page = parse_text_page(f"{menu}\n\nRain closes pass\n\n4 April 2024\n\nThe pass closed.\n")
    assert page["title"] == "Rain closes pass"
    assert page["text"] == "The pass closed."


def test_text_page_date_printed_below_the_article_is_metadata() -> None:
    page = parse_text_page("Rain closes pass\n\nThe pass closed at noon.\n\n03/02/2025 07:15\n")
    assert page["published_at"] == utc("2025-02-03 07:15")
    assert page["text"] == "The pass closed at noon."


def test_text_page_keeps_a_date_heading_inside_the_body() -> None:
    page = parse_text_page(
        "Timeline of the strike\n\n1 June 2025\n\nThe strike began.\n\n"
        "8 June 2025\n\nTalks resumed, the union said.\n"
    )
    assert page["published_at"] == utc("2025-06-01")
    assert "8 June 2025" in page["text"].split("\n\n")


def test_text_page_normalises_line_endings_and_keeps_inner_whitespace() -> None:
    page = parse_text_page("A title\r\n\r\n1 May 2024\r\n\r\nOne  two\tthree.\r\n\r\nFour.\r\n")
    assert page["text"] == "One  two\tthree.\n\nFour."


def test_text_page_of_only_boilerplate_has_no_text() -> None:
    page = parse_text_page("clear\n\nMenu\n\nShare this article\n")
    assert page["text"] == ""
    assert page["title"] is None


# --------------------------------------------------------------------------- HTML pages

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Old market hall to reopen | River Times</title>
<meta property="og:title" content="Old market hall to reopen">
<meta property="og:site_name" content="River Times">
<meta property="article:published_time" content="2024-06-11T08:15:00+02:00">
<meta name="author" content="Tomas Veld">
<link rel="canonical" href="https://rivertimes.example/market-hall">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Old market hall to reopen</h1>
<figure><img src="hall.jpg" alt=""><figcaption>Scaffolding comes down [Pia Lund/River Times]</figcaption></figure>
<p>The old market hall in Osterby will reopen to traders on Saturday after eighteen months of
repairs to its roof and its cast-iron columns, the town council said on Tuesday.</p>
<p>“The hall is the heart of the town,” said the council leader, Marit Brenner.</p>
<p>Read: Council delays vote on riverside housing</p>
<p>Forty stalls have already been let, according to the market’s manager.</p>
</article><footer><p>© 2024 River Times. All rights reserved.</p></footer>
</body></html>"""


@pytest.mark.parametrize("use_trafilatura", [True, False])
def test_html_page_fields(use_trafilatura: bool) -> None:
    page = parse_html_page(HTML, use_trafilatura=use_trafilatura)

    assert page["title"] == "Old market hall to reopen"
    assert page["published_at"] == utc("2024-06-11 06:15")
    assert page["author"] == "Tomas Veld"
    assert page["source"] == "River Times"
    assert page["url"] == "https://rivertimes.example/market-hall"
    assert page["captions"] == ["Scaffolding comes down [Pia Lund/River Times]"]
    paragraphs = page["text"].split("\n\n")
    assert paragraphs[0].startswith("The old market hall in Osterby will reopen")
    assert (
        paragraphs[1]
        == "“The hall is the heart of the town,” said the council leader, Marit Brenner."
    )
    assert (
        paragraphs[-1] == "Forty stalls have already been let, according to the market’s manager."
    )
    assert len(paragraphs) == 3
    assert "Home" not in page["text"] and "©" not in page["text"]


def test_html_fallback_reads_json_ld_and_time_elements() -> None:
    html = """<html><head><title>Quiet night | Hill Post</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "NewsArticle", "headline": "Quiet night on the hill",
       "datePublished": "2023-11-02T21:00:00Z", "author": [{"@type": "Person", "name": "Ada Moss"}],
       "publisher": {"@type": "Organization", "name": "Hill Post"}}]}</script>
    </head><body><p>Nothing happened<br>on the hill last night.</p><p>Second paragraph
    here.</p></body></html>"""
    page = parse_html_page(html, use_trafilatura=False)
    assert page["title"] == "Quiet night on the hill"
    assert page["published_at"] == utc("2023-11-02 21:00")
    assert page["author"] == "Ada Moss"
    assert page["source"] == "Hill Post"
    assert page["text"] == "Nothing happened\non the hill last night.\n\nSecond paragraph here."


def test_html_without_metadata() -> None:
    page = parse_html_page(
        "<html><head><title>Just a title</title></head><body><p>Only text.</p>"
        '<p>Next: <time datetime="2022-01-05">5 January</time> it rained.</p></body></html>'
    )
    assert page["title"] == "Just a title"
    assert page["published_at"] == utc("2022-01-05")
    assert page["author"] is None
    assert page["source"] is None
    assert "Only text." in page["text"]


def test_html_unclosed_paragraphs_are_separate(tmp_path: Path) -> None:
    page = parse_html_page("<body><p>One.<p>Two.<div>Three.</div></body>", use_trafilatura=False)
    assert page["text"] == "One.\n\nTwo."


@pytest.mark.parametrize("extracted", [None, {"title": "From trafilatura", "text": ""}])
def test_html_falls_back_to_own_paragraphs_when_trafilatura_finds_no_text(
    monkeypatch: pytest.MonkeyPatch, extracted: dict | None
) -> None:
    monkeypatch.setattr(html_pages, "_trafilatura_fields", lambda raw: extracted)
    page = parse_html_page(HTML)
    assert page["text"].startswith("The old market hall in Osterby")
    assert len(page["text"].split("\n\n")) == 3
    assert page["title"] == (extracted or {}).get("title", "Old market hall to reopen")
