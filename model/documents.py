"""A scenario or profile file's text into a document (TOML or JSON, by extension), with every
refusal of the parsers turned into one :class:`~model.converter.InputError` naming the file and,
where it can be found, the field: a file that cannot be read or is not UTF-8, invalid TOML or
JSON, an impossible bare date (:mod:`model.impossible_dates`), nesting too deep to parse."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from model.converter import InputError
from model.impossible_dates import impossible_date


def read_document(path: Path) -> dict[str, Any]:
    """The file's TOML or JSON as a dict (by extension; .json is JSON, anything else TOML)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(source, "", f"cannot read the file: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark some editors write is no content
    except UnicodeDecodeError:
        raise InputError(source, "", "the file is not UTF-8 text") from None
    is_json = path.suffix.lower() == ".json"
    try:
        if is_json:
            try:
                document = json.loads(text)
            except json.JSONDecodeError as error:
                raise InputError(
                    source,
                    "",
                    f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
                ) from None
        else:
            try:
                document = tomllib.loads(text)
            except tomllib.TOMLDecodeError as error:
                if (where := impossible_date(text, error)) is not None:
                    raise InputError(source, *where) from None
                raise InputError(source, "", f"not valid TOML ({error})") from None
    except RecursionError:
        # The parsers recurse once per level of nesting; no scenario nests more than a few.
        field, line = deepest_nesting(text, is_json)
        raise InputError(
            source,
            field or "(top)",
            f"nested too deeply (more than {NESTING_SHOWN} levels of lists or tables, from "
            f"line {line}); a scenario's values nest a few levels at most",
        ) from None
    if not isinstance(document, dict):
        raise InputError(source, "", "expected a table at the top of the file")
    return document


NESTING_SHOWN = 100  # the depth at which deepest_nesting reports where it is


def deepest_nesting(text: str, is_json: bool) -> tuple[str, int]:
    """The field (key path) and line where lists and tables first nest more than
    ``NESTING_SHOWN`` deep, or the deepest point if they never do: read off the text by
    skipping strings and comments, for a file too deep for the parser to read."""
    depth, line, best = 0, 1, (-1, "", 1)
    table = ""  # TOML: the [table] or [[array]] header in force
    arrays: dict[str, int] = {}  # TOML: how many [[name]] headers so far
    key = ""  # TOML: the key of the value at depth 0
    keys: list[str] = []  # JSON: the key at each level of nesting (or "" in a list)
    pending = ""  # JSON: the last string read, a key if a colon follows
    line_start = True
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line, line_start = line + 1, True
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        at_line_start, line_start = line_start, False
        if c in "\"'" and (c == '"' or not is_json):
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if c == '"' and text[j] == "\\":
                    j += 1
                elif text[j] == "\n":
                    line += 1
                j += 1
            pending = text[i + len(quote) : j]
            i = j + len(quote)
            continue
        if c == "#" and not is_json:
            while i < n and text[i] != "\n":
                i += 1
            continue
        if not is_json and depth == 0 and at_line_start and c == "[":
            end = text.find("\n", i)
            header = text[i : end if end >= 0 else n].split("#")[0].strip()
            name = header.strip("[] \t")
            if header.startswith("[["):
                arrays[name] = arrays.get(name, -1) + 1
                table = f"{name}[{arrays[name]}]"
            else:
                table = name
            i = end if end >= 0 else n
            continue
        if not is_json and depth == 0 and c == "=":
            start = text.rfind("\n", 0, i) + 1
            key = text[start:i].strip()
            i += 1
            continue
        if is_json and c == ":" and keys:
            keys[-1] = pending
        elif c in "[{":
            depth += 1
            if is_json:
                keys.append("")
            if depth > best[0]:
                if is_json:
                    field = ".".join(k for k in keys[:-1] if k)
                else:
                    field = f"{table}.{key}" if table and key else table or key
                best = (depth, field, line)
            if depth > NESTING_SHOWN:
                break
        elif c in "]}":
            depth = max(depth - 1, 0)
            if is_json and keys:
                keys.pop()
        i += 1
    return best[1], best[2]
