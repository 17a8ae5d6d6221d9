"""The one exception family whose messages are fit to show a user."""

from __future__ import annotations


class OutsoleError(Exception):
    """An error the user can act on.

    The message says what is wrong and what to do; ``path`` names the file it concerns, if any.
    The CLI prints ``error: <path>: <message>`` on one line; the GUI shows it in a dialog.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def with_path(self, path: str) -> OutsoleError:
        """Return the same error attached to ``path`` (keeps an existing path)."""
        if self.path is None:
            self.path = path
        return self


class MeshFormatError(OutsoleError):
    """The file is not a readable mesh of its claimed format (bad header, truncated, garbage)."""


class UnsupportedFormatError(OutsoleError):
    """The file extension names no format Outsole Studio reads."""


class GeometryError(OutsoleError):
    """The mesh was read but cannot be an outsole (no triangles, flat, non-finite coordinates)."""
