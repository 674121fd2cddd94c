"""Which files to read: folders walked in sorted order, roots, missing paths, empty folders.

Inside input folders, hidden files and folders (a name starting with "."), a folder's
README files (a file whose name without its extension is "readme", any case: ``README``,
``README.md``, ``readme.txt``) and the output folders of ``analysis process`` (those with
its ``.work`` chunk store: ``data/processed`` when ``data`` is the input) are skipped: they
are not articles. An input folder that is itself such an output folder (``analysis process
X --out X``) is read without what the command wrote there: its tables and
``manifest.json``. Files given as inputs themselves are always read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from analysis.io.chunks import WORK_DIR
from analysis.io.inputs.rows import _error_row
from analysis.io.tables import MANIFEST
from analysis.schemas import TABLES

#: Names (without extension, lower case) of files that document a folder, not articles.
_DOCUMENTATION_STEMS = frozenset({"readme"})
_SHOWN_SKIPPED = 5  # skipped names a no_input_files message lists
#: What ``analysis process`` writes into its output folder, besides hidden files.
_WRITTEN = frozenset({*TABLES, MANIFEST})


def _is_skipped(path: Path, *, is_folder: bool) -> bool:
    """Whether a folder entry is hidden, a README file, or a processed-data folder."""
    if path.name.startswith("."):
        return True
    if is_folder:
        return _holds_chunk_store(path)
    return path.stem.lower() in _DOCUMENTATION_STEMS


def _holds_chunk_store(folder: Path) -> bool:
    """Whether ``analysis process`` wrote to ``folder``: a ``.work`` folder holding chunk
    stores, each named by 16 hex digits (:func:`analysis.io.chunks.chunk_store`)."""
    work = folder / WORK_DIR
    if not work.is_dir():
        return False
    hex_digits = set("0123456789abcdef")
    return any(len(p.name) == 16 and set(p.name) <= hex_digits for p in work.iterdir())


def _as_paths(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(inputs, str | Path):
        return [Path(inputs)]
    return [Path(item) for item in inputs]


def _absolute(path: Path) -> Path:
    """The absolute, normalised path, without following symbolic links."""
    return Path(os.path.abspath(path))


def _files_root(paths: list[Path]) -> Path | None:
    """The folder the ids of the files given as inputs are relative to: their common
    folder (a single file's own folder), so that "2024/export.csv" and "2025/export.csv"
    keep apart; None when no file is given."""
    folders = [_absolute(p.parent) for p in paths if p.exists() and not p.is_dir()]
    return Path(os.path.commonpath(folders)) if folders else None


def _relative(path: Path, root: Path) -> str:
    try:
        return _absolute(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _walk_folder(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(files, empty folders, skipped entries) under ``folder``; an empty folder is
    reported at its top, with what was skipped in it."""
    files: list[Path] = []
    empty: list[Path] = []
    skipped: list[Path] = []
    written = _holds_chunk_store(folder)  # an output folder given as an input folder
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        path = Path(entry.path)
        is_folder = entry.is_dir(follow_symlinks=False)
        if _is_skipped(path, is_folder=is_folder) or (written and path.name in _WRITTEN):
            skipped.append(path)
        elif is_folder:
            sub_files, sub_empty, sub_skipped = _walk_folder(path)
            files.extend(sub_files)
            empty.extend(sub_empty)
            skipped.extend(sub_skipped)
        elif entry.is_file():
            files.append(path)
    if not files:
        return [], [folder], skipped
    return files, empty, skipped


def _no_files_row(folder: Path, root: Path, skipped: list[Path]) -> dict[str, Any]:
    """The ``no_input_files`` error row of a folder, naming what was skipped in it."""
    relative = _relative(folder, root)
    inside = sorted(
        _relative(path, _absolute(folder))
        for path in skipped
        if _absolute(path).is_relative_to(_absolute(folder))
    )
    shown = ", ".join(inside[:_SHOWN_SKIPPED]) + (", ..." if len(inside) > _SHOWN_SKIPPED else "")
    reason = f"skipped {shown}" if inside else "hidden files and README files are skipped"
    name = folder.as_posix() if relative == "." else relative
    return _error_row(
        relative, None, None, "no_input_files", f"folder {name}: no readable file ({reason})"
    )


def _scan_inputs(
    inputs: str | Path | Iterable[str | Path],
) -> tuple[list[tuple[Path, Path]], list[dict[str, Any]], list[Path]]:
    """Input files as (file, root), sorted by (relative path, input); error rows for missing
    paths and empty folders; and the skipped files and folders.

    Each input folder is its own root, so the ids of its files do not depend on the other
    inputs; the files given as inputs share theirs (:func:`_files_root`). A file under
    several inputs (a folder and a file in it) is read once, under the outermost one.
    """
    found: dict[Path, tuple[Path, Path, int]] = {}  # absolute file -> (file, root, input)
    problems: list[dict[str, Any]] = []
    skipped: list[Path] = []
    paths = _as_paths(inputs)
    files_root = _files_root(paths)
    for number, path in enumerate(paths):
        if not path.exists():
            problems.append(
                _error_row(
                    path.as_posix(), None, None, "not_found", f"{path}: no such file or folder"
                )
            )
            continue
        root = _absolute(path) if path.is_dir() else files_root
        if path.is_dir():
            files, empty, skipped_here = _walk_folder(path)
            skipped.extend(skipped_here)
            problems.extend(_no_files_row(folder, root, skipped_here) for folder in empty)
        else:
            files = [path]
        for file in files:
            known = found.get(_absolute(file))
            if known is None or len(root.parts) < len(known[1].parts):
                found[_absolute(file)] = (file, root, number)
    ordered = sorted(found.values(), key=lambda item: (_relative(item[0], item[1]), item[2]))
    return [(file, root) for file, root, _ in ordered], problems, skipped


def list_input_files(inputs: str | Path | Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """The files to read, as (file, input root) pairs, sorted by their relative path.

    Folders are read recursively; hidden files and folders and README files are skipped
    (see :func:`scan_input_files`); paths that do not exist are left out
    (:func:`iter_articles` reports them). Each input folder is its own root, and the files
    given as inputs share one (their common folder); ``article_id`` and ``path`` are
    relative to it, so adding a folder does not change the ids of the others' files.
    """
    files, _, _ = _scan_inputs(inputs)
    return files


def scan_input_files(
    inputs: str | Path | Iterable[str | Path],
) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """:func:`list_input_files`, and the hidden files and folders, README files and
    processed-data folders that reading ``inputs`` skips (a skipped folder counts once,
    its content is not listed), from one walk of the folders."""
    files, _, skipped = _scan_inputs(inputs)
    return files, skipped
