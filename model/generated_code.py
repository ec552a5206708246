"""The code attrs and cattrs generate for the model's classes, compiled once and kept.

attrs writes each class's methods (``__init__``, ``__eq__``, ``__hash__``, ``__repr__``) as
Python source and compiles it when the class is defined; cattrs does the same for each
structure function. A one-file ``validate`` compiled some 120 such sources (the model's
classes, attrs' and cattrs' own, the structure functions), about a fifth of its CPU
(docs/performance.md, Start-up). Compiling is a pure function of the source, its file name
and the compiler's ``__future__`` flags, so the code objects are kept on disk as Python keeps
a module's bytecode: keyed by all three, in a file named for the interpreter's bytecode
version. A source never seen is compiled as before; what attrs and cattrs do with the code is
unchanged.

The one value that differs from process to process is the hash of the class's name that
attrs writes into ``__hash__`` (``hash(str)`` is salted per interpreter): it is taken out of
the key, and the kept code gets this process's value back. Only the columns the code keeps
for that constant's instruction (for a traceback's carets; loading a constant cannot fail)
are the kept code's, which the number's width can change.

Only ``checks.cli.run()`` (the ``rrcheck`` command) installs this, before the model is
imported; tests that call ``main()`` in-process compile as attrs and cattrs do alone.
"""

from __future__ import annotations
import __future__

import builtins
import functools
import marshal
import operator
import sys
import types
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Any

from model.kept_files import cache_directory, write_whole

BUILTIN_COMPILE = builtins.compile  # what the hook calls, whichever ``compile`` is current

# The compiler's flags that ``__future__`` imports set, which compile() inherits from its
# caller's code (nested_scopes' flag is a code's own, ignored by compile()).
FUTURE_FLAGS = functools.reduce(
    operator.or_,
    (
        getattr(__future__, n).compiler_flag
        for n in __future__.all_feature_names
        if n != "nested_scopes"
    ),
)

# A kept file holds the code of the classes of every command run since; one that grows past
# this (the classes changed often) is started again with this command's code only.
MOST_KEPT = 2_000

# What stands for attrs' hash of the class in a kept source: a NUL cannot be in Python source.
HASH_MARK = "\0"

Key = tuple[str, int, str]  # the file name, the compiler's flags, the source (its hash marked)
Kept = tuple[types.CodeType, int | None]  # the code, the hash it was compiled with


