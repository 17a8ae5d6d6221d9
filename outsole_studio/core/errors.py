"""The one exception family whose messages are fit to show a user."""

from __future__ import annotations

from .messages import Message, message


class OutsoleError(Exception):
    """An error the user can act on.

    Made from a message id (the English template) and its values, so each face shows it in its
    own language by lookup: ``OutsoleError("no material {key} in the library", key="x")``.
    ``path`` names the file it concerns, if any. The CLI prints ``error: <path>: <message>`` on
    one line; the GUI shows it in a dialog.
    """

    def __init__(self, msgid: str | Message, path: str | None = None, **values: object) -> None:
        self.msg: Message = message(msgid, **values)
        self.path = path
        super().__init__(str(self.msg))

    @property
    def message(self) -> str:
        """The message in English, without the path."""
        return str(self.msg)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def at(self, path: str) -> OutsoleError:
        """The same error about ``path`` (a new one of the same kind; a path it has is kept).

        Raise it ``from`` this one, so ``--debug`` still shows where it arose.
        """
        return type(self)(self.msg, self.path or path)


class MeshFormatError(OutsoleError):
    """The file is not a readable mesh of its claimed format (bad header, truncated, garbage)."""


class UnsupportedFormatError(OutsoleError):
    """The file extension names no format Outsole Studio reads."""


class GeometryError(OutsoleError):
    """The mesh was read but cannot be an outsole (no triangles, flat, non-finite coordinates)."""
