"""The layers (STYLE.md points 5 and 7): the solver is an implementation detail of the model.

The checks ask domain questions (a verdict, find's optimum, worst-case's) and get domain answers;
the Z3 objects stay in ``model/``. ``rrcheck prove`` is the one stated exception: its properties
are statements about the Z3 model itself (issue 14).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "checks"

# The one module of checks/ that may import z3: the proofs are about the Z3 model.
MAY_IMPORT_Z3 = {"checks/prove.py"}


def imports_z3(path: Path) -> bool:
    """Whether the module imports z3 anywhere (also inside a function or under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "z3" for name in names):
            return True
    return False


def modules_importing_z3() -> set[str]:
    return {path.relative_to(ROOT).as_posix() for path in CHECKS.rglob("*.py") if imports_z3(path)}


def test_no_check_imports_z3_but_the_proofs():
    assert modules_importing_z3() == MAY_IMPORT_Z3


def test_the_scan_sees_every_form_of_import(tmp_path):
    # The test above could pass by seeing nothing: each form of importing z3 is caught, and a
    # module that only names z3 in a string or a comment is not.
    forms = {
        "import z3\n": True,
        "import z3 as solver\n": True,
        "from z3 import Solver\n": True,
        "def f():\n    from z3 import Int\n": True,
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import z3\n": True,
        "import z3x\n": False,
        "'''import z3'''\n# import z3\n": False,
        "from model import z3_free\n": False,
    }
    for n, (source, expected) in enumerate(forms.items()):
        path = tmp_path / f"m{n}.py"
        path.write_text(source)
        assert imports_z3(path) is expected, source
    assert "checks/prove.py" in modules_importing_z3()  # the scan reads the real tree


def test_no_module_of_checks_or_model_is_over_500_lines():
    # Issue 14: "no source module is over 500 lines", for the modules this layering split.
    split = [
        "checks/answers.py",
        "checks/find.py",
        "checks/obstacles.py",
        "checks/placements.py",
        "checks/prove.py",
        "checks/validate.py",
        "checks/worst_case.py",
        "checks/worst_case_robust.py",
        "model/exposure.py",
        "model/planning.py",
        "model/verdicts.py",
    ]
    lengths = {name: len((ROOT / name).read_text(encoding="utf-8").splitlines()) for name in split}
    assert {name: n for name, n in lengths.items() if n > 500} == {}
