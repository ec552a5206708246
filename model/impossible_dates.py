"""Which field holds a bare TOML date that is no day (``start = 2004-02-30``).

tomllib refuses such a file as a whole, with a line and column but no field, while CONTRACT.md
asks that "an impossible date" name the field. The date is quoted in a copy of the text, which
then parses; the field is where the quoted date lands.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from typing import Any

_INVALID_DATE = re.compile(r"^Invalid date or datetime \(at line \d+, column \d+\)$")
_AT = re.compile(r"\(at line (\d+), column (\d+)\)$")
_DATE_SHAPED = re.compile(r"(?<![\w\"'.:-])\d{4}-\d\d-\d\d(?![\w\"'.:-])")
_TOKEN = re.compile(r"[^\s,\]}#]+")
_MARK = "\x00rrcheck-impossible-date\x00"  # no scenario value holds a NUL


def impossible_date(text: str, error: tomllib.TOMLDecodeError) -> tuple[str, str] | None:
    """(field, message) for tomllib's "Invalid date or datetime" at a value of ``text``, or None
    when the error is another or the field cannot be found. Later impossible dates are quoted
    too, so that the copy parses; the first is the one named."""
    first = ""
    for _ in range(100):  # a file with more impossible dates than this is named by line
        found = _quoted(text, error, "" if first else _MARK)
        if found is None:
            return None
        text, token = found
        first = first or token
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as again:
            error = again
            continue
        field = _field_of(document, "")
        if field is None:
            return None
        return field, f"{first} is not a day of the calendar (write a date as YYYY-MM-DD)"
    return None


def _quoted(text: str, error: tomllib.TOMLDecodeError, mark: str) -> tuple[str, str] | None:
    """``text`` with the impossible date ``error`` points at quoted (after ``mark``), and the
    date; None when ``error`` is about something else. tomllib reads a month or day out of
    range (2004-13-01) as a number followed by junk, so a date-shaped word that is no day on
    the error's line is taken as the culprit too."""
    found = _AT.search(str(error))
    if found is None:
        return None
    line, column = int(found[1]), int(found[2])
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]  # tomllib counts "\n" only
    if line > len(starts):
        return None
    if _INVALID_DATE.match(str(error)):
        at = starts[line - 1] + column - 1
        token = _TOKEN.match(text, at)
    else:
        end = text.find("\n", starts[line - 1])
        token = next(
            (
                word
                for word in _DATE_SHAPED.finditer(
                    text, starts[line - 1], len(text) if end < 0 else end
                )
                if not _is_day(word[0])
            ),
            None,
        )
    if token is None:
        return None
    return text[: token.start()] + json.dumps(mark + token[0]) + text[token.end() :], token[0]


def _is_day(word: str) -> bool:
    try:
        dt.date.fromisoformat(word)
    except ValueError:
        return False
    return True


def _field_of(value: Any, path: str) -> str | None:
    """The path, in the converter's words (``suspensions[1].start``), of the marked value."""
    if isinstance(value, str):
        return path if value.startswith(_MARK) else None
    if isinstance(value, dict):
        for key, each in value.items():
            if (found := _field_of(each, f"{path}.{key}" if path else key)) is not None:
                return found
    if isinstance(value, list):
        for i, each in enumerate(value):
            if (found := _field_of(each, f"{path}[{i}]")) is not None:
                return found
    return None
