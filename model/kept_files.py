"""Where rrcheck keeps files from one command to the next (the calendars' tables, the compiled
code of the model's classes), and how one is written: whole or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CACHE_ENVIRONMENT = "RRCHECK_CACHE_DIR"  # where files are kept; set empty to keep none


def cache_directory() -> Path | None:
    """Where the files are kept: ``$RRCHECK_CACHE_DIR`` (empty: nowhere), else rrcheck's
    directory of the user's cache (``$XDG_CACHE_HOME``, or ``~/.cache``)."""
    given = os.environ.get(CACHE_ENVIRONMENT)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rrcheck"


def write_whole(path: Path, data: bytes) -> None:
    """Keep ``data`` at ``path`` whole or not at all (a file written aside, then renamed over
    it): two commands at once each leave a whole file; a directory that cannot be written
    keeps nothing."""
    import tempfile  # only a command that has something new to keep writes

    aside: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as file:
            aside = file.name
            file.write(data)
        os.replace(aside, path)
        aside = None
    except OSError:
        pass  # nothing kept: the next command makes it again
    finally:
        if aside is not None:  # not renamed (an error, Ctrl-C): no half-kept file stays
            with contextlib.suppress(OSError):
                os.unlink(aside)
