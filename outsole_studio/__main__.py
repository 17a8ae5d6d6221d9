"""``python -m outsole_studio`` runs the program (the window, or a command)."""

import sys

from .app import main

sys.exit(main())
