"""Term frequencies and distinctive terms of quotes or sentences.

Tokenising is NLTK's :class:`~nltk.tokenize.RegexpTokenizer` (no trained models, nothing
to download; see :class:`TermTokenizer`): words (with inner hyphens and apostrophes: "long-term", "don't"),
abbreviations ("u.s."), and runs of punctuation. Tokens are lowercased, apostrophes
straightened and a possessive "'s" cut off ("Putin's" -> "putin"). Stopwords (the packaged
``stopwords.txt``, which also holds the reporting verbs "said", "told", "added" ...),
tokens without a letter (numbers), single characters and punctuation are dropped.

N-grams (bigrams, trigrams) are built only from *consecutive* kept words: a dropped token
breaks the chain, so "president of the united states" gives the bigram "united states" but
never "president united". This keeps n-grams to phrases that occur as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from nltk.tokenize import RegexpTokenizer

from analysis.paths import read_word_list
from analysis.share import empty_metric, fill_group_keys

#: term_frequencies output columns after the group columns.
TERM_FREQUENCIES = {
    "term": "string",
    "ngram": "int64",
    "n": "int64",
    "rel_freq": "float64",
    "doc_freq": "int64",
    "tfidf": "float64",
}

#: distinctive_terms output columns.
DISTINCTIVE_TERMS = {
    "term": "string",
    "ngram": "int64",
    "n_a": "int64",
    "n_b": "int64",
    "log_odds": "float64",
    "z": "float64",
}

#: abbreviations ("u.s."), words with inner hyphens/apostrophes, runs of punctuation.
TOKEN_PATTERN = r"(?:[^\W\d_]\.){2,}|\w+(?:[-']\w+)*|[^\w\s]+"


class TermTokenizer(RegexpTokenizer):
    """NLTK's :class:`~nltk.tokenize.RegexpTokenizer` for :data:`TOKEN_PATTERN`.

    ``tokenize`` matches with the standard library's ``re``: NLTK routes every pattern
    through its ReDoS guard (the ``regex`` engine under a per-call timeout), which makes
    tokenising ~4x slower, and this fixed pattern has no nested quantifiers (linear time).
    The tokens are the same (a test compares them).
    """

    def __init__(self) -> None:
        super().__init__(TOKEN_PATTERN)
        self._fast = re.compile(TOKEN_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL)

    def tokenize(self, text: str) -> list[str]:
        return self._fast.findall(text)


_TOKENIZER = TermTokenizer()
_KEPT_FORMS: dict[str, str | None] = {}  # token -> term (None: dropped); grows with the vocabulary
_UNSEEN = object()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The packaged stopword list (``analysis/resources/stopwords.txt``), lowercased."""
    return frozenset(word.lower() for word in read_word_list("stopwords.txt"))


def term_runs(text: str | None) -> list[list[str]]:
    """Runs of consecutive kept words of ``text`` (a dropped token ends a run)."""
    if not isinstance(text, str):
        return []
    runs: list[list[str]] = []
    run: list[str] = []
    kept_forms = _KEPT_FORMS
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = unicodedata.normalize("NFC", text).lower()
    for token in _TOKENIZER.tokenize(text):
        kept = kept_forms.get(token, _UNSEEN)
        if kept is _UNSEEN:
            kept = kept_forms[token] = _kept_form(token)
        if kept is not None:
            run.append(kept)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _kept_form(token: str) -> str | None:
    """The term a lowercased token counts as, or None when it is dropped."""
    if token.endswith("'s") and len(token) > 2:
        token = token[:-2]
    keep = len(token) > 1 and token not in stopwords() and any(char.isalpha() for char in token)
    return token if keep and token[0].isalnum() else None


def tokenize_terms(text: str | None) -> list[str]:
    """The kept words of ``text``, in order: lowercased, no stopwords, numbers or punctuation.

    Examples:
        >>> tokenize_terms("Putin's spokesman said the U.S. sanctions don't work.")
        ['putin', 'u.s.', 'sanctions', 'work']
    """
    return [word for run in term_runs(text) for word in run]


