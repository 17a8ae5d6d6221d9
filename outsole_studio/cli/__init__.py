"""The command line face: ``outsole-studio analyze|grade|cost|check|...``.

Errors are handled in one place, :func:`main`: one the user can act on is printed as one line,
``error: <file>: <what to do>``, with exit code 2 (1 is kept for a quality check that fails); any
other is an internal error, said as such. ``--debug`` (before or after the command) adds the
traceback with the original cause.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from typing import Any, TextIO

from .. import __version__
from ..core.errors import OutsoleError
from ..core.i18n import LANGUAGES
from ..runtime import tune_memory
from .commands import MODULES, given, summary
from .common import EXIT_ERROR, EXIT_OK, language_of, report_error, tr, use_language


def _module(command: str) -> Any:
    """The module that holds ``command`` (imported now)."""
    return importlib.import_module(f".{MODULES[command]}", __package__)


def _build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: in full for ``command``, the other commands listed by their line alone."""
    parser = argparse.ArgumentParser(
        prog="outsole-studio",
        description=tr(
            "Outsole design specification: measure outsole models in a canonical frame, "
            "grade them over a size run and cost an order in Rupiah."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help=tr("show tracebacks of errors"))
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=tr("language of messages and reports (default: $OUTSOLE_STUDIO_LANG, else en)"),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    full = None if command is None else MODULES[command]
    for name, module in MODULES.items():
        if module != full:
            line = summary(name)
            sub.add_parser(name, help=line, description=line)
        elif name not in sub.choices:  # the module adds all its commands at once, in order
            _module(name).add_parsers(sub)
    _also_after_the_command(sub, "--debug")
    return parser


def _also_after_the_command(sub: Any, flag: str) -> None:
    """Accept a top-level flag after the command too (``analyze --debug FILE``)."""
    for command in sub.choices.values():
        actions = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        if actions:
            _also_after_the_command(actions[0], flag)
        else:
            # SUPPRESS: not given after the command, the top-level value stands.
            command.add_argument(flag, action="store_true", default=argparse.SUPPRESS,
                                 help=argparse.SUPPRESS)  # fmt: skip


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    use_language(language_of(argv))
    args = _build_parser(given(argv)).parse_args(argv)
    tune_memory(one_arena=args.command == "analyze")  # analyze's peak memory is a target
    if args.command not in MODULES:  # pragma: no cover - argparse rejects unknown commands
        return EXIT_ERROR
    module = _module(args.command)
    # One line per error, nothing beside it: numpy's and the libraries' warnings are shown only
    # with --debug, on the command's error stream, before the error.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always" if args.debug else "ignore")

        def flush() -> None:
            for w in caught:
                err.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno))
            caught.clear()

        try:
            code = int(module.run(args, out, err))
            flush()
            return code
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as command-line tools do.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        except (OutsoleError, MemoryError) as exc:
            flush()
            report_error(_subject(args), exc, args.debug, err)
            return EXIT_ERROR
        except Exception as exc:  # noqa: BLE001 - said as an internal error, never as a verdict
            flush()
            report_error(_subject(args), exc, args.debug, err)
            return EXIT_ERROR


def _subject(args: argparse.Namespace) -> str | None:
    """The file a command works on, named in its errors when the error names none."""
    return getattr(args, "input", None) or getattr(args, "file", None)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
