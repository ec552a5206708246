"""The exit statuses of the command line and the one exception its commands raise for bad input
(CONTRACT.md "Exit codes")."""

from __future__ import annotations

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_UNKNOWN, EXIT_INTERNAL = 0, 1, 2, 3, 70
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


# Set (to anything) to let an internal error raise with its traceback: tests and debugging.
DEBUG_ENVIRONMENT = "RRCHECK_DEBUG"


class BadInput(Exception):
    """One line for the user: file, field, what is wrong."""
