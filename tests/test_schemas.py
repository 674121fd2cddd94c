"""Tests of the table contracts' helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.schemas import SPEAKERS, conform, table_from_columns


def test_table_from_columns_gives_what_conform_gives() -> None:
    # lists of one length in an object column: still one list per row, not a 2-D array
    rows = [
        {"speaker_id": "sp_1", "name": "Ana Ruiz", "aliases": ["Ruiz", "the mayor"]},
        {"speaker_id": "sp_2", "name": "Ben Okafor", "aliases": ["Okafor", "Ben"]},
    ]
    for row, n in zip(rows, (3, 1), strict=True):
        row |= {"speaker_type": "person", "gender": "unknown", "gender_evidence": "none"}
        row |= {"title": None, "n_quotes": n, "n_words_quoted": 10 * n, "n_articles": 1}
    made = table_from_columns({name: [row[name] for row in rows] for name in SPEAKERS}, SPEAKERS)
    pd.testing.assert_frame_equal(made, conform(rows, SPEAKERS))
    assert made["aliases"].tolist() == [["Ruiz", "the mayor"], ["Okafor", "Ben"]]


def test_table_from_columns_takes_missing_values_and_odd_ones_as_pandas_does() -> None:
    # None, pd.NA and NaN are missing; a number in a text column or a float in an integer
    # column is converted as pandas converts it (Arrow refuses some of these as they are)
    schema = {"text": "string", "count": "Int64"}
    cases = [
        {"text": ["a", None, "c"], "count": [1, None, 3]},
        {"text": [pd.NA, "b", float("nan")], "count": [pd.NA, 2, None]},
        {"text": [1, "b", None], "count": [3.0, None, 2**40]},
        {"text": ["a"], "count": [True]},
    ]
    for columns in cases:
        made = table_from_columns(columns, schema)
        expected = pd.DataFrame(
            {name: pd.array(columns[name], dtype=d) for name, d in schema.items()}
        )
        pd.testing.assert_frame_equal(made, expected)
    with pytest.raises(TypeError):  # pandas refuses 3.5 as an integer: so do we
        table_from_columns({"count": [3.5, 1]}, {"count": "Int64"})
