"""The chunk store of ``analysis process``: per-chunk tables kept under ``<out>/.work/``.

One folder per code version (so results of other code are never reused), and in it one
folder per finished chunk, holding a parquet file per table and a ``done`` marker written
last. A chunk folder is built under a temporary name and renamed into place.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from analysis.io.tables import write_part
from analysis.paths import PACKAGE_DIR

WORK_DIR = ".work"
_DONE = "done"


def package_fingerprint() -> str:
    """Hash of the package's code and rule files: any change gives a new chunk store."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".txt", ".csv", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def chunk_store(out: str | Path, version: str) -> Path:
    """The folder holding the chunks of one code version and set of options (created)."""
    store = Path(out) / WORK_DIR / version
    store.mkdir(parents=True, exist_ok=True)
    return store


def is_chunk_done(store: Path, key: str) -> bool:
    """Whether chunk ``key`` was finished (all its tables written)."""
    return (store / key / _DONE).exists()


def finished_chunks(store: Path) -> list[str]:
    """Keys of the finished chunks in a store, sorted."""
    return sorted(marker.parent.name for marker in store.glob(f"*/{_DONE}"))


def write_chunk(store: Path, key: str, tables: dict[str, pd.DataFrame]) -> None:
    """Write one chunk's tables, then mark it done (all or nothing)."""
    staging = store / f".{key}.{uuid.uuid4().hex}.tmp"
    staging.mkdir(parents=True)
    for name, frame in tables.items():
        write_part(frame, staging / f"{name}.parquet")
    (staging / _DONE).touch()
    shutil.rmtree(store / key, ignore_errors=True)
    staging.rename(store / key)


def remove_staging(store: Path) -> list[Path]:
    """Remove the chunk folders :func:`write_chunk` left half-built in ``store`` (a killed
    run's: ``.<chunk key>.<uuid>.tmp``); returns them. Nothing else is touched.

    Call it only when no run is writing into ``store``: it removes any run's staging.
    """
    removed = []
    for folder in sorted(store.iterdir()) if store.is_dir() else []:
        if _STAGING.fullmatch(folder.name) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


# chunk keys: 24 hex digits (``_Chunk.key``); ``uuid.uuid4().hex``: 32
_STAGING = re.compile(r"\.[0-9a-f]{24}\.[0-9a-f]{32}\.tmp")


def chunk_table_path(store: Path, key: str, name: str) -> Path:
    """Path of one table of a finished chunk."""
    return store / key / f"{name}.parquet"


def read_chunk_table(
    store: Path, key: str, name: str, *, columns: list[str] | None = None
) -> pd.DataFrame:
    """One table of a finished chunk (of the asked columns, those it has)."""
    path = chunk_table_path(store, key, name)
    if columns is not None:
        present = set(pq.read_schema(path).names)
        columns = [column for column in columns if column in present]
    return pd.read_parquet(path, columns=columns)


def count_chunk_rows(store: Path, key: str, name: str) -> int:
    """Rows of one table of a finished chunk, from the parquet footer."""
    return pq.ParquetFile(chunk_table_path(store, key, name)).metadata.num_rows


def remove_stale_chunks(store: Path, keep: set[str]) -> None:
    """Drop the chunks of this store not in ``keep``, and the stores of other versions."""
    for folder in store.parent.iterdir():
        if folder != store:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in store.iterdir():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
