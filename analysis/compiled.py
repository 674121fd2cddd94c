"""Which modules run compiled, and a guard against running an outdated build.

``make`` (or ``pip install``) compiles the per-article stages with Cython from their
unchanged source (the list is in setup.py). Python prefers a compiled build over the
``.py`` beside it, so a module edited after the last build would silently run its old
code. The finder installed by :func:`install_guard` imports the source instead whenever
it is newer than the build, and always when ``ANALYSIS_PURE_PYTHON=1`` is set; ``make``
rebuilds.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

_BUILD_SUFFIXES = tuple(importlib.machinery.EXTENSION_SUFFIXES)
# A source counts as edited after its build when it is this much newer (seconds): files an
# installer writes together may get times a moment apart, in either order.
_EDIT_MARGIN = 2.0


class _FreshSourceFinder:
    """Meta-path finder: the ``.py`` source of an ``analysis`` module whose build is stale."""

    @staticmethod
    def find_spec(name: str, path=None, target=None):
        if not name.startswith("analysis.") or not path:
            return None
        stem = name.rpartition(".")[2]
        for folder in path:
            source = Path(folder, stem + ".py")
            builds = [Path(folder, stem + suffix) for suffix in _BUILD_SUFFIXES]
            builds = [b for b in builds if b.exists()]
            if not builds or not source.exists():
                continue
            pure = os.environ.get("ANALYSIS_PURE_PYTHON") == "1"
            built = min(b.stat().st_mtime for b in builds)
            if pure or source.stat().st_mtime > built + _EDIT_MARGIN:
                return importlib.util.spec_from_file_location(name, source)
        return None


def install_guard() -> None:
    """Put the fresh-source finder first on ``sys.meta_path`` (once)."""
    if _FreshSourceFinder not in sys.meta_path:
        sys.meta_path.insert(0, _FreshSourceFinder)


STAGE_PACKAGES = (
    "analysis.sentences",
    "analysis.quotes",
    "analysis.speakers",
    "analysis.sentiment",
)


def compiled_modules() -> list[str]:
    """Names of the ``analysis`` modules that run a compiled build, sorted (the stages are
    imported first, so that their modules are among the loaded ones)."""
    for package in STAGE_PACKAGES:
        importlib.import_module(package)
    return sorted(
        name
        for name, module in list(sys.modules.items())
        if name.startswith("analysis.")
        and str(getattr(module, "__file__", "") or "").endswith(_BUILD_SUFFIXES)
    )
