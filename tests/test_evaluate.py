"""Tests of the gold scorer on tiny hand-made gold files with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.evaluate import evaluate_gold, format_evaluation, read_gold

TEXT = "Intro. “Ten chars!” Ann said. The plan failed, Bob said."
#       0123456789012345678901234567890123456789012345678901234
DIRECT = TEXT.index("Ten chars!")  # 8..18, with marks 7..19
ANN = TEXT.index("Ann")
PLAN = TEXT.index("The plan failed")
BOB = TEXT.index("Bob")


def _gold_item(start, end, kind, speaker=None, **extra) -> dict:
    item = {"start": start, "end": end, "kind": kind, "cue": "said", **extra}
    if speaker is not None:
        item.update(speaker_start=speaker[0], speaker_end=speaker[1])
    return item


GOLD_QUOTES = [
    _gold_item(DIRECT - 1, DIRECT + 11, "direct", (ANN, ANN + 3)),  # marks included, as in gold
    _gold_item(PLAN, PLAN + 15, "indirect", (BOB, BOB + 3)),
]


def _write_gold(tmp_path: Path, articles: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    return path


def _article(quotes=None, *, source="paper", split="dev", text=TEXT, article_id="a1") -> dict:
    return {
        "id": article_id,
        "source": source,
        "split": split,
        "text": text,
        "quotes": GOLD_QUOTES if quotes is None else quotes,
    }


def _pred(start, end, kind, speaker=None, pieces=None) -> dict:
    return {
        "start_char": start,
        "end_char": end,
        "quote_type": kind,
        "content_spans": pieces,
        "speaker_start_char": speaker[0] if speaker else None,
        "speaker_end_char": speaker[1] if speaker else None,
    }


PERFECT = [
    _pred(DIRECT, DIRECT + 10, "direct", (ANN, ANN + 3)),
    _pred(PLAN, PLAN + 15, "indirect", (BOB, BOB + 3)),
]


def _score(tmp_path, predictions, **options) -> dict:
    path = _write_gold(tmp_path, [_article()])
    return evaluate_gold(path, extractor=lambda text: predictions, **options)


def test_perfect_prediction_scores_one(tmp_path) -> None:
    result = _score(tmp_path, PERFECT)
    for name in ("direct+mixed", "all"):
        row = result["rows"][name]
        for t in ("t0.3", "t0.8"):
            assert (row[t]["precision"], row[t]["recall"], row[t]["f1"]) == (1.0, 1.0, 1.0)
        assert row["speaker_accuracy"] == 1.0
        assert row["quote_speaker"]["f1"] == 1.0
    assert result["rows"]["direct+mixed"]["n_gold"] == 1
    assert result["rows"]["all"]["n_gold"] == 2
    assert result["by_source"]["paper"]["all"]["t0.8"]["f1"] == 1.0


def test_half_covered_gold_is_found_at_low_threshold_only(tmp_path) -> None:
    half = [_pred(DIRECT, DIRECT + 5, "direct", (ANN, ANN + 3))]
    row = _score(tmp_path, half)["rows"]["direct+mixed"]
    assert row["t0.3"]["recall"] == 1.0
    assert row["t0.8"]["recall"] == 0.0
    assert row["t0.8"]["precision"] == 1.0  # all its characters are inside the gold item


def test_prediction_mostly_outside_gold_is_wrong_at_high_threshold(tmp_path) -> None:
    # 10 gold characters + 9 outside ("” Ann sai"): 10/19 inside
    wide = [_pred(DIRECT, DIRECT + 19, "direct", (ANN, ANN + 3))]
    row = _score(tmp_path, wide)["rows"]["direct+mixed"]
    assert row["t0.3"]["precision"] == 1.0
    assert row["t0.8"]["precision"] == 0.0
    assert row["t0.8"]["recall"] == 1.0


def test_precision_counts_gold_of_any_kind(tmp_path) -> None:
    typed_mixed = [_pred(PLAN, PLAN + 15, "mixed", (BOB, BOB + 3))]
    result = _score(tmp_path, typed_mixed)
    row = result["rows"]["direct+mixed"]
    assert row["n_pred"] == 1
    assert row["t0.8"]["precision"] == 1.0  # inside the indirect gold item
    assert row["t0.8"]["recall"] == 0.0  # the direct gold item is not covered


def test_kinds_select_predictions_by_type(tmp_path) -> None:
    typed_indirect = [_pred(DIRECT, DIRECT + 10, "indirect", (ANN, ANN + 3))]
    result = _score(tmp_path, typed_indirect)
    assert result["rows"]["direct+mixed"]["n_pred"] == 0
    assert result["rows"]["direct+mixed"]["t0.3"]["recall"] == 0.0
    assert result["rows"]["all"]["t0.3"]["recall"] == 0.5


def test_quotation_marks_and_blanks_at_edges_are_ignored(tmp_path) -> None:
    with_marks = [_pred(DIRECT - 1, DIRECT + 11, "direct", (ANN, ANN + 3))]
    row = _score(tmp_path, with_marks)["rows"]["direct+mixed"]
    assert row["t0.8"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("speaker", "accuracy"),
    [((ANN, ANN + 3), 1.0), ((ANN + 1, ANN + 2), 1.0), ((BOB, BOB + 3), 0.0), (None, 0.0)],
)
def test_speaker_mention_accuracy(tmp_path, speaker, accuracy) -> None:
    row = _score(tmp_path, [_pred(DIRECT, DIRECT + 10, "direct", speaker)])["rows"]["direct+mixed"]
    assert row["speaker_accuracy"] == accuracy
    assert row["quote_speaker"]["recall"] == accuracy
    assert row["quote_speaker"]["precision"] == accuracy


def test_split_quotes_use_content_spans(tmp_path) -> None:
    text = "“First part,” she said, “second part.”"
    first, second = text.index("First part,"), text.index("second part.")
    she = text.index("she")
    gold = [
        {
            "start": 0,
            "end": len(text),
            "content_spans": [[0, first + 12], [second - 1, len(text)]],
            "kind": "direct",
            "speaker_start": she,
            "speaker_end": she + 3,
        }
    ]
    path = _write_gold(tmp_path, [_article(gold, text=text)])
    pieces = [[first, first + 11], [second, second + 12]]
    split = _pred(first, second + 12, "direct", (she, she + 3), pieces)
    row = evaluate_gold(path, extractor=lambda _: [split])["rows"]["direct+mixed"]
    assert row["t0.8"]["f1"] == 1.0
    one_piece = _pred(first, first + 11, "direct", (she, she + 3))
    row = evaluate_gold(path, extractor=lambda _: [one_piece])["rows"]["direct+mixed"]
    assert row["t0.3"]["recall"] == 1.0  # 11 of 23 characters
    assert row["t0.8"]["recall"] == 0.0


def test_gold_without_speaker_wants_no_mention(tmp_path) -> None:
    gold = [_gold_item(PLAN, PLAN + 15, "indirect")]
    path = _write_gold(tmp_path, [_article(gold)])
    bare = [_pred(PLAN, PLAN + 15, "indirect")]
    named = [_pred(PLAN, PLAN + 15, "indirect", (BOB, BOB + 3))]
    assert (
        evaluate_gold(path, extractor=lambda _: bare)["rows"]["all"]["quote_speaker"]["f1"] == 1.0
    )
    assert (
        evaluate_gold(path, extractor=lambda _: named)["rows"]["all"]["quote_speaker"]["f1"] == 0.0
    )


def test_split_filter_and_publisher_breakdown(tmp_path) -> None:
    path = _write_gold(
        tmp_path,
        [
            _article(source="east", split="dev", article_id="a1"),
            _article(source="west", split="train", article_id="a2"),
        ],
    )
    result = evaluate_gold(path, split="dev", extractor=lambda _: PERFECT)
    assert result["n_articles"] == 1
    assert list(result["by_source"]) == ["east"]
    both = evaluate_gold(path, extractor=lambda _: PERFECT)
    assert both["rows"]["all"]["n_gold"] == 4
    assert sorted(both["by_source"]) == ["east", "west"]


def test_kinds_option_gives_one_row(tmp_path) -> None:
    result = _score(tmp_path, PERFECT, kinds=["indirect"])
    assert list(result["rows"]) == ["indirect"]
    assert result["rows"]["indirect"]["t0.8"]["f1"] == 1.0
    with pytest.raises(ValueError, match="unknown kinds"):
        _score(tmp_path, PERFECT, kinds=["quoted"])


def test_format_evaluation_prints_rows_kinds_and_publishers(tmp_path) -> None:
    table = format_evaluation(_score(tmp_path, PERFECT))
    for label in ("direct+mixed", "all", "by kind", "indirect", "by publisher", "paper", "F1@.8"):
        assert label in table


def test_read_gold_rejects_bad_lines(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "quotes": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_gold(path)
    path.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lacks"):
        read_gold(path)


def test_default_extractor_runs_the_real_pipeline(tmp_path) -> None:
    text = "“We will rebuild the pier,” said Mayor Ada Quist."
    start = text.index("We will")
    mayor = text.index("Mayor")
    gold = [_gold_item(start - 1, start + 27, "direct", (mayor, mayor + 14))]
    path = _write_gold(tmp_path, [_article(gold, text=text)])
    row = evaluate_gold(path)["rows"]["direct+mixed"]
    assert row["t0.8"]["f1"] == 1.0
    assert row["speaker_accuracy"] == 1.0
