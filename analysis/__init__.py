"""Who gets quoted in the news: load articles into tables of sentences, quotes and speakers,
then measure speaker share, sentiment and terms.

Public names are imported lazily, so ``import analysis`` does no work::

    from analysis import read_articles, split_sentences, extract_quotes
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    # io
    "read_articles": "analysis.io",
    "iter_articles": "analysis.io",
    "read_table": "analysis.io",
    "read_tables": "analysis.io",
    "write_table": "analysis.io",
    # stages
    "split_sentences": "analysis.sentences",
    "extract_quotes": "analysis.quotes",
    "attribute_speakers": "analysis.speakers",
    "speaker_table": "analysis.speakers",
    "process_articles": "analysis.pipeline",
    "run_process": "analysis.pipeline",
    "show_article": "analysis.display",
    "evaluate_gold": "analysis.evaluate",
    # metrics
    "speaker_share": "analysis.share",
    "share_by": "analysis.share",
    "score_sentiment": "analysis.sentiment",
    "sentiment_by": "analysis.sentiment",
    "term_frequencies": "analysis.terms",
    "distinctive_terms": "analysis.terms",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
