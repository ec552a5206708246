"""A pytest plugin: ``pytest scenarios/`` collects each scenario file with an ``[expect]``
table as a test item. Registered through the ``pytest11`` entry point of the distribution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checks.regression import SCENARIO_SUFFIXES, has_expectations, run_file


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if (
        file_path.suffix in SCENARIO_SUFFIXES
        and file_path.name != "pyproject.toml"
        and has_expectations(file_path)
    ):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Any:
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioFailure(Exception):
    pass


class ScenarioItem(pytest.Item):
    def runtest(self) -> None:
        result = run_file(self.path)
        if result is not None and not result.passed:
            lines = [result.error] if result.error else [str(d) for d in result.differences]
            raise ScenarioFailure("\n".join(lines))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            return f"scenario {self.path.name} did not meet its [expect]:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