def text_ngrams(text: str | None, ngram_range: tuple[int, int] = (1, 1)) -> list[str]:
    """All n-grams of ``text`` for n in ``ngram_range`` (inclusive), words joined by a space."""
    low, high = _check_range(ngram_range)
    grams: list[str] = []
    for run in term_runs(text):
        if low == 1:
            grams.extend(run)
        for size in range(max(low, 2), high + 1):
            grams.extend(" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
    return grams


def term_frequencies(
    frame: pd.DataFrame,
    *,
    text_column: str | None = None,
    by: str | Sequence[str] = (),
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    idf: str = "documents",
) -> pd.DataFrame:
    """Counts, relative frequencies and tf-idf of terms per group, as a long table.

    Grain: one row per (group..., term). A *document* is one row of ``frame`` (a quote or a
    sentence).

    Args:
        frame: quotes, sentences or any frame with a text column.
        text_column: the column holding the text; default ``quote_content`` (a quote's own
            words, without the narration inside a split quote) when present, else
            ``quote_text``.
        by: group column(s); ``()`` = one group. Null group values become ``"unknown"``.
        ngram_range: (min n, max n) of the n-grams counted, e.g. ``(1, 3)``.
        min_count: drop terms counted fewer times in the group (after the frequencies are
            computed, so ``rel_freq`` keeps the full denominator).
        idf: ``"documents"``: idf over the documents of the group,
            ``ln((1 + n_docs) / (1 + doc_freq)) + 1``; ``"groups"``: idf over the groups
            (each group one document), which ranks the terms that set a group apart.

    Returns:
        Columns: group columns, then :data:`TERM_FREQUENCIES`: ``ngram`` the number of
        words, ``n`` the count, ``rel_freq`` the count over all n-grams of the same length
        in the group, ``doc_freq`` the documents containing the term,
        ``tfidf = rel_freq * idf``. Sorted by group, ``n`` descending, term.

    Raises:
        KeyError: a column is missing. ValueError: bad ``ngram_range`` or ``idf``.
    """
    by = [by] if isinstance(by, str) else list(by)
    _check_range(ngram_range)
    if idf not in ("documents", "groups"):
        raise ValueError(f"idf must be 'documents' or 'groups', not {idf!r}")
    text_column = text_column or _quote_column(frame)
    missing = [name for name in [text_column, *by] if name not in frame.columns]
    if missing:
        raise KeyError(f"term_frequencies needs column(s) {missing}")
    data = frame[[*by, text_column]].reset_index(drop=True)
    data = fill_group_keys(data, by)
    data["_gid"] = data.groupby(by, sort=True, dropna=False, observed=True).ngroup() if by else 0
    codes, uniques = pd.factorize(data[text_column].astype("string"))
    unique_grams = [text_ngrams(text, ngram_range) for text in uniques]
    grams = [unique_grams[code] if code >= 0 else [] for code in codes]
    lengths = np.fromiter((len(g) for g in grams), dtype="int64", count=len(grams))
    if not lengths.sum():
        return empty_metric(frame, by, TERM_FREQUENCIES)
    long = pd.DataFrame(
        {
            "_doc": np.repeat(np.arange(len(data)), lengths),
            "term": pd.array([term for g in grams for term in g], dtype="string"),
        }
    )
    long["_gid"] = data["_gid"].to_numpy()[long["_doc"].to_numpy()]
    table = long.groupby(["_gid", "term"], sort=False).agg(
        n=("_doc", "size"), doc_freq=("_doc", "nunique")
    )
    table = table.reset_index()
    table["ngram"] = table["term"].str.count(" ").astype("int64") + 1
    table["rel_freq"] = table["n"] / table.groupby(["_gid", "ngram"])["n"].transform("sum")
    if idf == "documents":
        n_docs = data.loc[data[text_column].notna()].groupby("_gid").size()
        docs = table["_gid"].map(n_docs).to_numpy(dtype="float64")
        spread = table["doc_freq"].to_numpy(dtype="float64")
    else:
        docs = np.full(len(table), float(data["_gid"].nunique()))
        spread = table.groupby("term")["_gid"].transform("size").to_numpy(dtype="float64")
    table["tfidf"] = table["rel_freq"] * (np.log((1 + docs) / (1 + spread)) + 1)
    table = table[table["n"] >= min_count]
    keys = data.drop_duplicates("_gid").set_index("_gid")[by]
    table = table.join(keys, on="_gid")
    table = table.sort_values(["_gid", "n", "term"], ascending=[True, False, True])
    table = table[[*by, *TERM_FREQUENCIES]].reset_index(drop=True)
    for name, dtype in TERM_FREQUENCIES.items():
        table[name] = table[name].astype(dtype)
    return table


def distinctive_terms(
    a: pd.DataFrame | pd.Series | Iterable[str],
    b: pd.DataFrame | pd.Series | Iterable[str],
    *,
    text_column: str | None = None,
    ngram_range: tuple[int, int] = (1, 1),
    prior: float = 0.1,
    min_count: int = 1,
    background: Mapping[str, float] | pd.DataFrame | pd.Series | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Terms that separate texts ``a`` from texts ``b``: weighted log-odds with z-scores.

    The log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn
    (2008, "Fightin' Words", eq. 16 and 20). For term w with counts y_a, y_b, totals n_a,
    n_b and prior alpha_w (alpha_0 = sum of alpha_w)::

        delta_w = ln((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
                - ln((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
        var_w   = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
        z_w     = delta_w / sqrt(var_w)

    The prior is ``alpha_w = prior * background count of w``; the background is the
    combined counts of a and b (plus ``background`` when given). It shrinks rare terms
    toward zero, so the ranking is not topped by words said once by one side.

    Args:
        a: texts of group a (a frame with ``text_column``, a Series, or strings).
        b: texts of group b.
        text_column: the text column when ``a``/``b`` are frames (default as in
            :func:`term_frequencies`).
        ngram_range: (min n, max n) of the n-grams compared.
        prior: prior strength (scale of the background counts); must be > 0.
        min_count: drop terms with ``n_a + n_b`` below this.
        background: extra background counts (term -> count) or texts.

    Returns:
        Columns :data:`DISTINCTIVE_TERMS`, sorted by ``z`` descending (positive z:
        distinctive of a; negative: of b).

    Raises:
        ValueError: ``prior`` is not positive.
    """
    if prior <= 0:
        raise ValueError(f"prior must be > 0, not {prior}")
    counts_a = _count_terms(a, text_column, ngram_range)
    counts_b = _count_terms(b, text_column, ngram_range)
    vocab = sorted(set(counts_a) | set(counts_b))
    if not vocab:
        return pd.DataFrame({name: pd.Series(dtype=t) for name, t in DISTINCTIVE_TERMS.items()})
    y_a = np.array([counts_a.get(term, 0) for term in vocab], dtype="float64")
    y_b = np.array([counts_b.get(term, 0) for term in vocab], dtype="float64")
    base = y_a + y_b
    if background is not None:
        if isinstance(background, Mapping):
            extra = background
        elif isinstance(background, pd.Series) and not pd.api.types.is_string_dtype(background):
            extra = background.to_dict()
        else:
            extra = _count_terms(background, text_column, ngram_range)
        base = base + np.array([float(extra.get(term, 0)) for term in vocab])
    alpha = prior * base
    alpha_0 = alpha.sum()
    n_a, n_b = y_a.sum(), y_b.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha)) - np.log(
            (y_b + alpha) / (n_b + alpha_0 - y_b - alpha)
        )
        z = delta / np.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
    table = pd.DataFrame(
        {
            "term": pd.array(vocab, dtype="string"),
            "ngram": [term.count(" ") + 1 for term in vocab],
            "n_a": y_a.astype("int64"),
            "n_b": y_b.astype("int64"),
            "log_odds": delta,
            "z": z,
        }
    )
    table = table[table["n_a"] + table["n_b"] >= min_count]
    table = table.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True).astype(DISTINCTIVE_TERMS)


def _count_terms(
    texts: pd.DataFrame | pd.Series | Iterable[str], text_column: str | None, ngram_range
) -> Counter:
    if isinstance(texts, pd.DataFrame):
        text_column = text_column or _quote_column(texts)
        if text_column not in texts.columns:
            raise KeyError(f"no column {text_column!r}; columns are {list(texts.columns)}")
        texts = texts[text_column]
    if isinstance(texts, str):
        texts = [texts]
    texts = pd.Series(list(texts) if not isinstance(texts, pd.Series) else texts, dtype="string")
    counts: Counter = Counter()
    for text, times in texts.value_counts(dropna=True).items():
        for term, n in Counter(text_ngrams(text, ngram_range)).items():
            counts[term] += n * times
    return counts


def _check_range(ngram_range: tuple[int, int]) -> tuple[int, int]:
    low, high = (int(value) for value in ngram_range)
    if not 1 <= low <= high:
        raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, not {ngram_range}")
    return low, high


def _quote_column(frame: pd.DataFrame) -> str:
    """``quote_content`` (a quote's own words) when the frame has it, else ``quote_text``."""
    return "quote_content" if "quote_content" in frame.columns else "quote_text"
