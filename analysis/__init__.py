"""Who gets quoted in the news: load articles into tables of sentences, quotes and speakers,
then measure speaker share, sentiment and terms.

Public names are imported lazily, so ``import analysis`` does no work::

    from analysis import read_articles, split_sentences, extract_quotes
"""

from __future__ import annotations

import importlib
from typing import Any

from analysis.compiled import install_guard

__version__ = "0.1.0"

install_guard()

_PUBLIC = {
    # io: the only module on disk
    "read_articles": "analysis.io",
    "iter_articles": "analysis.io",
    "read_table": "analysis.io",
    "read_tables": "analysis.io",
    "read_manifest": "analysis.io",
    "write_table": "analysis.io",
    # stages
    "split_sentences": "analysis.sentences",
    "extract_quotes": "analysis.quotes",
    "attribute_speakers": "analysis.speakers",
    "canonicalize_speakers": "analysis.speakers",
    "speaker_table": "analysis.speakers",
    "score_sentiment": "analysis.sentiment",
    "process_articles": "analysis.pipeline",
    "run_process": "analysis.pipeline",
    "show_article": "analysis.display",
    "article_html": "analysis.display",
    "evaluate_gold": "analysis.evaluate",
    # metrics
    "annotate_quotes": "analysis.share",
    "filter_quotes": "analysis.share",
    "speaker_share": "analysis.share",
    "share_by": "analysis.share",
    "unique_sources": "analysis.share",
    "gender_gap": "analysis.share",
    "sentiment_by": "analysis.sentiment",
    "sentiment_by_speaker": "analysis.sentiment",
    "quoted_vs_narration": "analysis.sentiment",
    "tokenize_terms": "analysis.terms",
    "term_frequencies": "analysis.terms",
    "distinctive_terms": "analysis.terms",
    # plots
    "plot_speaker_share": "analysis.plots",
    "plot_share_over_time": "analysis.plots",
    "plot_share_by": "analysis.plots",
    "plot_sentiment": "analysis.plots",
    "plot_terms": "analysis.plots",
    "plot_distinctive_terms": "analysis.plots",
    "save_figure": "analysis.plots",
    # reports
    "run_reports": "analysis.reports",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
