"""The ``outsole-studio`` program: the window with no command (or ``gui``), else the command line.

Without a display the window cannot open: ``gui FILE`` then says so and writes the file's spec
sheet instead, so ``make run`` does something useful on a server too.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the application; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] != "gui":
        from .cli import main as cli_main

        return cli_main(args)
    files = args[1:]
    from .gui import has_display

    if has_display():
        from .gui import main as gui_main

        return gui_main(files)
    from .cli import main as cli_main

    if not files:
        print(
            "outsole-studio: no display to open the window on; run a command instead "
            "(outsole-studio --help)",
            file=sys.stderr,
        )
        return 2
    out = "spec-sheet"
    print(
        f"outsole-studio: no display to open the window on; writing the spec sheet of "
        f"{files[0]} into {out}/ instead",
        file=sys.stderr,
    )
    return cli_main(["spec", files[0], "--out", out])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def run() -> int:
    """The program's entry (``outsole-studio``, ``python -m outsole_studio``): :func:`main`,
    with one BLAS thread (:func:`~.runtime.one_blas_thread`), the cycle collector tuned
    (:func:`~.runtime.tune_collector`) and a quick end: what is left is freed as the
    interpreter ends without a last search for reference cycles through it all (0.2 s after a
    1.3 M-triangle sheet); every file is written and closed by then."""
    from .runtime import one_blas_thread, tune_collector

    one_blas_thread()  # before numpy is imported
    tune_collector()
    code = main()
    gc.freeze()
    return code
