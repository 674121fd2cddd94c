"""A tiny processed corpus for the report tests, built from hand-written frames.

Six invented articles in three outlets over three months (plus one undated article without
quotes), each with its sentences and quotes, stored sentiment scores, four speakers (one
woman, two men, one organisation) and two error rows. ``write_processed_fixture(root)``
writes it as ``analysis process`` would (one folder of parquet parts per table).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from analysis.io.tables import write_json, write_table
from analysis.quotes.lexicon import cue_kind
from analysis.schemas import ARTICLES, ERRORS, QUOTES, SENTENCES, SPEAKERS, conform

SPEAKER_INFO = {
    # name: (speaker_type, gender)
    "Teresa Valdane": ("person", "female"),
    "Frank Mulrooney": ("person", "male"),
    "Omar Lindqvist": ("person", "male"),
    "Port Ellery Harbour Board": ("organization", "unknown"),
}

# article_id, source, published_at, title, paragraphs; a paragraph is a list of sentences,
# a sentence is (text, quotes) and a quote is (content, quote_type, speaker or None, cue, score).
ARTICLE_SPECS = [
    (
        "hg-01",
        "harbour-gazette",
        "2025-01-14T21:47:00Z",
        "Council backs new bridge",
        [
            [
                ("The council voted to replace the old bridge on Tuesday.", []),
                (
                    "“The bridge has served us well, but it is tired,” said Mayor Teresa Valdane.",
                    [
                        (
                            "The bridge has served us well, but it is tired,",
                            "direct",
                            "Teresa Valdane",
                            "said",
                            0.42,
                        )
                    ],
                ),
            ],
            [
                (
                    "“We will build something better,” Valdane said.",
                    [("We will build something better,", "direct", "Teresa Valdane", "said", 0.44)],
                ),
                (
                    "“Nobody asked what it will cost,” Frank Mulrooney said.",
                    [
                        (
                            "Nobody asked what it will cost,",
                            "direct",
                            "Frank Mulrooney",
                            "said",
                            -0.3,
                        )
                    ],
                ),
                (
                    "Officials said the works could start in 2027.",
                    [("the works could start in 2027", "indirect", None, "said", 0.0)],
                ),
            ],
        ],
    ),
    (
        "hg-02",
        "harbour-gazette",
        "2025-02-03T08:10:00Z",
        "Dockers ballot on strike",
        [
            [
                ("Dockers began voting on a strike on Monday.", []),
                (
                    "Valdane called the dispute “a sad day for the harbour.”",
                    [("a sad day for the harbour.", "mixed", "Teresa Valdane", "called", -0.48)],
                ),
                (
                    "The Port Ellery Harbour Board said it regretted the ballot.",
                    [
                        (
                            "it regretted the ballot",
                            "indirect",
                            "Port Ellery Harbour Board",
                            "said",
                            -0.36,
                        )
                    ],
                ),
                (
                    "“Pay has fallen for five years,” Mulrooney told reporters.",
                    [("Pay has fallen for five years,", "direct", "Frank Mulrooney", "told", -0.1)],
                ),
            ]
        ],
    ),
    (
        "cp-01",
        "coastline-post",
        "2025-01-30T12:00:00Z",
        "Storm damage along the coast",
        [
            [
                ("A storm damaged sea walls across the bay.", []),
                (
                    "“The sea walls held, and that saved lives,” said Omar Lindqvist.",
                    [
                        (
                            "The sea walls held, and that saved lives,",
                            "direct",
                            "Omar Lindqvist",
                            "said",
                            0.6,
                        )
                    ],
                ),
                (
                    "“We are grateful to every volunteer,” Lindqvist added.",
                    [
                        (
                            "We are grateful to every volunteer,",
                            "direct",
                            "Omar Lindqvist",
                            "added",
                            0.7,
                        )
                    ],
                ),
                (
                    "“It was terrifying,” one resident said.",
                    [("It was terrifying,", "direct", None, "said", -0.55)],
                ),
            ]
        ],
    ),
    (
        "cp-02",
        "coastline-post",
        "2025-03-05T09:30:00Z",
        "Fishing quotas cut",
        [
            [
                ("Fishing quotas will be cut by a fifth.", []),
                (
                    "Lindqvist said the cuts would hurt small boats.",
                    [
                        (
                            "the cuts would hurt small boats",
                            "indirect",
                            "Omar Lindqvist",
                            "said",
                            -0.5,
                        )
                    ],
                ),
                (
                    "“This is a fair deal,” said Teresa Valdane.",
                    [("This is a fair deal,", "direct", "Teresa Valdane", "said", 0.52)],
                ),
            ]
        ],
    ),
    (
        "nc-01",
        "northfield-courier",
        "2025-02-19T15:00:00Z",
        "Tram extension planned",
        [
            [
                ("The tram line will be extended to the harbour.", []),
                (
                    "“Trams are good for the town,” said Frank Mulrooney.",
                    [("Trams are good for the town,", "direct", "Frank Mulrooney", "said", 0.44)],
                ),
            ]
        ],
    ),
    (
        "nc-02",
        "northfield-courier",
        None,
        "Market day returns",
        [[("Market day returns to the square this weekend.", [])]],
    ),
]

ERROR_ROWS = [
    ("raw/valley-ledger/empty.txt", None, None, "load", "empty_file", "file has no text"),
    ("raw/exports/feed.jsonl", None, 7, "load", "json_decode", "line 7: not valid JSON"),
]


def _speaker_id(name: str) -> str:
    return "spk-" + hashlib.sha1(name.encode()).hexdigest()[:10]


def _word_count(text: str) -> int:
    return len(text.split())


def build_processed_fixture() -> dict[str, pd.DataFrame]:
    """The fixture tables by name (articles, sentences, quotes, speakers, errors)."""
    articles, sentences, quotes = [], [], []
    for article_id, source, published_at, title, paragraphs in ARTICLE_SPECS:
        text_parts: list[str] = []
        cursor = 0
        sentence_idx = 0
        for paragraph_idx, paragraph in enumerate(paragraphs):
            if paragraph_idx:
                text_parts.append("\n\n")
                cursor += 2
            for position, (sentence, sentence_quotes) in enumerate(paragraph):
                if position:
                    text_parts.append(" ")
                    cursor += 1
                start = cursor
                text_parts.append(sentence)
                cursor += len(sentence)
                sentences.append(
                    {
                        "article_id": article_id,
                        "sentence_idx": sentence_idx,
                        "paragraph_idx": paragraph_idx,
                        "start_char": start,
                        "end_char": cursor,
                        "text": sentence,
                        "sentiment_compound": sentence_quotes[0][4] / 2
                        if sentence_quotes
                        else 0.05,
                    }
                )
                for content, quote_type, speaker, cue, score in sentence_quotes:
                    offset = start + sentence.index(content)
                    cue_offset = start + sentence.index(cue)
                    quotes.append(
                        {
                            "quote_id": f"{article_id}-q{len(quotes):02d}",
                            "article_id": article_id,
                            "start_char": offset,
                            "end_char": offset + len(content),
                            "quote_text": content,
                            "quote_type": quote_type,
                            "cue": cue,
                            "cue_kind": cue_kind(cue, speaker),
                            "cue_start_char": cue_offset,
                            "cue_end_char": cue_offset + len(cue),
                            "speaker_mention": speaker,
                            "speaker_start_char": None,
                            "speaker_end_char": None,
                            "speaker_id": _speaker_id(speaker) if speaker else None,
                            "speaker_name": speaker,
                            "attribution": "name" if speaker else "unknown",
                            "confidence": 0.9 if speaker else 0.0,
                            "n_words": _word_count(content),
                            "sentence_idx_start": sentence_idx,
                            "sentence_idx_end": sentence_idx,
                            "sentiment_compound": score,
                        }
                    )
                sentence_idx += 1
        text = "".join(text_parts)
        articles.append(
            {
                "article_id": article_id,
                "source": source,
                "title": title,
                "published_at": published_at,
                "author": None,
                "url": None,
                "text": text,
                "captions": [],
                "path": f"raw/{source}/{article_id}.txt",
                "content_hash": hashlib.sha1(text.encode()).hexdigest(),
            }
        )
    quotes_frame = _with_sentiment(conform(quotes, QUOTES))
    speakers = []
    for name, (speaker_type, gender) in SPEAKER_INFO.items():
        own = quotes_frame[quotes_frame["speaker_name"] == name]
        speakers.append(
            {
                "speaker_id": _speaker_id(name),
                "name": name,
                "aliases": [name.split()[-1]],
                "speaker_type": speaker_type,
                "gender": gender,
                "gender_evidence": "override" if gender != "unknown" else "none",
                "title": None,
                "n_quotes": len(own),
                "n_words_quoted": int(own["n_words"].sum()),
                "n_articles": own["article_id"].nunique(),
            }
        )
    errors = [dict(zip(ERRORS, row, strict=True)) for row in ERROR_ROWS]
    return {
        "articles": conform(articles, ARTICLES),
        "sentences": _with_sentiment(conform(sentences, SENTENCES)),
        "quotes": quotes_frame,
        "speakers": conform(speakers, SPEAKERS),
        "errors": conform(errors, ERRORS),
    }


def _with_sentiment(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill pos/neu/neg consistently with the hand-set compound score."""
    compound = frame["sentiment_compound"].astype("float64")
    pos = compound.clip(lower=0) / 2
    neg = (-compound).clip(lower=0) / 2
    return frame.assign(
        sentiment_compound=compound,
        sentiment_pos=pos,
        sentiment_neu=1 - pos - neg,
        sentiment_neg=neg,
    )


def write_processed_fixture(root: str | Path) -> Path:
    """Write the fixture tables and a manifest under ``root``; return ``root``."""
    root = Path(root)
    tables = build_processed_fixture()
    for name, frame in tables.items():
        write_table(frame, root, name)
    write_json(
        {"counts": {name: len(frame) for name, frame in tables.items()}}, root / "manifest.json"
    )
    return root
