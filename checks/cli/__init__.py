"""The command line: parses arguments and calls checks. Nothing else lives here.

Exit status: 0 compliant / found / all passed; 1 a rule broken / none exists / a test failed;
2 bad input (one line naming the file and the field, never a traceback); 3 the solver ran out
of time or gave up (``unknown``, with the best bound found); 130 interrupted (Ctrl-C).

The parts: :mod:`checks.cli.arguments` (the parser), :mod:`checks.cli.status` (exit statuses,
``BadInput``), :mod:`checks.cli.inputs` (reading the scenario), :mod:`checks.cli.output`
(printing and writing files), and the commands: :mod:`checks.cli.validating` (``validate``),
:mod:`checks.cli.planning` (``find``, ``worst-case``, ``memo``) and :mod:`checks.cli.commands`
(the others).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from checks.cli.arguments import _parser
from checks.cli.status import (
    DEBUG_ENVIRONMENT,
    EXIT_BROKEN,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNKNOWN,
    BadInput,
)

__all__ = [
    "DEBUG_ENVIRONMENT",
    "EXIT_BROKEN",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNKNOWN",
    "BadInput",
    "main",
    "run",
    "with_interpretations_check",
    "_write_fixed",  # find --write, which tests call directly
]

# The model (z3, holidays, cattrs) is imported inside main(), so that Ctrl-C during start-up
# is an interrupt like any other: one line and exit 130, not a traceback from an import.


# Each command by the module that runs it, imported when the command runs: validate loads
# none of the others' (tests/checks/cli/test_startup_and_jobs.py).
COMMANDS = {
    "validate": ("checks.cli.validating", "_validate"),
    "find": ("checks.cli.planning", "_find"),
    "worst-case": ("checks.cli.planning", "_worst_case"),
    "test": ("checks.cli.commands", "_test"),
    "prove": ("checks.cli.commands", "_prove"),
    "calendar": ("checks.cli.commands", "_calendar"),
    "timeline": ("checks.cli.commands", "_timeline"),
    "memo": ("checks.cli.planning", "_memo"),
    "compare": ("checks.cli.commands", "_compare"),
    "new": ("checks.cli.commands", "_new"),
    "agreements": ("checks.cli.commands", "_agreements"),
    "agreement": ("checks.cli.commands", "_agreement"),
}


def _command(name: str) -> Callable[[argparse.Namespace, Any], int]:
    module, function = COMMANDS[name]
    found: Callable[[argparse.Namespace, Any], int] = getattr(
        importlib.import_module(module), function
    )
    return found


def __getattr__(name: str) -> Any:
    if name == "_write_fixed":  # find --write, which tests call directly
        from checks.cli.planning import _write_fixed

        return _write_fixed
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (CONTRACT.md "Commands")."""
    argv = sys.argv[1:] if argv is None else list(argv)
    only = argv[0] if argv and argv[0] in COMMANDS else None  # else every command's parser
    try:
        args = _parser(only).parse_args(argv)
    except SystemExit as done:  # usage errors (2) and --help (0): a status, not an exit
        if done.code is None:
            return EXIT_OK
        return done.code if isinstance(done.code, int) else EXIT_INPUT
    try:
        return _main(args)
    except KeyboardInterrupt:
        # Ctrl-C: say so once; never a time-out, never a traceback. Output files are written
        # whole or not at all (_write), so nothing partial is left.
        print("rrcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(args: argparse.Namespace) -> int:
    from model.solver import SolverSettings, SolverUnknown, pause_point

    pause_point("startup")
    timeout = getattr(args, "timeout", 60.0)
    if not (math.isfinite(timeout) and timeout > 0):
        print("rrcheck: --timeout: must be a number of seconds more than zero", file=sys.stderr)
        return EXIT_INPUT
    settings = SolverSettings(timeout_seconds=timeout)
    given: dict[str, str] = {}  # each term's setting as given, to refuse a second one
    for setting in getattr(args, "interpretation", ()):  # the readings before any file is read
        try:
            with_interpretations_check(setting, every=args.command == "compare")
            name = setting.partition("=")[0].strip()
            if name in given:  # keeping either one silently would check a reading not asked
                raise BadInput(
                    f"--interpretation: {name} given twice ({given[name]}, {setting.strip()}); "
                    "give each term once"
                )
            given[name] = setting.strip()
        except BadInput as error:
            print(f"rrcheck: {error}", file=sys.stderr)
            return EXIT_INPUT
    try:
        return int(_command(args.command)(args, settings))
    except BadInput as error:
        print(f"rrcheck: {error}", file=sys.stderr)
        return EXIT_INPUT
    except SolverUnknown as error:
        print(f"rrcheck: unknown: {error}", file=sys.stderr)
        return EXIT_UNKNOWN
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: the workers are stopped; one line, no traceback
        print("rrcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a defect: say so in one line, never a traceback for users
        if os.environ.get(DEBUG_ENVIRONMENT):
            raise
        print(f"rrcheck: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL


def with_interpretations_check(setting: str, every: bool = False) -> None:
    """Refuse an unknown reading; with ``every`` (``compare``) ``NAME=*`` stands for each."""
    from model.interpretations import TERMS_BY_NAME, Interpretation

    name, sep, reading = setting.partition("=")
    if not sep:
        raise BadInput(f"--interpretation: {setting}: expected NAME=VALUE")
    if every and reading.strip() == "*":
        if name.strip() not in TERMS_BY_NAME:
            known = ", ".join(TERMS_BY_NAME)
            raise BadInput(
                f"--interpretation: {name.strip()}: unknown term; choose one of: {known}"
            )
        return
    try:
        Interpretation().with_reading(name.strip(), reading.strip())
    except ValueError as error:
        raise BadInput(f"--interpretation: {name.strip()}: {error}") from None


def run() -> None:
    # Start-up makes long-lived objects only (modules, the model's classes, the rule table):
    # collecting the young generation every 700 allocations walks them again and again, about
    # 12 ms of a one-file validate, and frees nothing. One collection each 50,000 allocations
    # keeps memory bounded all the same over many files.
    gc.set_threshold(50_000)
    # The methods attrs and cattrs generate for the model's classes, compiled by the first
    # command and kept (model/generated_code.py): compiling them was about a fifth of a one-file
    # validate. Installed before the model is imported; not in main(), which tests call.
    try:
        from model.generated_code import GeneratedCode

        generated = GeneratedCode.of_this_interpreter()
        generated.install()
    except KeyboardInterrupt:
        print("rrcheck: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    status = main()
    with contextlib.suppress(KeyboardInterrupt):  # the command is done; Ctrl-C keeps nothing
        generated.keep()
    # The command is done: at exit CPython's collector would walk every object it made (the
    # model's classes, Z3's terms; about 35 ms of a one-file validate) only for the memory to go
    # back to the system. Freezing them skips that walk; files are written and closed by then,
    # and standard output is still flushed at exit. Not in main(), which tests call in-process.
    gc.freeze()
    sys.exit(status)
