"""Raw article content -> clean article fields (title, date, byline, body text, captions).

Pure text functions, no disk access (reading files is :mod:`analysis.io.inputs`):

- :func:`parse_text_page` for scraped plain-text pages (site boilerplate, a title line, a
  date line, a byline and photo captions around the body);
- :func:`parse_html_page` for saved HTML pages (trafilatura, with a standard-library
  fallback when it finds no text);
- :func:`parse_published_at` for the date and time formats news sites print.

Body text is a list of paragraphs joined with ``"\\n\\n"``; whitespace inside a line is kept
as it is. The rules that are data (boilerplate lines, footer markers, photo-credit words,
date prefixes, time zones) live in ``analysis/resources/``.
"""

from __future__ import annotations

from analysis.articles.dates import parse_published_at
from analysis.articles.html_pages import parse_html_page
from analysis.articles.lines import is_boilerplate_line, is_caption, parse_byline
from analysis.articles.text_pages import parse_text_page

__all__ = [
    "is_boilerplate_line",
    "is_caption",
    "parse_byline",
    "parse_html_page",
    "parse_published_at",
    "parse_text_page",
]
