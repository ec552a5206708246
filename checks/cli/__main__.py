"""``python -m checks.cli``: the command line, as the installed ``rrcheck``."""

from checks.cli import run

run()
