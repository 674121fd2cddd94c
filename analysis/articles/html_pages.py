"""Saved HTML news pages -> title, date, author, site, URL, body text and captions.

trafilatura does the main-text extraction; a standard-library parser reads the page's
metadata and is the fallback when trafilatura finds no text.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from analysis.articles.dates import _date_line, parse_published_at
from analysis.articles.lines import parse_byline
from analysis.articles.text_pages import _clean_body_units, _join_units

__all__ = ["parse_html_page"]

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "button", "select"}  # fmt: skip
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}  # fmt: skip
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "figure", "table", "section", "article", "blockquote", "pre", "hr"}  # fmt: skip
_BR = "\x1e"  # stands for <br> while whitespace is collapsed
_SPACE = re.compile(r"[ \t\r\n\f]+")


class _PageParser(HTMLParser):
    """Collects metadata, <p> paragraphs and <figcaption> texts of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_tag = ""
        self.h1 = ""
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self.paragraphs: list[str] = []
        self.captions: list[str] = []
        self.authors: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._buffers: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").lower()
            if key and attr.get("content") and key not in self.meta:
                self.meta[key] = attr["content"].strip()
            return
        if tag == "link" and "canonical" in attr.get("rel", "").lower().split():
            self.canonical = self.canonical or attr.get("href")
            return
        if tag == "time" and attr.get("datetime"):
            self.times.append(attr["datetime"])
        if tag in _VOID_TAGS:
            if tag == "br":
                for buffer in self._buffers.values():
                    buffer.append(_BR)
            return
        if tag in _BLOCK_TAGS and "p" in self._stack:
            self.handle_endtag("p")  # a block element closes an open <p>
        self._stack.append(tag)
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "script" and "ld+json" in attr.get("type", ""):
            self._buffers["ld"] = []
        elif tag in {"p", "figcaption", "title", "h1"} and tag not in self._buffers:
            self._buffers[tag] = []
        elif tag == "a" and "author" in attr.get("rel", "").lower().split():
            self._buffers["author"] = []

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            if open_tag in _SKIP_TAGS:
                self._skip -= 1
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        key = "ld" if tag == "script" else "author" if tag == "a" else tag
        buffer = self._buffers.pop(key, None)
        if buffer is None:
            return
        if key == "ld":
            self.json_ld.append("".join(buffer))
            return
        text = "\n".join(_SPACE.sub(" ", part).strip() for part in "".join(buffer).split(_BR))
        text = text.strip()
        if not text:
            return
        if key == "title":
            self.title_tag = self.title_tag or text
        elif key == "h1":
            self.h1 = self.h1 or text
        elif key == "figcaption":
            self.captions.append(text)
        elif key == "author":
            self.authors.append(text)
        elif key == "p" and not self._skip and "figcaption" not in self._stack:
            self.paragraphs.append(text)

    def handle_data(self, data: str) -> None:
        for key, buffer in self._buffers.items():
            if not self._skip or key in {"ld", "title", "author", "h1"}:
                buffer.append(data)


def _json_ld_article(blocks: list[str]) -> dict[str, Any]:
    """The first Article-like object of the page's JSON-LD blocks (empty dict if none)."""
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(
                isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds
            ):
                return item
    return {}


def _names(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_names(v) for v in value) if name]
        return "; ".join(dict.fromkeys(names)) or None
    return None


def _fallback_fields(parser: _PageParser) -> dict[str, Any]:
    meta, ld = parser.meta, _json_ld_article(parser.json_ld)
    title = (
        meta.get("og:title")
        or _names(ld.get("headline"))
        or meta.get("twitter:title")
        or parser.h1
        or parser.title_tag
        or None
    )
    published = None
    for value in [
        meta.get("article:published_time"),
        ld.get("datePublished"),
        meta.get("datepublished"),
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("parsely-pub-date"),
        *parser.times[:1],
        meta.get("article:modified_time"),
        ld.get("dateModified"),
    ]:
        published = parse_published_at(value) if value else None
        if published is not None:
            break
    author = meta.get("author") or _names(ld.get("author")) or _names(parser.authors)
    if author and author.startswith(("http://", "https://")):
        author = None
    author_meta = meta.get("article:author", "")
    if not author and author_meta and not author_meta.startswith(("http://", "https://")):
        author = author_meta
    return {
        "title": title,
        "published_at": published,
        "author": author,
        "source": meta.get("og:site_name") or _names(ld.get("publisher")),
        "url": parser.canonical or meta.get("og:url") or _names(ld.get("url")),
        "paragraphs": parser.paragraphs,
        "captions": parser.captions,
    }


def _trafilatura_fields(raw: str) -> dict[str, Any] | None:
    try:
        import trafilatura

        document = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    except Exception:  # noqa: BLE001 - a third-party extractor failing means: use the fallback
        return None
    if document is None:
        return None
    fields = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return {key: fields.get(key) for key in ("title", "author", "date", "sitename", "url", "text")}


def parse_html_page(raw: str, *, use_trafilatura: bool = True) -> dict[str, Any]:
    """Title, date, author, site name, URL, body text and captions of an HTML news page.

    The main text and metadata come from trafilatura (no network access); when it finds
    no text, the page's own ``<p>`` elements outside navigation, headers, footers and
    figures are used. Publication times from the page's metadata (``article:published_time``,
    JSON-LD ``datePublished``, ``<time datetime>``) win over trafilatura's day-level date.
    ``<figcaption>`` texts and caption-like paragraphs go to ``captions``.

    Args:
        raw: The page's HTML as decoded text.
        use_trafilatura: False to use only the standard-library fallback (fast).

    Returns:
        A dict with ``title``, ``published_at``, ``author``, ``source`` (site name),
        ``url``, ``text`` (paragraphs joined with "\\n\\n") and ``captions``.
    """
    parser = _PageParser()
    parser.feed(raw)
    parser.close()
    own = _fallback_fields(parser)
    extracted = _trafilatura_fields(raw) if use_trafilatura else None
    extracted = extracted or {}

    title = (extracted.get("title") or own["title"] or "").strip() or None
    published = own["published_at"]
    if published is None and extracted.get("date"):
        published = parse_published_at(extracted["date"])
    fields: dict[str, Any] = {
        "title": title,
        "published_at": published,
        "author": (extracted.get("author") or own["author"] or "").strip() or None,
        "source": (extracted.get("sitename") or own["source"] or "").strip() or None,
        "url": (own["url"] or extracted.get("url") or "").strip() or None,
        "captions": list(dict.fromkeys(own["captions"])),
    }
    if extracted.get("text"):
        paragraphs = [line.strip() for line in extracted["text"].split("\n") if line.strip()]
    else:
        paragraphs = list(own["paragraphs"])
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    known_captions = set(fields["captions"])
    body_units = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph in known_captions:
            continue
        if index < 3 and (parse_byline(paragraph) or _date_line(paragraph)):
            fields["author"] = fields["author"] or parse_byline(paragraph)
            continue
        body_units.append((index, paragraph))
    body = _clean_body_units(body_units, fields)
    if fields["published_at"] is None:
        fields["published_at"] = fields.pop("_published", None) or fields.pop("_updated", None)
    fields.pop("_published", None)
    fields.pop("_updated", None)
    fields["text"] = _join_units(body)
    return fields
