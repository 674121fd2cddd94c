"""Score the quote extractor against a gold file (the protocol of ``shared/eval/README.md``).

Gold files are JSON Lines, one article per line::

    {"id", "source", "text", "split", "quotes": [{"start", "end", "content_spans"?,
     "speaker_start"?, "speaker_end"?, "speaker_spans"?, "kind", ...}]}

How a prediction and a gold item are compared:

- Every span is a list of pieces (``content_spans`` when present, else ``[start, end]``);
  quotation marks and whitespace at the edges of each piece are ignored.
- **recall at t**: a gold item counts as found when the union of the *selected*
  predictions covers at least ``t`` of its characters.
- **precision at t**: a selected prediction counts as right when at least ``t`` of its
  characters fall inside any gold attribution, of *any* kind.
- Which predictions are *selected* for a row: the ones whose ``quote_type`` is one of
  the row's kinds. The "direct+mixed" row therefore scores only predictions typed
  ``direct`` or ``mixed`` (both for precision and for recall), the "all" row every
  prediction. Types are derived from quotation marks on both sides, so a reported
  clause that contains a quoted phrase is ``mixed`` for the extractor as for the gold.
- **speaker mention accuracy**: over gold items found at t=0.3 that have a speaker, the
  share whose covering prediction (the selected prediction overlapping the item most;
  on a tie the shorter one) has a speaker span overlapping the gold speaker span.
- **quote+speaker F1**: recall counts a gold item when it is found at t=0.3 and its
  speaker mention is right (for a gold item without a speaker: the covering prediction
  names none either); precision counts a selected prediction when it is right at
  t=0.3 and its speaker mention is right for the gold item it overlaps most.

Example:
    >>> result = evaluate_gold("gold.jsonl", split="dev")  # doctest: +SKIP
    >>> print(format_evaluation(result))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

THRESHOLDS = (0.3, 0.8)
ALL_KINDS = ("direct", "mixed", "indirect")
DEFAULT_ROWS = {"direct+mixed": ("direct", "mixed"), "all": ALL_KINDS}
_EDGE_CHARS = frozenset("\"'“”‘’«»„‹›‚`") | frozenset(" \t\n\r\xa0\u2009\u200a\u202f")

Span = tuple[int, int]


class GoldFileError(ValueError):
    """A gold file or an evaluation option that cannot be used (says which and why)."""


def read_gold(path: str | Path, *, split: str | None = None) -> list[dict]:
    """Articles of a gold JSON Lines file, optionally only those of one split.

    Raises:
        GoldFileError: a line is not valid JSON or lacks ``text`` / ``quotes``.
    """
    articles = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldFileError(f"{path}: line {number} is not JSON: {error}") from error
            if "text" not in article or "quotes" not in article:
                raise GoldFileError(f"{path}: line {number} lacks 'text' or 'quotes'")
            if split is not None and article.get("split") != split:
                continue
            articles.append(article)
    return articles


def _strip_piece(text: str, start: int, end: int) -> Span:
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        end -= 1
    return start, end


def _pieces(text: str, item: dict, *, start_key: str, end_key: str, list_key: str) -> list[Span]:
    raw = item.get(list_key) or [[item[start_key], item[end_key]]]
    pieces = [_strip_piece(text, int(s), int(e)) for s, e in raw]
    return [(s, e) for s, e in pieces if e > s]


def _speaker_pieces(item: dict, *, start_key: str, end_key: str) -> list[Span]:
    spans = item.get("speaker_spans")
    if spans:
        return [(int(s), int(e)) for s, e in spans]
    start, end = item.get(start_key), item.get(end_key)
    if start is None or end is None:
        return []
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        return []
    return [(start, end)] if end > start else []


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _best_overlap(pieces: Sequence[Span], candidates: Sequence[dict]) -> dict | None:
    """The candidate overlapping ``pieces`` most (ties: the shorter one, then the first)."""
    best, best_key = None, (0, 0)
    for candidate in candidates:
        key = (_overlap(pieces, candidate["pieces"]), -candidate["size"])
        if key[0] > 0 and key > best_key:
            best, best_key = candidate, key
    return best


def _mask(n: int, spans: Iterable[Span]) -> bytearray:
    mask = bytearray(n)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _covered(mask: bytearray, pieces: Sequence[Span]) -> int:
    return sum(mask[s:e].count(1) for s, e in pieces)


def _prepare_gold(text: str, quotes: list[dict]) -> list[dict]:
    items = []
    for quote in quotes:
        pieces = _pieces(text, quote, start_key="start", end_key="end", list_key="content_spans")
        if not pieces:
            continue
        items.append(
            {
                "kind": quote.get("kind", "indirect"),
                "pieces": pieces,
                "size": sum(e - s for s, e in pieces),
                "speaker": _speaker_pieces(quote, start_key="speaker_start", end_key="speaker_end"),
            }
        )
    return items


def _prepare_predictions(text: str, quotes: list[dict]) -> list[dict]:
    items = []
    for quote in quotes:
        pieces = _pieces(
            text, quote, start_key="start_char", end_key="end_char", list_key="content_spans"
        )
        if not pieces:
            continue
        items.append(
            {
                "kind": quote.get("quote_type") or "indirect",
                "pieces": pieces,
                "size": sum(e - s for s, e in pieces),
                "speaker": _speaker_pieces(
                    quote, start_key="speaker_start_char", end_key="speaker_end_char"
                ),
            }
        )
    return items


def _speaker_right(gold_speaker: list[Span], predicted_speaker: list[Span]) -> bool:
    if not gold_speaker:
        return not predicted_speaker
    return _overlap(gold_speaker, predicted_speaker) > 0


def _score_article(text: str, gold: list[dict], predicted: list[dict], kinds: Sequence[str]):
    """Per-item records of one article for one kind set: (gold records, prediction records)."""
    n = len(text)
    selected = [p for p in predicted if p["kind"] in kinds]
    gold_rows = [g for g in gold if g["kind"] in kinds]
    pred_mask = _mask(n, (piece for p in selected for piece in p["pieces"]))
    gold_mask = _mask(n, (piece for g in gold for piece in g["pieces"]))
    gold_records = []
    for item in gold_rows:
        coverage = _covered(pred_mask, item["pieces"]) / item["size"]
        best = _best_overlap(item["pieces"], selected)
        speaker_right = best is not None and _speaker_right(item["speaker"], best["speaker"])
        gold_records.append(
            {
                "kind": item["kind"],
                "coverage": coverage,
                "has_speaker": bool(item["speaker"]),
                "speaker_right": speaker_right,
            }
        )
    pred_records = []
    for pred in selected:
        inside = _covered(gold_mask, pred["pieces"]) / pred["size"]
        best = _best_overlap(pred["pieces"], gold)
        speaker_right = best is not None and _speaker_right(best["speaker"], pred["speaker"])
        pred_records.append(
            {"kind": pred["kind"], "inside": inside, "speaker_right": speaker_right}
        )
    return gold_records, pred_records


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _aggregate(gold_records: list[dict], pred_records: list[dict]) -> dict:
    n_gold, n_pred = len(gold_records), len(pred_records)
    row: dict = {"n_gold": n_gold, "n_pred": n_pred}
    for t in THRESHOLDS:
        found = sum(1 for g in gold_records if g["coverage"] >= t - 1e-9)
        right = sum(1 for p in pred_records if p["inside"] >= t - 1e-9)
        precision, recall = _ratio(right, n_pred), _ratio(found, n_gold)
        row[f"t{t}"] = {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "n_found": found,
            "n_right": right,
        }
    with_speaker = [g for g in gold_records if g["coverage"] >= 0.3 - 1e-9 and g["has_speaker"]]
    row["speaker_accuracy"] = _ratio(
        sum(g["speaker_right"] for g in with_speaker), len(with_speaker)
    )
    row["n_speaker_scored"] = len(with_speaker)
    gold_right = sum(1 for g in gold_records if g["coverage"] >= 0.3 - 1e-9 and g["speaker_right"])
    pred_right = sum(1 for p in pred_records if p["inside"] >= 0.3 - 1e-9 and p["speaker_right"])
    precision, recall = _ratio(pred_right, n_pred), _ratio(gold_right, n_gold)
    row["quote_speaker"] = {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}
    return row


def _product_quotes(articles: list[dict]) -> list[list[dict]]:
    """Each gold article's quotes as ``analysis process`` finds them: its per-article
    stages (sentences, quotes, speakers) run on all the texts at once."""
    from analysis.quotes import extract_quotes
    from analysis.schemas import ARTICLES, conform
    from analysis.sentences import split_sentences
    from analysis.speakers import attribute_speakers

    rows = [
        {**dict.fromkeys(ARTICLES), "article_id": str(i), "text": article["text"], "captions": []}
        for i, article in enumerate(articles)
    ]
    frame = conform(rows, ARTICLES)
    quotes = attribute_speakers(extract_quotes(frame, split_sentences(frame)), frame)
    found: list[list[dict]] = [[] for _ in articles]
    for quote in quotes.to_dict("records"):
        found[int(quote["article_id"])].append(quote)
    return found


def evaluate_gold(
    path: str | Path,
    *,
    kinds: Sequence[str] | None = None,
    split: str | None = None,
    extractor: Callable[[str], list[dict]] | None = None,
) -> dict:
    """Run the extractor on every gold article and score it.

    Args:
        path: gold JSON Lines file (format in the module docstring).
        kinds: score only these gold kinds (one row named "direct+mixed" etc.); default:
            two rows, "direct+mixed" and "all".
        split: keep only articles whose ``split`` field equals this.
        extractor: function text -> list of quote dicts (``find_quotes`` output); default:
            the quotes ``analysis process`` writes (its sentence, quote and speaker stages).

    Returns:
        ``{"gold", "split", "n_articles", "rows": {name: metrics}, "by_kind": {kind:
        metrics}, "by_source": {source: {name: metrics}}}``; metrics hold ``n_gold,
        n_pred``, ``t0.3`` / ``t0.8`` (precision, recall, f1, n_found, n_right),
        ``speaker_accuracy``, ``n_speaker_scored`` and ``quote_speaker`` (P/R/F1).

    Raises:
        GoldFileError: unknown kind, a malformed gold file, or no articles (in ``split``).
    """
    if kinds is not None:
        kinds = tuple(kinds)
        unknown = [k for k in kinds if k not in ALL_KINDS]
        if unknown:
            raise GoldFileError(f"unknown kinds {unknown}; expected some of {list(ALL_KINDS)}")
        rows = {"+".join(kinds): kinds}
    else:
        rows = dict(DEFAULT_ROWS)
    articles = read_gold(path, split=split)
    if not articles:
        raise GoldFileError(f"{path}: no articles" + (f" in split {split!r}" if split else ""))
    found = [extractor(a["text"]) for a in articles] if extractor else _product_quotes(articles)
    kind_sets = {**rows, **{k: (k,) for k in ALL_KINDS}}
    records: dict = defaultdict(lambda: ([], []))
    for article, quotes in zip(articles, found, strict=True):
        text = article["text"]
        source = str(article.get("source") or "unknown")
        gold = _prepare_gold(text, article["quotes"])
        predicted = _prepare_predictions(text, quotes)
        for name, kind_set in kind_sets.items():
            gold_records, pred_records = _score_article(text, gold, predicted, kind_set)
            for key in ((name, None), (name, source)):
                records[key][0].extend(gold_records)
                records[key][1].extend(pred_records)
    sources = sorted({str(a.get("source") or "unknown") for a in articles})
    return {
        "gold": str(path),
        "split": split,
        "n_articles": len(articles),
        "rows": {name: _aggregate(*records[(name, None)]) for name in rows},
        "by_kind": {k: _aggregate(*records[(k, None)]) for k in ALL_KINDS},
        "by_source": {
            source: {name: _aggregate(*records[(name, source)]) for name in rows}
            for source in sources
        },
    }


def _metric_line(label: str, row: dict) -> str:
    low, high, qs = row["t0.3"], row["t0.8"], row["quote_speaker"]
    return (
        f"{label:<22}{row['n_gold']:>6}{row['n_pred']:>6}"
        f"  {low['precision']:.3f} {low['recall']:.3f} {low['f1']:.3f}"
        f"  {high['precision']:.3f} {high['recall']:.3f} {high['f1']:.3f}"
        f"  {row['speaker_accuracy']:.3f}  {qs['f1']:.3f}"
    )


def format_evaluation(result: dict) -> str:
    """A plain-text table of :func:`evaluate_gold`'s result, one line per row."""
    header = (
        f"{'':<22}{'gold':>6}{'pred':>6}  {'P@.3':<5} {'R@.3':<5} {'F1@.3':<5}"
        f"  {'P@.8':<5} {'R@.8':<5} {'F1@.8':<5}  {'spkr':<5}  {'Q+S F1'}"
    )
    split = f", split {result['split']}" if result.get("split") else ""
    lines = [f"{result['gold']}{split}: {result['n_articles']} articles", "", header]
    lines += [_metric_line(name, row) for name, row in result["rows"].items()]
    lines += ["", "by kind (predictions typed as the kind)"]
    lines += [_metric_line(kind, row) for kind, row in result["by_kind"].items()]
    for name in result["rows"]:
        lines += ["", f"by publisher: {name}"]
        lines += [_metric_line(source, rows[name]) for source, rows in result["by_source"].items()]
    return "\n".join(lines)
