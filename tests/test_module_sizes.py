"""The layout shows the layers (issue 14, "A layout that shows the layers"): no source module
over 500 lines, and the data flows one way, file -> scenario -> model -> checks -> report, with
no module reaching back.

Imports are read from the source with ``ast``, every one of them: at the top of a module,
inside a function (the command line imports lazily) and under ``TYPE_CHECKING``, since an
annotation that names a later layer is a dependency on it too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "checks")
MOST_LINES = 500

# checks/ modules that ask a question yet import a report: compare words its table with the
# memo's figures (checks.reports.memo_document).
QUESTIONS_READING_REPORTS = frozenset({"checks/compare.py"})


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def name_of(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, absolute, with ``from M import N`` also as ``M.N`` (N may
    be a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{name_of(path)}: a relative import (all are absolute)"
            assert node.module is not None
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def reaching(layer: str, later: str, allowed: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """The modules of ``layer`` (a package path) that import ``later``, and what they import."""
    found: dict[str, list[str]] = {}
    for path in sources():
        name = name_of(path)
        if not within(name.removesuffix(".py").replace("/", "."), layer) or name in allowed:
            continue
        reached = sorted({m for m in imported(path) if within(m, later)})
        if reached:
            found[name] = reached
    return found


def test_the_sources_are_found():
    # A test that reads no file proves nothing: the packages and their subpackages are read.
    names = {name_of(p) for p in sources()}
    assert {"model/loading.py", "model/reference/days.py", "checks/cli/__init__.py"} <= names
    assert {"checks/reports/timeline_layout.py", "checks/reports/terminal.py"} <= names


@pytest.mark.parametrize("path", sources(), ids=name_of)
def test_no_source_module_is_over_500_lines(path):
    name = name_of(path)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{name}: {lines} lines; split it by what it holds"


def test_the_model_never_imports_the_checks():
    assert reaching("model", "checks") == {}


def test_the_reports_never_import_the_command_line():
    assert reaching("checks.reports", "checks.cli") == {}


def test_only_the_command_line_imports_the_command_line():
    found = reaching("checks", "checks.cli")
    assert {name: m for name, m in found.items() if not name.startswith("checks/cli/")} == {}


def test_the_questions_never_import_the_reports():
    # checks/ outside reports/ and cli/ asks questions; the words and formats come after.
    found = reaching("checks", "checks.reports", QUESTIONS_READING_REPORTS)
    later = ("checks/reports/", "checks/cli/")
    assert {name: m for name, m in found.items() if not name.startswith(later)} == {}


def test_the_checks_reaching_back_would_be_seen():
    # The rule above is not vacuous: the command line does import the reports and the model.
    assert "checks.reports" in {m for m in imported(ROOT / "checks/cli/commands.py")}
    assert reaching("checks.cli", "model")
