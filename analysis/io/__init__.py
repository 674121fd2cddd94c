"""The only part of the package that touches disk.

- :mod:`analysis.io.inputs`: raw inputs (pages, exports, folders) -> ``articles`` / ``errors``.
- :mod:`analysis.io.tables`: the processed tables as partitioned parquet folders.
"""

from __future__ import annotations

from analysis.io.inputs import (
    DEFAULT_COLUMNS,
    DEFAULT_MAX_PAGE_BYTES,
    decode_page,
    iter_articles,
    iter_file_items,
    list_input_files,
    mark_duplicate_ids,
    read_articles,
)
from analysis.io.tables import read_manifest, read_table, read_tables, write_table

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_MAX_PAGE_BYTES",
    "decode_page",
    "iter_articles",
    "iter_file_items",
    "list_input_files",
    "mark_duplicate_ids",
    "read_articles",
    "read_manifest",
    "read_table",
    "read_tables",
    "write_table",
]
