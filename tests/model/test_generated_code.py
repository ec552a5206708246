"""The kept code of attrs' and cattrs' generated methods (model/generated_code.py) is the code
they compile themselves: in fresh interpreters, with other salts of ``hash``, every generated
function of a validate run is the same, whether compiled by them, by the hook or read back."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

from model.generated_code import GeneratedCode

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FIXED = SCENARIOS / "3h-max-length-fifteen-business-days-compliant.toml"
PLANNED = SCENARIOS / "plan-worst-case-max-min-gap-window.toml"
PROFILE = SCENARIOS / "profiles" / "aggregate-60-in-12-months-at-the-cap-compliant.toml"

# Every function attrs and cattrs generated in a run, by file name and name: what its code is
# (constants inside, recursively), its defaults, and the hash of some instances.
PROGRAM = """
import dis, gc, hashlib, json, re, sys, types
kept = None
if sys.argv[1] == "hook":
    from model.generated_code import GeneratedCode
    kept = GeneratedCode.of_this_interpreter()
    kept.install()
import builtins
restored = type(builtins.compile) is type(len)  # the builtin again once attrs is imported
from model.loading import load_any_scenario as load_scenario
from checks.validate import validate
from model.solver import SolverSettings
for path in sys.argv[2:]:
    scenario = load_scenario(path)
    if "profiles" not in path and not scenario.planned_suspensions:
        validate(scenario, SolverSettings())
        hashes = [hash(scenario.suspensions), hash(scenario.investors)]
if kept is not None:
    kept.keep()  # as run() does once the command is done

def shape(code):
    consts = tuple(shape(c) if hasattr(c, "co_code") else repr(c) for c in code.co_consts)
    # every instruction's lines and columns, but the last column of the one that loads attrs'
    # hash of the class (its width is the kept code's: docs of model/generated_code.py)
    name = "<attrs generated hash " + code.co_filename.split(" ", 3)[-1]
    loaded = (hash(name), (hash(name),))  # (a class without fields: its tuple is one constant)
    positions = [
        tuple(i.positions)[: 3 if i.opname == "LOAD_CONST" and i.argval in loaded else 4]
        for i in dis.get_instructions(code)
    ]
    return repr((code.co_filename, code.co_qualname, code.co_code, code.co_flags,
        code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_nlocals,
        code.co_stacksize, code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars,
        code.co_firstlineno, positions, list(code.co_lines()), code.co_exceptiontable, consts))

def stable(value):  # a default by its name, not by where it is in memory
    if isinstance(value, tuple):
        return repr([stable(v) for v in value])
    if isinstance(value, (types.FunctionType, type)):
        return f"{value.__module__}.{value.__qualname__}"
    return re.sub(" at 0x[0-9a-f]+", "", repr(value))

functions = {}
for f in gc.get_objects():
    code = f.__code__ if isinstance(f, types.FunctionType) else None
    if code is not None and code.co_filename.startswith(("<attrs generated", "<cattrs generated")):
        key = code.co_filename + " " + code.co_qualname
        functions[key] = hashlib.sha256((shape(code) + stable(f.__defaults__)).encode()).hexdigest()
print(json.dumps({"functions": functions, "hashes": hashes, "restored": restored,
    "compiled": kept.compiled if kept else None, "reused": len(kept.used) if kept else None}))
"""


def generated(how: str, cache: str, salt: str) -> dict[str, object]:
    environment = {**os.environ, "RRCHECK_CACHE_DIR": cache, "PYTHONHASHSEED": salt}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, how, str(FIXED), str(PLANNED), str(PROFILE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, object] = json.loads(done.stdout)
    return answer


def test_the_kept_code_is_the_code_attrs_and_cattrs_compile(tmp_path):
    alone = generated("alone", "", "0")
    functions = alone["functions"]
    assert isinstance(functions, dict) and len(functions) > 150  # __init__, __eq__, ... and hooks
    assert "<cattrs generated structure model.scenario.Scenario> structure_Scenario" in functions
    hooked = generated("hook", "", "0")  # compiled by the hook, nothing kept (RRCHECK_CACHE_DIR=)
    assert hooked["functions"] == functions and hooked["hashes"] == alone["hashes"]
    assert alone["restored"] and hooked["restored"]
    # attrs' own classes, made while attrs is imported, are compiled by the hook too
    assert "<attrs generated methods attr.validators._InstanceOfValidator> __eq__" in functions
    assert hooked["compiled"] == hooked["reused"] > 0  # type: ignore[operator]


def test_code_kept_under_one_salt_of_hash_is_read_back_under_another(tmp_path):
    alone = generated("alone", "", "0")
    first = generated("hook", str(tmp_path), "1")  # compiles all and keeps them
    assert first["compiled"] == first["reused"] and first["compiled"]
    [kept] = tmp_path.glob("code-*.marshal")
    written = kept.read_bytes()
    again = generated("hook", str(tmp_path), "0")  # read back under another salt
    assert again["compiled"] == 0 and again["reused"] == first["reused"]
    assert again["functions"] == alone["functions"]
    assert again["hashes"] == alone["hashes"]  # attrs' hash of the class is this salt's
    assert first["hashes"] != alone["hashes"]  # (which another salt changes)
    assert kept.read_bytes() == written  # nothing new: not written again


def test_a_damaged_or_foreign_kept_file_is_compiled_again_and_rewritten(tmp_path):
    alone = generated("alone", "", "0")
    name = GeneratedCode.of_this_interpreter().path
    assert name is not None
    path = tmp_path / name.name
    for damage in (b"", b"not marshal", marshal.dumps([1, 2]), marshal.dumps({("a", "b"): 5})):
        path.write_bytes(damage)
        answer = generated("hook", str(tmp_path), "0")
        assert answer["functions"] == alone["functions"]
        assert answer["compiled"] == answer["reused"]
        kept = marshal.loads(path.read_bytes())
        assert len(kept) >= answer["reused"]  # type: ignore[operator]


def test_an_attrs_or_cattrs_without_the_generators_modules_compiles_as_it_does_alone(
    tmp_path, monkeypatch
):
    import builtins

    import attr._make

    from model.generated_code import BUILTIN_COMPILE, GeneratedCode

    monkeypatch.setitem(sys.modules, "cattrs.gen", None)  # importing it raises ImportError
    generated = GeneratedCode(tmp_path / "kept.marshal")
    generated.install()  # no exception: the command goes on without kept code
    assert "compile" not in vars(attr._make)
    assert builtins.compile is BUILTIN_COMPILE
    assert generated.installed == []
