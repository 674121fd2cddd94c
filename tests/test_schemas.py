"""Tests of the table contracts' helpers."""

from __future__ import annotations

import pandas as pd

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
