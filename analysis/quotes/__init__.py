"""Quote extraction: quoted segments, reporting cues, speaker mentions.

Public API: :func:`find_quotes` (one text) and :func:`extract_quotes` (a table of
articles -> the quotes table).
"""

from analysis.quotes.extract import find_quotes
from analysis.quotes.table import extract_quotes

__all__ = ["extract_quotes", "find_quotes"]
