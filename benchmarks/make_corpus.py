"""Build a synthetic corpus of N articles from the project's own sample articles.

Each synthetic article takes a sample article's paragraphs, swaps its people for names from
a pool (keeping each name consistent inside the article), and varies outlet, date and
length, so the extractor meets realistic text at any scale. Output: JSON Lines exports of
at most 50,000 articles each.

    python benchmarks/make_corpus.py 10000 --out benchmarks/out/corpus-10k
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis.io.inputs import read_articles
from analysis.paths import RAW_DIR

# Names: 48 first names and 16,000 surnames made of syllables (768,000 people), drawn
# with Zipf-like weights, as in real coverage: a few people quoted all the time and a
# long tail, so that a large corpus meets hundreds of thousands of distinct speakers'
# names in its articles' mentions and the speaker pass is measured at a realistic size.
FIRST = [
    "Ana", "Omar", "Lena", "Tomas", "Grace", "Ibrahim", "Mei", "Jonas", "Priya", "Victor",
    "Rosa", "Kwame", "Elena", "Samuel", "Aisha", "Mateo", "Hana", "Felix", "Nadia", "Oscar",
    "Leila", "Hugo", "Ines", "Tariq", "Sofia", "Daniel", "Amara", "Pavel", "Yara", "Luca",
    "Chloe", "Rafael", "Zainab", "Erik", "Maya", "Andre", "Noor", "Stefan", "Iris", "Kofi",
    "Clara", "Diego", "Fatima", "Jan", "Lucia", "Arjun", "Helen", "Marco",
]  # fmt: skip
_HEADS = [
    "Ab", "Bal", "Cor", "Dun", "Elm", "Fair", "Gal", "Hart", "Is", "Jur", "Kel", "Lind", "Mor",
    "Nov", "Ok", "Pal", "Quin", "Ros", "Sal", "Tor", "Ul", "Var", "Wes", "Yor", "Zel", "Brenn",
    "Cast", "Dal", "Esk", "Fitz", "Gorm", "Hal", "Ivan", "Kast", "Lom", "Mens", "Nash", "Orr",
    "Pet", "Rad",
]  # fmt: skip
_TAILS = [
    "ado", "berg", "cia", "dotti", "ek", "ford", "gard", "hill", "ic", "janu", "ko", "lund",
    "man", "nen", "os", "pour", "quist", "ro", "sen", "tti", "ua", "vic", "wood", "yan", "zar",
    "bey", "char", "dale", "er", "fors", "gul", "holm", "ian", "kas", "ley", "mer", "nor", "ova",
    "rud", "son",
]  # fmt: skip
_MIDDLES = ["", "an", "el", "or", "is", "um", "ar", "en", "ol", "ir"]
LAST = [head + middle + tail for middle in _MIDDLES for head in _HEADS for tail in _TAILS]
_FIRST_WEIGHTS = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(FIRST))))
_LAST_WEIGHTS = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(LAST))))
OUTLETS = [
    "Harbour Gazette",
    "Northfield Courier",
    "Valley Ledger",
    "Metro Wire",
    "Coastal Times",
    "Plains Post",
]
NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b")
PART_SIZE = 50_000


def _swap_names(text: str, rng: random.Random) -> str:
    """Replace each two-word capitalised name by a pooled name, and its surname alone likewise."""
    mapping: dict[str, str] = {}
    for first, last in set(NAME.findall(text)):
        if first in {"The", "A", "In", "On", "At", "But", "And"}:
            continue
        new_first = rng.choices(FIRST, cum_weights=_FIRST_WEIGHTS)[0]
        new_last = rng.choices(LAST, cum_weights=_LAST_WEIGHTS)[0]
        mapping[f"{first} {last}"] = f"{new_first} {new_last}"
        mapping.setdefault(last, new_last)
    if not mapping:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b"
    )
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _vary_length(paragraphs: list[str], rng: random.Random) -> list[str]:
    choice = rng.random()
    if choice < 0.2 and len(paragraphs) > 4:
        return paragraphs[: rng.randint(3, len(paragraphs) - 1)]
    if choice > 0.85:
        return paragraphs + paragraphs[1 : rng.randint(2, len(paragraphs))]
    return paragraphs


def iter_synthetic_articles(n: int, *, seed: int = 0) -> Iterator[dict]:
    """N synthetic article rows (id, headline, published_at, outlet, body), generated lazily."""
    samples, _ = read_articles([RAW_DIR])
    texts = [[p for p in str(t).split("\n\n") if p.strip()] for t in samples["text"]]
    titles = [str(t) if isinstance(t, str) else "" for t in samples["title"]]
    rng = random.Random(seed)
    start = pd.Timestamp("2024-01-01", tz="UTC")
    for i in range(n):
        paragraphs = texts[i % len(texts)]
        yield {
            "id": f"syn-{i:07d}",
            "headline": titles[i % len(titles)],
            "published_at": (
                start + pd.Timedelta(minutes=rng.randint(0, 60 * 24 * 540))
            ).isoformat(),
            "outlet": rng.choice(OUTLETS),
            "body": _swap_names("\n\n".join(_vary_length(paragraphs, rng)), rng),
        }


def write_corpus(n: int, out: Path, *, seed: int = 0) -> list[Path]:
    """Write N synthetic articles as JSONL parts under ``out``; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for i, row in enumerate(iter_synthetic_articles(n, seed=seed)):
        if i % PART_SIZE == 0:
            if handle:
                handle.close()
            paths.append(out / f"part-{len(paths):03d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_corpus(args.n, args.out, seed=args.seed)
    print(f"wrote {args.n} articles in {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
