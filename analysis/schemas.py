"""The table contracts: column names, in order, and their dtypes.

Column names are the API (see the design document). Every stage returns frames with
exactly these columns, built through :func:`empty_table`, :func:`conform` or
:func:`table_from_columns`, so an empty result still has the right shape.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

#: articles - grain: one article; key ``article_id``.
ARTICLES = {
    "article_id": "string",
    "source": "string",
    "title": "string",
    "published_at": "datetime64[ns, UTC]",
    "author": "string",
    "url": "string",
    "text": "string",
    "captions": "object",  # list[str]
    "path": "string",
    "content_hash": "string",
}

#: sentences - grain: one sentence; key (``article_id``, ``sentence_idx``).
SENTENCES = {
    "article_id": "string",
    "sentence_idx": "int64",
    "paragraph_idx": "int64",
    "start_char": "int64",
    "end_char": "int64",
    "text": "string",
}

#: quotes - grain: one quote (a split or multi-paragraph quote is one row); key ``quote_id``.
QUOTES = {
    "quote_id": "string",
    "article_id": "string",
    "start_char": "int64",
    "end_char": "int64",
    "quote_text": "string",
    "quote_type": "string",  # direct / mixed / indirect
    "cue": "string",
    "cue_start_char": "Int64",
    "cue_end_char": "Int64",
    "speaker_mention": "string",
    "speaker_start_char": "Int64",
    "speaker_end_char": "Int64",
    "speaker_id": "string",
    "speaker_name": "string",
    "attribution": "string",  # name / pronoun / title / carry_over / organization / unknown
    "confidence": "float64",
    "n_words": "int64",
    "sentence_idx_start": "Int64",
    "sentence_idx_end": "Int64",
}

#: columns the quote stage adds to QUOTES: the pieces of a split quote, where the mention
#: was found, the quote's own words, and what its cue reports (speech, thought, evidence)
QUOTE_EXTRAS = {
    "content_spans": "object",
    "speaker_from": "string",
    "quote_content": "string",
    "cue_kind": "string",
}

#: columns the speaker stage adds to QUOTES (after QUOTE_EXTRAS): the speaker's
#: corpus-wide type, gender and its evidence, title and aliases
EVIDENCE_COLUMNS = {
    "speaker_type": "string",
    "speaker_gender": "string",
    "speaker_gender_evidence": "string",
    "speaker_title": "string",
    "speaker_aliases": "object",
}

#: Arrow types of the list columns ("object" above): a table part without rows gives them
#: no type of its own, and every part of a table must have the same schema
LIST_TYPES = {
    "captions": pa.list_(pa.string()),
    "content_spans": pa.list_(pa.list_(pa.int64())),
    "speaker_aliases": pa.list_(pa.string()),
    "aliases": pa.list_(pa.string()),
}

#: speakers - grain: one canonical speaker across the corpus; key ``speaker_id``.
SPEAKERS = {
    "speaker_id": "string",
    "name": "string",
    "aliases": "object",  # list[str]
    "speaker_type": "string",  # person / organization / unknown
    "gender": "string",  # female / male / unknown
    "gender_evidence": "string",  # pronoun / honorific / override / none
    "title": "string",
    "n_quotes": "int64",
    "n_words_quoted": "int64",
    "n_articles": "int64",
}

#: errors - grain: one input item that could not be used.
ERRORS = {
    "path": "string",
    "article_id": "string",
    "line": "Int64",
    "stage": "string",
    "error_type": "string",
    "message": "string",
}

#: sentiment columns added to ``sentences`` and ``quotes`` by ``analysis process``.
SENTIMENT = {
    "sentiment_compound": "float64",
    "sentiment_pos": "float64",
    "sentiment_neu": "float64",
    "sentiment_neg": "float64",
}

TABLES = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "quotes": QUOTES,
    "speakers": SPEAKERS,
    "errors": ERRORS,
}


def empty_table(schema: dict[str, str]) -> pd.DataFrame:
    """A zero-row frame with the schema's columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in schema.items()})


def table_from_columns(columns: dict[str, Sequence], schema: dict[str, str]) -> pd.DataFrame:
    """A frame of exactly the schema's columns, in order, from one list per column, each
    made with its dtype at once (what :func:`conform` gives, without inferring a dtype
    from the values first and converting after)."""
    return pd.DataFrame({name: array_of(columns[name], dtype) for name, dtype in schema.items()})


def array_of(values: Sequence, dtype: str) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """One column of a table: ``values`` as an array of ``dtype``, as pandas would make it."""
    if dtype == "object":  # fromiter: a list of lists stays one object per row
        return np.fromiter(values, dtype=object, count=len(values))
    if dtype in ("int64", "float64"):
        return np.array(values, dtype=dtype)
    if dtype == "string":
        # through Arrow: twice as fast as pandas' conversion of a list. A value Arrow does
        # not take as text (pd.NA, NaN, a number) goes pandas' way.
        try:
            return pd.array(pa.array(values, type=pa.large_string()), dtype=dtype)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            return pd.array(values, dtype=dtype)
    if dtype == "Int64":
        # through Arrow when it reads the values as integers and missing ones (5x faster);
        # anything else (floats, booleans, pd.NA) goes pandas' way
        try:
            arrow = pa.array(values)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            arrow = None
        if arrow is not None and arrow.type in (pa.int64(), pa.null()):
            data = arrow.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
            return pd.arrays.IntegerArray(data, arrow.is_null().to_numpy(zero_copy_only=False))
    return pd.array(values, dtype=dtype)


def conform(rows: list[dict] | pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """Build a frame from rows (or a frame) with exactly the schema's columns, in order.

    Extra columns are kept after the contract's ones; missing contract columns are an error.

    Raises:
        KeyError: a contract column is missing from non-empty input.
    """
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(rows)
    if frame.empty and not len(frame.columns):
        return empty_table(schema)
    missing = [name for name in schema if name not in frame.columns]
    if missing:
        raise KeyError(f"missing columns {missing}; expected {list(schema)}")
    extra = [name for name in frame.columns if name not in schema]
    frame = frame[list(schema) + extra].copy()
    for name, dtype in schema.items():
        if dtype == "object" or frame[name].dtype == pd.api.types.pandas_dtype(dtype):
            continue  # already right: converting would only copy it again
        if dtype.startswith("datetime64"):
            frame[name] = pd.to_datetime(frame[name], utc=True)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame.reset_index(drop=True)
