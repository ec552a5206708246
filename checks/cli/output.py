"""Where a command's answer goes: printed (text or JSON, a closed pipe tolerated), or written to
a file whole or not at all; and the progress bar on a terminal."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from checks.cli.status import BadInput

if TYPE_CHECKING:
    from checks.reports.terminal_page import Page, Report


def _emit(args: argparse.Namespace, payload: Any, text: str | Report) -> None:
    try:
        if args.format == "json":
            print(json.dumps(payload, indent=2))
        else:  # a report, or a summary's lines: both wrapped to the width
            from checks.reports import terminal_page

            terminal_page.emit(text, args.color, width=args.width)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()


def _discard_stdout() -> None:
    """The reader went away (``rrcheck validate FILE | head -1``): what it did not read is
    dropped, and the command still exits with its verdict's status, for ``PIPESTATUS``. Standard
    output is pointed at /dev/null so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's capture): nothing will flush to the closed pipe


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def _write_out(out: Any, chunk: str) -> None:
    try:
        out.write(chunk)
        out.flush()
    except BrokenPipeError:  # the rest goes nowhere; the files are still checked, for the status
        _discard_stdout()


def _page(color: str, width: int | None) -> Page:
    from checks.reports import terminal_page

    return terminal_page.page(color, width=width)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _tracked(items: Sequence[str], description: str, args: argparse.Namespace) -> Iterable[str]:
    """The items, with the progress bar of :func:`checks.reports.terminal_page.track` when stderr
    is a terminal (the text reports' module, and rich, are loaded only then)."""
    if args.quiet or not _is_terminal(sys.stderr):
        return items
    from checks.reports import terminal_page

    return terminal_page.track(items, description, args.color, True)


def _write(output: str, content: bytes, option: str = "-o") -> None:
    """Write an output file whole or not at all: into a temporary file beside it, renamed over
    it once complete, so an interrupt or a full disk leaves no partial file (and no earlier one
    changed). A path that cannot be written is bad input, in one line naming ``option``."""
    folder = os.path.dirname(os.path.abspath(output))
    temporary = None
    try:
        if os.path.isdir(output):
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        import tempfile  # only a command that writes a file needs it

        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(output)}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise BadInput(f"{output}: {option}: cannot write it: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _writable(output: str) -> None:
    """Refuse, before any work, an -o whose folder is missing or that names a folder."""
    folder = os.path.dirname(os.path.abspath(output))
    if os.path.isdir(output):
        raise BadInput(f"{output}: -o: cannot write it: it is a folder")
    if not os.path.isdir(folder):
        raise BadInput(f"{output}: -o: cannot write it: no such folder {folder}")
    if not os.access(folder, os.W_OK):
        raise BadInput(f"{output}: -o: cannot write it: the folder is not writable")


def _file_output(args: argparse.Namespace) -> str | None:
    """``-o`` of validate, worst-case, test and compare: the workbook (xlsx) or the payment
    rows (csv), checked before any work; text and JSON go to standard output."""
    output: str | None = args.output
    if args.format == "xlsx":
        if output is None:
            raise BadInput(
                "--format xlsx: a workbook is not written to the terminal; give -o FILE.xlsx"
            )
        if not output.lower().endswith(".xlsx"):
            raise BadInput(f"{output}: -o: a workbook is written as .xlsx")
    elif output is not None and args.format != "csv":
        raise BadInput(f"{output}: -o: only with --format xlsx or csv (text and json print)")
    if output is not None:
        _writable(output)
    return output


def _emit_file(args: argparse.Namespace, output: str | None, content: bytes | str) -> None:
    """Write the workbook or CSV to ``output``, or the CSV to standard output."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is not None:
        _write(output, data)
        return
    try:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
