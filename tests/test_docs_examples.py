"""The examples in README.md and docs/*.md are real output: each block that begins with
``$ rrcheck ...`` is run, and its lines must appear in the output in order (a line ``...``
stands for any number of lines left out). Refresh a block by running the command and pasting
what it prints; a block that drifts from the tool fails here."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from checks import cli

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```[a-z]*\n(\$ rrcheck [^\n]*)\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str, list[str]]]:
    found = []
    for document in DOCUMENTS:
        for match in BLOCK.finditer(document.read_text()):
            command = match.group(1)[2:]
            expected = match.group(2).rstrip("\n").split("\n") if match.group(2).strip() else []
            found.append((f"{document.name}: {command}", command, expected))
    return found


EXAMPLES = _examples()


def _lines_in_order(expected: list[str], actual: list[str]) -> str | None:
    """None when ``expected`` (with ``...`` gaps) matches ``actual``; else what went wrong."""
    position = 0
    skipping = False
    for line in expected:
        if line.strip() == "...":
            skipping = True
            continue
        if skipping:
            while position < len(actual) and actual[position].rstrip() != line.rstrip():
                position += 1
        if position >= len(actual) or actual[position].rstrip() != line.rstrip():
            got = actual[position] if position < len(actual) else "<end of output>"
            return f"expected line {line!r}, got {got!r}"
        position += 1
        skipping = False
    if not skipping and position != len(actual):
        return f"output goes on after the example ends: {actual[position]!r}"
    return None


def test_the_documents_have_examples():
    assert any(name.startswith("README.md") for name, _, _ in EXAMPLES)


@pytest.mark.parametrize(
    ("command", "expected"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES]
)
def test_example_is_real_output(command, expected, capsys, monkeypatch, tmp_path):
    # Run where ``scenarios/`` resolves as in the docs, but files written (-o) land in tmp.
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    monkeypatch.chdir(tmp_path)
    words = shlex.split(command)
    assert words[0] == "rrcheck"
    arguments = [w for w in words[1:] if not w.startswith(">")]
    cli.main(arguments)
    actual = capsys.readouterr().out.rstrip("\n").split("\n")
    problem = _lines_in_order(expected, actual)
    assert problem is None, f"{command}: {problem}\n--- actual output ---\n" + "\n".join(actual)


def test_the_matcher_fails_on_a_changed_line():
    assert _lines_in_order(["a", "...", "c"], ["a", "b", "c"]) is None
    assert _lines_in_order(["a", "...", "d"], ["a", "b", "c"]) is not None
    assert _lines_in_order(["a", "c"], ["a", "b", "c"]) is not None
    assert _lines_in_order(["a", "..."], ["a", "b", "c"]) is None


def _refresh() -> None:
    """``python tests/test_docs_examples.py``: rewrite every example block that has no ``...``
    with the command's real output; list those with ``...`` for refreshing by hand."""
    import contextlib
    import io
    import os

    os.chdir(ROOT)
    for document in DOCUMENTS:
        text = document.read_text()

        def run(match: re.Match[str], document: Path = document) -> str:
            command, body = match.group(1), match.group(2)
            if any(line.strip() == "..." for line in body.split("\n")):
                print(f"{document.name}: by hand: {command}")
                return match.group(0)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                cli.main(shlex.split(command[2:])[1:])
            return "```\n" + command + "\n" + out.getvalue().rstrip("\n") + "\n```"

        document.write_text(BLOCK.sub(run, text))


if __name__ == "__main__":
    _refresh()
