"""Build step: compiles the per-article stages with Cython.

The modules below are compiled from their unchanged Python source (no Cython-specific
code; those in TYPED also use their type hints; a ``.pxd`` file beside a module declares
its classes as extension types, its most-called functions as C calls and, in the VADER
core, its numbers as C doubles), which makes ``analysis process`` about 1.3x faster.
Everything else is in pyproject.toml. Without a C compiler, or with
``ANALYSIS_PURE_PYTHON=1`` set, the package installs as plain Python and behaves the
same, only slower.
"""

import os

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = [
    "analysis/sentences.py",
    "analysis/vader.py",
    "analysis/quotes/extract.py",
    "analysis/quotes/frames.py",
    "analysis/quotes/lexicon.py",
    "analysis/quotes/marks.py",
    "analysis/quotes/mentions.py",
    "analysis/quotes/table.py",
    "analysis/speakers/_corpus.py",
    "analysis/speakers/_entities.py",
    "analysis/speakers/_mentions.py",
    "analysis/speakers/_resolve.py",
    "analysis/speakers/_rules.py",
]
# Compiled with their type hints as C types: a ``str`` argument is indexed, sliced and
# searched without Python calls (quote frames and mention finding are the hottest loops).
# Cython then accepts only exactly the hinted built-in types (no None unless hinted, no
# subclass of str), so these are internal modules, called with strings and lists that the
# stages made themselves (``quote_values`` and ``attribute_speakers`` turn a str subclass
# into a plain str first).
TYPED = [
    "analysis/quotes/frames.py",
    "analysis/quotes/marks.py",
    "analysis/quotes/mentions.py",
    "analysis/speakers/_mentions.py",
]


def _extensions() -> list:
    if os.environ.get("ANALYSIS_PURE_PYTHON") == "1":
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    # annotation_typing off elsewhere: type hints stay hints, so the compiled code keeps
    # Python's semantics exactly (with it on, public functions would refuse None or a str
    # subclass)
    directives = {"language_level": 3, "binding": True, "annotation_typing": False}
    plain = [path for path in COMPILED if path not in TYPED]
    return cythonize(plain, compiler_directives=directives, quiet=True) + cythonize(
        TYPED, compiler_directives={**directives, "annotation_typing": True}, quiet=True
    )


class _OptionalBuildExt(build_ext):
    """A module that fails to compile stays pure Python instead of failing the install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # no compiler at all
            self.warn(f"not compiled, installing pure Python: {error}")

    def build_extension(self, ext) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:
            self.warn(f"{ext.name} not compiled, it stays pure Python: {error}")


setup(
    ext_modules=_extensions(),
    cmdclass={"build_ext": _OptionalBuildExt},
    options={"build_ext": {"parallel": os.cpu_count() or 1}},
)
