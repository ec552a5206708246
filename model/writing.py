"""Scenario files written back: the document a scenario file holds, as TOML or JSON text.

``tomllib`` only reads, and no TOML writer is a dependency, so this is a small emitter for the
shapes a scenario file has (CONTRACT.md "Scenario files"): tables of scalars, arrays of tables
(``[[suspensions]]``), inline tables and arrays inside them (``start = { earliest = ... }``,
``sales = [{ ... }]``), nested tables (``[expect.find]``). What it writes reads back through
``tomllib`` to the same document (tests/model/test_writing.py); JSON is written with dates as ISO
strings, which the loader accepts in either format.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_text(document: Mapping[str, Any], comment: str = "") -> str:
    """The document as TOML: its scalars first, then each table and array of tables."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    if lines:
        lines.append("")
    _table_body(lines, [], document)
    text = "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))
    return text.strip("\n") + "\n"


def json_text(document: Mapping[str, Any]) -> str:
    """The document as JSON (dates as ``YYYY-MM-DD``)."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} in a scenario file")


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)
    )


def _table_body(lines: list[str], path: list[str], table: Mapping[str, Any]) -> None:
    """Scalars (and inline values) of a table, then its sub-tables and arrays of tables. Inside
    an array of tables every value is written inline, so that no header is needed there."""
    nested = {k: v for k, v in table.items() if isinstance(v, Mapping) or _is_table_array(v)}
    for key, value in table.items():
        if key not in nested:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested.items():
        header = ".".join(_key(k) for k in [*path, key])
        lines.append("")
        if isinstance(value, Mapping):
            lines.append(f"[{header}]")
            _table_body(lines, [*path, key], value)
        else:
            for i, item in enumerate(value):
                if i:
                    lines.append("")
                lines.append(f"[[{header}]]")
                for k, v in item.items():
                    lines.append(f"{_key(k)} = {_value(v)}")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} in a scenario file")


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
