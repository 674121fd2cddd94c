"""Where things live: the project root and its data folders, and the packaged resources."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
PROJECT_ROOT = PACKAGE_DIR.parent
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def resource_path(name: str) -> Path:
    """Path of a data file shipped inside the package (``analysis/resources/NAME``)."""
    return RESOURCES_DIR / name


def read_word_list(name: str) -> list[str]:
    """Non-empty, non-comment lines of a packaged resource file, stripped, in file order."""
    lines = resource_path(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