class GeneratedCode:
    """The kept code objects of one command: read from ``path`` (None: nothing kept), handed
    to attrs and cattrs by :meth:`install`, written back by :meth:`keep` if any is new."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.kept: dict[Key, Kept] = _read(path) if path is not None else {}
        self.used: dict[Key, Kept] = {}
        self.compiled = 0  # sources compiled by this command, kept by keep()
        self.installed: list[types.ModuleType] = []

    @classmethod
    def of_this_interpreter(cls) -> GeneratedCode:
        directory = cache_directory()
        name = f"code-{sys.implementation.cache_tag}-{MAGIC_NUMBER.hex()}.marshal"
        return cls(None if directory is None else directory / name)

    def install(self) -> None:
        """attrs' and cattrs' generators call ``compile`` by its name in their own module:
        that name becomes :meth:`compile` there. attrs defines classes of its own while it is
        imported, before its module can be given the name: during that import the builtin
        ``compile`` itself is the hook (start-up runs one thread; put back at once)."""
        # A later attrs or cattrs without these modules compiles as it does alone: the kept
        # code only saves time, so its absence must never stop a command.
        try:
            if "attr._make" not in sys.modules:
                builtins.compile = self._hook
                try:
                    import attr._make
                finally:
                    builtins.compile = BUILTIN_COMPILE
            import attr._make

            self._install(attr._make)
            import cattrs.gen  # cattrs' classes are attrs classes: through the hook

            self._install(cattrs.gen)
        except ImportError:
            self.uninstall()

    def _install(self, module: types.ModuleType) -> None:
        vars(module)["compile"] = self._hook
        self.installed.append(module)

    def uninstall(self) -> None:
        for module in self.installed:
            del vars(module)["compile"]  # the builtin again
        self.installed.clear()

    def _hook(
        self,
        source: Any,
        filename: Any,
        mode: str,
        flags: int = 0,
        dont_inherit: bool = False,
        optimize: int = -1,
        **rest: Any,
    ) -> Any:
        """What the builtin ``compile`` does, called from its caller's code: the caller's
        ``__future__`` flags are inherited unless ``dont_inherit``."""
        if not dont_inherit:
            flags |= sys._getframe(1).f_code.co_flags & FUTURE_FLAGS
        plain = mode == "exec" and not flags & ~FUTURE_FLAGS and optimize == -1 and not rest
        if plain and isinstance(source, str) and isinstance(filename, str):  # as attrs calls it
            return self.compile(source, filename, flags)
        return BUILTIN_COMPILE(source, filename, mode, flags, True, optimize, **rest)

    def compile(self, source: str, filename: str, flags: int) -> types.CodeType:
        """``compile(source, filename, "exec", flags, dont_inherit=True)``, ``flags`` being
        ``__future__`` flags only."""
        type_hash, marked = _marked(source, filename)
        key = (filename, flags, marked)
        found = self.used.get(key) or self.kept.get(key)
        if found is not None and _is_kept(found):
            code, compiled_hash = found
            self.used[key] = found
            if type_hash is None or compiled_hash is None:
                return code
            return _with_constant(code, compiled_hash, type_hash)
        code = BUILTIN_COMPILE(source, filename, "exec", flags=flags, dont_inherit=True)
        self.used[key] = (code, type_hash)
        self.compiled += 1
        return code

    def keep(self) -> None:
        """Write the kept file again if this command compiled a source it did not hold."""
        if self.path is None or not self.compiled:
            return
        every = {k: v for k, v in self.kept.items() if _is_kept(v)} | self.used
        write_whole(self.path, marshal.dumps(every if len(every) <= MOST_KEPT else self.used))


def _read(path: Path) -> dict[Key, Kept]:
    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # none kept yet, or not a file this interpreter wrote: compile
    return kept if isinstance(kept, dict) else {}


def _is_kept(found: object) -> bool:
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], types.CodeType)
        and (found[1] is None or isinstance(found[1], int))
    )


def _marked(source: str, filename: str) -> tuple[int | None, str]:
    """The hash attrs writes into the ``__hash__`` of the class whose methods ``source`` is
    (``hash`` of the file name of the class's hash), and ``source`` with that number marked;
    None and ``source`` if it is not there. attrs writes the number alone on its line."""
    prefix = "<attrs generated "  # then the methods' name (methods, __hash__) and the class's
    if not filename.startswith(prefix) or " " not in filename[len(prefix) :]:
        return None, source
    type_hash = hash(prefix + "hash " + filename[len(prefix) :].split(" ", 1)[1])
    line = f" {type_hash},\n"
    if line not in source:
        return None, source
    return type_hash, source.replace(line, f" {HASH_MARK},\n")


def _with_constant(code: types.CodeType, old: int, new: int) -> types.CodeType:
    """``code`` with the integer constant ``old`` made ``new``, in every function inside and
    in constant tuples (``hash((old,))`` of a class without fields is folded into one)."""

    def swapped(constant: Any) -> Any:
        if isinstance(constant, types.CodeType):
            return _with_constant(constant, old, new)
        if type(constant) is tuple:
            inner = tuple(swapped(c) for c in constant)
            return constant if all(a is b for a, b in zip(inner, constant, strict=True)) else inner
        return new if type(constant) is int and constant == old else constant

    constants = tuple(swapped(c) for c in code.co_consts)
    if all(a is b for a, b in zip(constants, code.co_consts, strict=True)):
        return code
    return code.replace(co_consts=constants)
