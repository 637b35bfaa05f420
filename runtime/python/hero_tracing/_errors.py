"""The SDK's exceptions, the one repr that never raises, and the one line that says why a file failed
to import (for a play's file and for a file ``flow.invoke`` imports)."""

from __future__ import annotations

import os
import types
from typing import Optional, Tuple


class Failed(Exception):
    """Raise ``flow.Failed("reason")`` to fail the span (and the play) with a clean reason and no
    traceback."""

    reason: str

    def __init__(self, reason: object = "") -> None:
        super().__init__(reason)
        self.reason = reason if isinstance(reason, str) else str(reason)

    def __str__(self) -> str:
        return self.reason


class _Cancelled(BaseException):
    """Raised by the bootstrap where the flow is when the play is cancelled (SIGTERM)."""

    def __init__(self, reason: str = "cancelled") -> None:
        super().__init__(reason)
        self.reason = reason


class _Paused(BaseException):
    """Raised by ``flow.pause`` when the play parks: the flow's spans end and the bootstrap exits 75."""


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except BaseException as exc:  # a broken __repr__ must never break the flow
        if isinstance(exc, (KeyboardInterrupt, _Cancelled)):
            raise
        return "<%s object (repr failed)>" % type(value).__name__


def _frame_in(tb: Optional[types.TracebackType], filename: str) -> Optional[Tuple[str, int]]:
    """The deepest frame of ``tb`` in ``filename``, else the deepest frame overall."""
    import traceback

    frames = traceback.extract_tb(tb) if tb is not None else []
    for fs in reversed(frames):
        if os.path.abspath(fs.filename) == filename:
            return fs.filename, fs.lineno or 0
    for fs in reversed(frames):
        if not fs.filename.startswith("<"):
            return fs.filename, fs.lineno or 0
    return None


def _load_error(exc: BaseException, path: str) -> str:
    """One line saying why importing the file at ``path`` failed, located in that file."""
    import traceback

    if isinstance(exc, SyntaxError):
        where = exc.filename or path
        return "%s:%s:%s: %s: %s" % (where, exc.lineno or 0, exc.offset or 0, type(exc).__name__, exc.msg)
    if isinstance(exc, SystemExit):
        return "%s called sys.exit(%s) while loading" % (path, _safe_repr(exc.code))
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    loc = _frame_in(exc.__traceback__, path)
    return "%s:%d: %s" % (loc[0], loc[1], last) if loc else "%s: %s" % (path, last)
