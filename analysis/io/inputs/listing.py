"""Which files to read: folders walked in sorted order, roots, missing paths, empty folders."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from analysis.io.inputs.rows import _error_row


def _is_skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().startswith("readme")


def _as_paths(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(inputs, str | Path):
        return [Path(inputs)]
    return [Path(item) for item in inputs]


def _absolute(path: Path) -> Path:
    """The absolute, normalised path, without following symbolic links."""
    return Path(os.path.abspath(path))


def _input_root(paths: Sequence[Path]) -> Path:
    """The folder ids are relative to: the input folder, a file's folder, or their common one."""
    folders = [_absolute(path if path.is_dir() else path.parent) for path in paths if path.exists()]
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath(folders))


def _relative(path: Path, root: Path) -> str:
    try:
        return _absolute(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _walk_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """(files, empty folders) under ``folder``; an empty folder is reported at its top."""
    files: list[Path] = []
    empty: list[Path] = []
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        if _is_skipped(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            sub_files, sub_empty = _walk_folder(path)
            files.extend(sub_files)
            empty.extend(sub_empty)
        elif entry.is_file():
            files.append(path)
    if not files:
        return [], [folder]
    return files, empty


def _scan_inputs(
    inputs: str | Path | Iterable[str | Path],
) -> tuple[list[tuple[Path, Path]], list[dict[str, Any]]]:
    """Input files as (file, root), and error rows for missing paths and empty folders."""
    paths = _as_paths(inputs)
    root = _input_root(paths)
    found: dict[str, tuple[Path, Path]] = {}
    problems: list[dict[str, Any]] = []
    for path in paths:
        if not path.exists():
            problems.append(
                _error_row(
                    path.as_posix(), None, None, "not_found", f"{path}: no such file or folder"
                )
            )
        elif path.is_dir():
            files, empty = _walk_folder(path)
            for folder in empty:
                relative = _relative(folder, root)
                problems.append(
                    _error_row(
                        relative or ".",
                        None,
                        None,
                        "no_input_files",
                        f"folder {relative or '.'}: no readable file"
                        " (hidden files and README files are skipped)",
                    )
                )
            for file in files:
                found.setdefault(_relative(file, root), (file, root))
        else:
            found.setdefault(_relative(path, root), (path, root))
    return [found[key] for key in sorted(found)], problems


def list_input_files(inputs: str | Path | Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """The files to read, as (file, input root) pairs, sorted by their relative path.

    Folders are read recursively; hidden files and folders and README files are skipped;
    paths that do not exist are left out (:func:`iter_articles` reports them). The root is
    the input folder, a single file's folder, or the common folder of several inputs, so
    ``article_id`` and ``path`` are relative to it.
    """
    files, _ = _scan_inputs(inputs)
    return files
