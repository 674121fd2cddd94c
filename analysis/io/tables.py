"""Reading and writing the processed tables.

Each table is a parquet dataset: a folder ``<root>/<table>/`` holding ``part-*.parquet`` files,
readable with ``pandas.read_parquet(folder)``. Writes go to a temporary name first and are
renamed into place, so a killed run never leaves a table that looks complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.schemas import LIST_TYPES, TABLES, empty_table

MANIFEST = "manifest.json"


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as Arrow, with all-null columns typed as the list columns they are
    (:data:`LIST_TYPES`) or as strings (lists of strings).

    Parts of one table are written separately; a part whose column happens to be empty
    must still have the same schema as the others, or the folder could not be read as one.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for field in table.schema:
        if pa.types.is_null(field.type):
            field = field.with_type(LIST_TYPES.get(field.name, pa.string()))
        elif pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            field = field.with_type(pa.list_(pa.string()))
        fields.append(field)
    schema = pa.schema(fields, metadata=table.schema.metadata)
    return table if schema == table.schema else table.cast(schema)


def stage_dataset(parts: Iterable[pd.DataFrame | Path], root: str | Path, name: str) -> Path:
    """Write a table's parts into a hidden folder beside ``root/name``; returns that folder.

    Args:
        parts: frames to write, or paths of parquet files to copy in, in order.
        root: the processed-data folder.
        name: the table name (one folder per table).
    """
    staging = new_staging(root, name)
    for index, part in enumerate(parts):
        target = staged_part(staging, index)
        if isinstance(part, pd.DataFrame):
            pq.write_table(_arrow_table(part), target)
        else:
            shutil.copyfile(part, target)
    return seal_staging(staging, name)


def new_staging(root: str | Path, name: str) -> Path:
    """An empty hidden folder beside ``root/name`` to build that table in (see :func:`swap_in`)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".{name}.{uuid.uuid4().hex}.tmp"
    staging.mkdir()
    return staging


def staged_part(staging: Path, index: int) -> Path:
    """Where part ``index`` of a staged table goes; parts read back in index order."""
    return staging / f"part-{index:05d}.parquet"


def seal_staging(staging: Path, name: str) -> Path:
    """Give a staged table without parts an empty one, so it reads with its columns."""
    if name in TABLES and not any(staging.glob("part-*.parquet")):
        pq.write_table(_arrow_table(empty_table(TABLES[name])), staged_part(staging, 0))
    return staging


def check_table_places(root: str | Path) -> None:
    """Stop before a run when ``root`` holds something at a table's place that is no table
    (a folder of ``part-NNNNN.parquet`` files): :func:`swap_in` would delete it.

    Raises:
        ValueError: naming the first such file or folder and what it holds.
    """
    for name in TABLES:
        place = Path(root) / name
        if not place.exists() and not place.is_symlink():
            continue
        if place.is_dir() and not place.is_symlink():
            foreign = sorted(p.name for p in place.iterdir() if not _PART.fullmatch(p.name))
            if not foreign:
                continue
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            what = f"folder {place} holds {shown}"
        else:
            what = f"{place} is a file"
        raise ValueError(
            f"{what}, not a table `analysis process` wrote; writing the {name} table there "
            "would delete it: choose another output folder"
        )


_PART = re.compile(r"part-\d{5}\.parquet")


def swap_in(staged: dict[str, Path], root: str | Path) -> None:
    """Move staged table folders into place (``root/<name>``), all after all are written."""
    root = Path(root)
    old_folders = []
    for name, staging in staged.items():
        final = root / name
        if final.exists():
            old = root / f".{name}.{uuid.uuid4().hex}.old"
            os.replace(final, old)
            old_folders.append(old)
        os.replace(staging, final)
    for old in old_folders:
        shutil.rmtree(old, ignore_errors=True)


def remove_staging(root: str | Path) -> list[Path]:
    """Remove the hidden staging of the processed tables in ``root``; returns what went.

    That is the folders :func:`new_staging` and :func:`swap_in` name (``.<table>.<uuid>.tmp``
    and ``.<table>.<uuid>.old``, for the tables of :data:`TABLES`) and the temporary files
    of :func:`write_json` for the manifest (``.manifest.json.<uuid>.tmp``): a killed run
    leaves them behind. Nothing else is touched, and an ``.old`` folder whose table is
    missing (a run killed between the two renames of :func:`swap_in`) holds the previous
    table: it goes back into place instead.

    Call it only when no run is writing into ``root`` (:func:`folder_lock` held): it
    removes any run's staging.
    """
    root = Path(root)
    if not root.is_dir():
        return []
    removed = []
    for entry in sorted(root.iterdir()):
        match = _STAGING.fullmatch(entry.name)
        if not match:
            continue
        name, final = match["name"], root / match["name"]
        if name in TABLES and entry.is_dir() and not entry.is_symlink():
            if match["kind"] == "old" and not final.exists():
                os.replace(entry, final)
            else:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        elif name == MANIFEST and match["kind"] == "tmp" and entry.is_file():
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


LOCK = ".analysis-process.lock"


@contextlib.contextmanager
def folder_lock(root: str | Path) -> Iterator[None]:
    """Hold ``root/.analysis-process.lock`` (holding this process's id) while a run writes
    into ``root``; a lock left by a process that is gone (a killed run) is taken over.

    Raises:
        ValueError: another running process holds it.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK
    while True:
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            holder = _lock_holder(path)
            if holder is not None and _running(holder):
                raise ValueError(
                    f"{root}: another run (process {holder}) is writing here; wait for it "
                    f"to end (or remove {path} if that process is not this program)"
                ) from None
            path.unlink(missing_ok=True)  # its run was killed
    with os.fdopen(handle, "w") as file:
        file.write(str(os.getpid()))
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _lock_holder(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is no zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process nobody has reaped yet still "exists"
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


# ``uuid.uuid4().hex``: 32 lower-case hex digits
_STAGING = re.compile(r"\.(?P<name>[a-z_]+(?:\.json)?)\.[0-9a-f]{32}\.(?P<kind>tmp|old)")


def write_part(
    frame: pd.DataFrame | pa.Table, path: str | Path, row_group_size: int | None = None
) -> Path:
    """Write one parquet file atomically (temporary name, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    table = frame if isinstance(frame, pa.Table) else _arrow_table(frame)
    pq.write_table(table, tmp, row_group_size=row_group_size)
    os.replace(tmp, path)
    return path


def write_table(frame: pd.DataFrame, root: str | Path, name: str) -> Path:
    """Write ``frame`` as the single-part dataset ``root/name/`` and return the folder.

    The folder is built beside its final place and swapped in, so readers see either the
    old complete table or the new complete one.
    """
    return publish_dataset([frame], root, name)


def publish_dataset(parts: Iterable[pd.DataFrame | Path], root: str | Path, name: str) -> Path:
    """Build ``root/name/`` from frames or parquet files (see :func:`stage_dataset`), then
    swap it into place; returns the folder."""
    swap_in({name: stage_dataset(parts, root, name)}, root)
    return Path(root) / name


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
