"""95% intervals by resampling articles (a cluster bootstrap), vectorised with numpy.

Used by the share and sentiment metrics: quotes of one article are resampled together,
and each group draws from its own seeded generator, so intervals are reproducible and do
not depend on which other groups are in the table.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

_CI_LEVEL = (0.025, 0.975)
_CELLS_PER_CHUNK = 4_000_000  # bootstrap work array size, bounds memory


def bootstrap_totals(
    article_codes: np.ndarray,
    category_codes: np.ndarray,
    values: np.ndarray,
    *,
    n_articles: int,
    n_categories: int,
    n_boot: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Per-category totals of ``values`` in ``n_boot`` resamples of the articles.

    Each resample draws ``n_articles`` articles with replacement; an article drawn k times
    contributes k times its values. Work is vectorised in chunks of resamples.

    Args:
        article_codes: article number (0..n_articles-1) of each item.
        category_codes: category number (0..n_categories-1) of each item.
        values: item values, shape (n_items, n_values).
        n_articles: number of articles in the group.
        n_categories: number of categories.
        n_boot: number of resamples.
        rng: the random generator (consumed in a fixed order: reproducible).

    Returns:
        Array of shape (n_values, n_boot, n_categories).
    """
    values = np.asarray(values, dtype="float64").reshape(len(article_codes), -1)
    n_values = values.shape[1]
    # Sum items sharing (article, category) first: fewer columns in the inner product.
    pair = article_codes.astype("int64") * n_categories + category_codes.astype("int64")
    pairs, inverse = np.unique(pair, return_inverse=True)
    summed = np.zeros((len(pairs), n_values))
    for j in range(n_values):
        summed[:, j] = np.bincount(inverse, weights=values[:, j], minlength=len(pairs))
    pair_articles = pairs // n_categories
    pair_categories = pairs % n_categories  # sorted by article, then category
    order = np.argsort(pair_categories, kind="stable")
    pair_articles, pair_categories = pair_articles[order], pair_categories[order]
    summed = summed[order]
    starts = np.flatnonzero(np.r_[True, pair_categories[1:] != pair_categories[:-1]])
    present = pair_categories[starts]
    totals = np.zeros((n_values, n_boot, n_categories))
    step = max(1, _CELLS_PER_CHUNK // max(len(pairs), n_articles, 1))
    for first in range(0, n_boot, step):
        size = min(step, n_boot - first)
        draws = rng.integers(0, n_articles, size=(size, n_articles))
        flat = (draws + (np.arange(size) * n_articles)[:, None]).ravel()
        weights = np.bincount(flat, minlength=size * n_articles).reshape(size, n_articles)
        picked = weights[:, pair_articles]
        for j in range(n_values):
            block = totals[j, first : first + size]
            block[:, present] = np.add.reduceat(picked * summed[:, j], starts, axis=1)
    return totals


def group_rng(seed: int, key: Sequence | np.ndarray) -> np.random.Generator:
    """The random generator of one group: from the seed and the group's key values.

    A group's intervals therefore do not depend on which other groups are in the table
    (filtering to one source gives that source the same intervals as grouping by source).
    """
    text = "\x1f".join(str(value) for value in key)
    return np.random.default_rng([int(seed), zlib.crc32(text.encode("utf-8"))])


def percentile_interval(
    samples: np.ndarray, estimate: np.ndarray, *, axis: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """95% percentile interval of bootstrap ``samples``, widened to contain ``estimate``.

    NaN samples (e.g. an empty denominator in one resample) are ignored.
    """
    with np.errstate(all="ignore"):
        if np.isnan(samples).any():
            low, high = np.nanquantile(samples, _CI_LEVEL, axis=axis)
        else:
            low, high = np.quantile(samples, _CI_LEVEL, axis=axis)
    return np.fmin(low, estimate), np.fmax(high, estimate)


def group_articles(frame: pd.DataFrame, gid: str = "_gid") -> list[tuple[int, np.ndarray]]:
    """Positions of the rows of each group that spans at least two articles."""
    gids = frame[gid].to_numpy()
    order = np.argsort(gids, kind="stable")
    bounds = np.flatnonzero(np.r_[True, gids[order][1:] != gids[order][:-1], True])
    n_art = frame.groupby(gid)["article_id"].nunique()
    out = []
    for start, end in zip(bounds[:-1], bounds[1:], strict=False):
        positions = order[start:end]
        group = int(gids[positions[0]])
        if n_art.loc[group] >= 2:
            out.append((group, positions))
    return out
