"""``python -m outsole_studio`` runs the program (the window, or a command)."""

import sys

from .app import run

# Guarded: the window's worker process (spawned) imports the main module again.
if __name__ == "__main__":
    sys.exit(run())
