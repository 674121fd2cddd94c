"""``extract_quotes``: the quotes table (QUOTES of :mod:`analysis.schemas`) for many articles."""

from __future__ import annotations

import pandas as pd

from analysis.quotes.extract import QUOTE_FIELDS, quote_values
from analysis.quotes.lexicon import cue_kind
from analysis.schemas import QUOTE_EXTRAS, QUOTES, empty_table, table_from_columns

# filled by ``attribute_speakers``
_FILLED_LATER = {"speaker_id": None, "speaker_name": None, "attribution": "unknown"}


def _spans_by_article(
    sentences: pd.DataFrame,
) -> dict[str, tuple[list[tuple[int, int, int]], list[int]]]:
    """Per article: sentence spans in text order and their ``sentence_idx`` values."""
    ordered = sentences.sort_values(["article_id", "start_char", "sentence_idx"])
    spans: dict[str, tuple[list[tuple[int, int, int]], list[int]]] = {}
    for article_id, index, start, end, paragraph in zip(
        ordered["article_id"].tolist(),
        ordered["sentence_idx"].tolist(),
        ordered["start_char"].tolist(),
        ordered["end_char"].tolist(),
        ordered["paragraph_idx"].tolist(),
        strict=True,
    ):
        entry = spans.setdefault(str(article_id), ([], []))
        entry[0].append((int(start), int(end), int(paragraph)))
        entry[1].append(int(index))
    return spans


def extract_quotes(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quote found in the articles' texts (QUOTES columns, then extras).

    Args:
        articles: ARTICLES rows (``article_id`` and ``text`` are used).
        sentences: SENTENCES rows of the same articles; their spans are used as sentence
            boundaries and for ``sentence_idx_start/end``. Computed per text when None
            (or when an article has no sentence rows).

    Returns:
        A new frame: ``quote_id`` = "{article_id}:q{n}" (n counts the article's quotes in
        text order), offsets into ``articles.text``, ``speaker_id`` / ``speaker_name``
        null and ``attribution`` "unknown" (filled by ``attribute_speakers``), the
        extractor's ``confidence``, ``n_words`` of the quoted words; extra columns
        ``content_spans`` (list of [start, end] pieces), ``speaker_from``,
        ``quote_content`` (the quoted words only: for a split quote its pieces without the
        narration between them; what sentiment, terms and word counts use) and
        ``cue_kind`` (what the cue reports: speech, thought or evidence; see
        :func:`analysis.quotes.lexicon.cue_kind`).

    Raises:
        KeyError: ``articles`` lacks ``article_id`` or ``text``.
    """
    missing = [name for name in ("article_id", "text") if name not in articles.columns]
    if missing:
        raise KeyError(f"articles lack columns {missing}")
    spans = _spans_by_article(sentences) if sentences is not None and len(sentences) else {}
    # one list per column (cheaper than a dict per row for pandas to take apart)
    columns: dict[str, list] = {name: [] for name in (*QUOTES, *QUOTE_EXTRAS)}
    found = [columns[name] for name in QUOTE_FIELDS]
    quote_ids, article_ids = columns["quote_id"], columns["article_id"]
    n_words, contents, kinds = columns["n_words"], columns["quote_content"], columns["cue_kind"]
    first_sentences, last_sentences = columns["sentence_idx_start"], columns["sentence_idx_end"]
    for article_id, text in zip(
        articles["article_id"].tolist(), articles["text"].tolist(), strict=True
    ):
        if not isinstance(text, str):
            continue
        article_id = str(article_id)
        article_spans, sentence_ids = spans.get(article_id, (None, None))
        for index, values in enumerate(quote_values(text, article_spans)):
            quote_ids.append(f"{article_id}:q{index}")
            article_ids.append(article_id)
            for column, value in zip(found, values, strict=True):
                column.append(value)
            if sentence_ids:  # positions in the span list -> the table's sentence_idx
                for column in (first_sentences, last_sentences):
                    if column[-1] is not None:
                        column[-1] = sentence_ids[column[-1]]
            content = _quoted_words(text, columns["content_spans"][-1], columns["quote_text"][-1])
            n_words.append(len(content.split()))
            contents.append(content)
            kinds.append(cue_kind(columns["cue"][-1], columns["speaker_mention"][-1]))
    if not quote_ids:
        return empty_table(QUOTES | QUOTE_EXTRAS)
    for name in ("speaker_id", "speaker_name", "attribution"):
        columns[name] = [_FILLED_LATER[name]] * len(quote_ids)
    return table_from_columns(columns, QUOTES | QUOTE_EXTRAS)


def _quoted_words(text: str, pieces: list[list[int]], quote_text: str) -> str:
    """The quote's own words: its pieces joined by a space, without the narration between
    the pieces of a split quote ("A," she said, "B." -> "A, B.")."""
    if len(pieces) == 1:
        # the quote's text itself (the same string when nothing is stripped: converted
        # to the table's text once)
        return quote_text.strip()
    return " ".join(text[start:end].strip() for start, end in pieces)
