"""Reading and writing the processed tables.

Each table is a parquet dataset: a folder ``<root>/<table>/`` holding ``part-*.parquet`` files,
readable with ``pandas.read_parquet(folder)``. Writes go to a temporary name first and are
renamed into place, so a killed run never leaves a table that looks complete.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.schemas import TABLES, empty_table

MANIFEST = "manifest.json"


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_part(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one parquet file atomically (temporary name, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(_arrow_table(frame), tmp)
    os.replace(tmp, path)
    return path


def write_table(frame: pd.DataFrame, root: str | Path, name: str) -> Path:
    """Write ``frame`` as the single-part dataset ``root/name/`` and return the folder.

    The folder is built beside its final place and swapped in, so readers see either the
    old complete table or the new complete one.
    """
    return publish_dataset([frame], root, name)


def publish_dataset(parts: Iterable[pd.DataFrame | Path], root: str | Path, name: str) -> Path:
    """Build ``root/name/`` from frames or existing parquet files, then swap it into place.

    Args:
        parts: frames to write, or paths of parquet files to copy in, in order.
        root: the processed-data folder.
        name: the table name (one folder per table).
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    final = root / name
    staging = root / f".{name}.{uuid.uuid4().hex}.tmp"
    staging.mkdir()
    n_parts = 0
    for index, part in enumerate(parts):
        target = staging / f"part-{index:05d}.parquet"
        if isinstance(part, pd.DataFrame):
            pq.write_table(_arrow_table(part), target)
        else:
            shutil.copyfile(part, target)
        n_parts += 1
    if n_parts == 0 and name in TABLES:
        pq.write_table(_arrow_table(empty_table(TABLES[name])), staging / "part-00000.parquet")
    old = root / f".{name}.{uuid.uuid4().hex}.old"
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def read_table(root: str | Path, name: str, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read the table ``name`` from a processed-data folder.

    Raises:
        FileNotFoundError: the folder has no such table (run ``analysis process`` first).
    """
    folder = Path(root) / name
    if not folder.is_dir():
        raise FileNotFoundError(f"no table {name!r} in {root} (run `analysis process` first)")
    files = sorted(folder.glob("part-*.parquet"))
    if not files:
        return empty_table(TABLES.get(name, {}))
    frames = [pd.read_parquet(path, columns=columns) for path in files]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def read_tables(root: str | Path) -> dict[str, pd.DataFrame]:
    """All tables of a processed-data folder, by name (those present)."""
    return {name: read_table(root, name) for name in TABLES if (Path(root) / name).is_dir()}


def write_json(data: Any, path: str | Path) -> Path:
    """Write JSON atomically (UTF-8, indented, keys in insertion order)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(
        json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)
    return path


def read_manifest(root: str | Path) -> dict:
    """The ``manifest.json`` of a processed-data folder."""
    return json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))


def estimate_item_count(paths: Iterable[str | Path]) -> int:
    """Roughly how many input items the files hold, for a progress bar's total.

    A page-like file is one item; a JSON Lines or CSV export one per line; a Parquet export
    its row count. Reads only line breaks and Parquet footers.
    """
    total = 0
    for path in map(Path, paths):
        suffix = path.suffix.lower()
        try:
            if suffix in {".jsonl", ".ndjson", ".csv", ".tsv"}:
                with path.open("rb") as handle:
                    lines = sum(
                        block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")
                    )
                total += max(lines - (suffix in {".csv", ".tsv"}), 1)
            elif suffix == ".parquet":
                total += pq.ParquetFile(path).metadata.num_rows
            else:
                total += 1
        except (OSError, pa.ArrowException):
            total += 1
    return total
