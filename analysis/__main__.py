"""``python -m analysis``: the same as the ``analysis`` command."""

from analysis.cli import run

run()
