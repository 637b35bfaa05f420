"""Spans: the span handles, the open span (a ``ContextVar``), the connection this process's events
go to, and the hot path itself — ``flow.step`` and ``flow.span`` are defined here (_flow.py puts them
on the ``flow`` object) so that they read the on/off switch ``_ON`` as a plain global."""

from __future__ import annotations

import contextvars
import os
import random
import sys
import time
import types
from typing import Any, Callable, Dict, Optional, Tuple, Type, TypeVar, cast

from ._errors import Failed, _Cancelled, _Paused, _safe_repr
from ._wire import _LOG_LIMIT, _SOCK_ENV, _TAG_LIMIT, _cap, _quote, _quote_capped, _tags_json, _Transport

_PARENT_ENV = "HERO_FLOW_PARENT_SPAN"
_F = TypeVar("_F", bound=Callable[..., Any])


def _went_dead(transport: _Transport) -> None:
    global _ON
    if transport is _T:
        _ON = False


#: The connection this process's events go to (a forked child opens its own).
_T = _Transport(os.environ.get(_SOCK_ENV) or None, _went_dead)
#: True while spans are recorded (socket configured and not dead). Read on every helper call, so it
#: is a plain global of the module that holds the hot path: other modules read ``_spans._ON``.
_ON = not _T.dead


def _after_fork_in_child() -> None:
    # The child must not write into the parent's connection (lines would interleave) nor inherit a
    # lock some other thread of the parent held: it opens its own connection on its next event.
    global _T, _ON
    old = _T
    _T = _Transport(old.path, _went_dead)
    _ON = not _T.dead
    if old.sock is not None:
        try:
            old.sock.close()  # the child's copy of the descriptor only
        except OSError:
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _configure(sock_path: Optional[str]) -> None:
    """Point the SDK at another socket (``None``: standalone). For tests."""
    global _T, _ON
    old = _T
    _T = _Transport(sock_path or None, _went_dead)
    _ON = not _T.dead
    old.close()


_getframe = sys._getframe
_time = time.time
_time_ns = time.time_ns
_getrandbits = random.getrandbits

#: id(code) -> (code, {instruction offset: line}). A frame's ``f_lineno`` scans the code's line
#: table from its start on every read (a call deep in a long function pays thousands of
#: instructions); the offset is read directly. The code object is held, so its id is never reused.
_LINES: Dict[int, Tuple[types.CodeType, Dict[int, int]]] = {}


def _line_of(f: types.FrameType) -> int:
    """The line a frame is at."""
    code = f.f_code
    known = _LINES.get(id(code))
    if known is None:
        known = (code, {})
        if len(_LINES) < 4096:  # past that (code made at run time, without end): not cached
            _LINES[id(code)] = known
    lines = known[1]
    offset = f.f_lasti
    line = lines.get(offset)
    if line is None:
        line = f.f_lineno
        if line is not None and len(lines) < 4096:
            lines[offset] = line
    return line or 0

_NAMES: Dict[str, str] = {}  # span name -> JSON string
_FILES: Dict[str, str] = {}  # co_filename -> JSON string of the absolute path


def _name_q(name: object) -> str:
    if type(name) is not str:
        name = str(name)
    q = _NAMES.get(cast(str, name))
    if q is None:
        q = _quote_capped(cast(str, name), 1024)
        if len(_NAMES) < 4096:
            _NAMES[cast(str, name)] = q
    return q


def _abs_file(filename: str) -> str:
    if filename.startswith("<") and filename.endswith(">"):
        return filename  # <stdin>, <string>, <frozen …>
    try:
        return os.path.abspath(filename)
    except (OSError, ValueError):
        return filename


def _file_q(filename: str) -> str:
    q = _FILES.get(filename)
    if q is None:
        q = _FILES[filename] = _quote(_abs_file(filename))
    return q


class Span:
    """A span handle: ``flow.step(...)``, ``flow.span(...)`` and ``flow.current_span`` return one.

    Use it as a context manager (``with`` or ``async with``); ``.tag(**kv)`` merges tags into the
    span, ``.log(text)`` adds a timestamped log line, ``.id`` is its 16-hex id. Outside a traced
    play this is the null span: ``id`` is ``None`` and every method does nothing.
    """

    __slots__ = ("id",)
    id: Optional[str]

    def __init__(self) -> None:
        self.id = None

    def tag(self, /, **tags: Any) -> None:
        """Merge ``tags`` into the span's tags."""

    def log(self, text: object) -> None:
        """Add a timestamped log line to the span."""

    def __enter__(self) -> Span:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[types.TracebackType],
    ) -> None:
        return None

    async def __aenter__(self) -> Span:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[types.TracebackType],
    ) -> None:
        self.__exit__(exc_type, exc, tb)

    def __bool__(self) -> bool:
        return self.id is not None

    def __repr__(self) -> str:
        return "<null span>" if self.id is None else "<span %s>" % self.id


_NULL_SPAN = Span()


class StepSpan(Span):
    """What ``flow.step(name)`` returns: a span (``with flow.step("name"):``) that is also a
    decorator (``@flow.step("name")`` on a function, sync or async: a step function, whose return
    value or exception a durable play records). Outside a traced play the decorator returns the
    function itself."""

    __slots__ = ()

    def __call__(self, fn: _F) -> _F:
        return fn


_NULL_STEP = StepSpan()

_START_LINE = '{"type":"span_start","span_id":"%s","parent_id":%s,"name":%s,"t_ms":%s.%s,"kind":"%s"%s,"source_file":%s,"source_line":%d}\n'

_current: contextvars.ContextVar[Optional[_LiveSpan]] = contextvars.ContextVar("hero_flow_span", default=None)
_current_get = _current.get
_current_set = _current.set
_current_reset = _current.reset


def _classify(
    exc_type: Type[BaseException], exc: Optional[BaseException], tb: Optional[types.TracebackType]
) -> Tuple[str, Optional[str]]:
    """(status, error) of a span left by an exception."""
    if issubclass(exc_type, Failed):
        return "failed", _cap(getattr(exc, "reason", "") or "")
    if issubclass(exc_type, Exception):
        return "failed", _format_tb(exc_type, exc, tb)
    if issubclass(exc_type, _Paused):  # the play parks: its spans end, nothing failed
        return "ok", None
    if issubclass(exc_type, (KeyboardInterrupt, _Cancelled, GeneratorExit)):
        return "cancelled", None
    aio = sys.modules.get("asyncio")
    if aio is not None and issubclass(exc_type, aio.CancelledError):
        return "cancelled", None
    if issubclass(exc_type, SystemExit):
        code = getattr(exc, "code", None)
        if code is None or code == 0:
            return "ok", None
        return "failed", "sys.exit(%s) was called" % _safe_repr(code)
    return "failed", _format_tb(exc_type, exc, tb)


def _format_tb(
    exc_type: Type[BaseException], exc: Optional[BaseException], tb: Optional[types.TracebackType]
) -> str:
    try:
        import traceback

        text = "".join(traceback.format_exception(exc_type, exc, tb)).rstrip("\n")
    except Exception:
        text = "%s: %s" % (exc_type.__name__, _safe_repr(exc))
    return _cap(text)


class _LiveSpan(Span):
    __slots__ = ("name", "kind", "parent", "parent_id", "file", "line", "tags_part", "token")

    def __init__(self, name: str, kind: str, tags_part: str, filename: str, line: int) -> None:
        self.id = None
        self.name = name
        self.kind = kind
        self.parent: Optional[_LiveSpan] = None
        self.parent_id: Optional[str] = None
        self.file = filename
        self.line = line
        self.tags_part = tags_part
        self.token: Optional[contextvars.Token[Optional[_LiveSpan]]] = None

    def __enter__(self) -> Span:
        if self.id is not None:
            raise RuntimeError("a span can be entered only once")
        parent = self.parent = _current_get()
        if parent is None:
            self.parent_id = None
            return self._begin("null")
        pid = self.parent_id = parent.id
        return self._begin('"%s"' % pid)

    def _begin(self, parent_q: str) -> Span:
        sid = "%016x" % (_getrandbits(64) or 1)
        self.id = sid
        self.token = _current_set(self)
        name = self.name
        ts = str(_time_ns() // 1000)
        _T.send(
            (
                _START_LINE
                % (
                    sid,
                    parent_q,
                    _NAMES.get(name) or _name_q(name),
                    ts[:-3],
                    ts[-3:],
                    self.kind,
                    self.tags_part,
                    _FILES.get(self.file) or _file_q(self.file),
                    self.line,
                )
            ).encode()
        )
        return self

    def _detach(self) -> None:
        token = self.token
        if token is not None:
            self.token = None
            try:
                _current.reset(token)
            except (ValueError, RuntimeError):  # left in another context (async generator, …)
                _current.set(self.parent)

    def _end(self, status: str, error: Optional[str] = None, tags_part: str = "") -> None:
        self._detach()
        if error is None:
            _T.send(
                (
                    '{"type":"span_end","span_id":"%s","t_ms":%r,"status":"%s"%s}\n'
                    % (self.id, _time() * 1000.0, status, tags_part)
                ).encode()
            )
        else:
            _T.send(
                (
                    '{"type":"span_end","span_id":"%s","t_ms":%r,"status":"%s","error":%s%s}\n'
                    % (self.id, _time() * 1000.0, status, _quote(error), tags_part)
                ).encode()
            )

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[types.TracebackType],
    ) -> None:
        if exc_type is None:
            token = self.token  # _detach inlined
            if token is not None:
                self.token = None
                try:
                    _current_reset(token)
                except (ValueError, RuntimeError):  # left in another context (async generator, …)
                    _current_set(self.parent)
            ts = str(_time_ns() // 1000)
            _T.send(('{"type":"span_end","span_id":"%s","t_ms":%s.%s,"status":"ok"}\n' % (self.id, ts[:-3], ts[-3:])).encode())
        else:
            status, error = _classify(exc_type, exc, tb)
            self._end(status, error)
        return None

    def tag(self, /, **tags: Any) -> None:
        if not tags:
            return
        part = _tags_json(tags, _TAG_LIMIT)
        if self.id is None:  # not started yet: goes into span_start
            self.tags_part = ',"tags":' + part if not self.tags_part else self.tags_part[:-1] + "," + part[1:]
            return
        _T.send(('{"type":"span_tag","span_id":"%s","tags":%s}\n' % (self.id, part)).encode())

    def log(self, text: object) -> None:
        if self.id is None:
            return
        if not isinstance(text, str):
            text = _safe_repr(text) if not isinstance(text, (int, float)) else str(text)
        _T.send(
            (
                '{"type":"span_log","span_id":"%s","t_ms":%r,"message":%s}\n'
                % (self.id, _time() * 1000.0, _quote_capped(_cap(cast(str, text), _LOG_LIMIT), _LOG_LIMIT + 512))
            ).encode()
        )


class _LiveStep(_LiveSpan, StepSpan):
    """A live ``flow.step``: entered, a span; called on a function, a step function."""

    __slots__ = ()

    def __call__(self, fn: _F) -> _F:
        from ._durable_step import step_function  # loaded by the first decorated function

        return cast(_F, step_function(self.name, self.tags_part, fn))


def _span_done(name: str, kind: str, tags_part: str, filename: str, line: int, status: str, error: Optional[str], end_part: str) -> str:
    """A span that starts and ends at once (a replayed effect), under the open span: both events
    queued together for the next write (_Transport.defer). Its id."""
    parent = _current.get()
    sid = "%016x" % (_getrandbits(64) or 1)
    ts = str(_time_ns() // 1000)
    t_ms = ts[:-3] + "." + ts[-3:]
    parent_q = "null" if parent is None else '"%s"' % parent.id
    name_q = _NAMES.get(name) or _name_q(name)
    file_q = _FILES.get(filename) or _file_q(filename)
    error_part = "" if error is None else ',"error":' + _quote(error)
    # One f-string for both events (cheaper than %-formatting a long template); its record is in
    # the history already, so no write of its own.
    _T.defer(
        f'{{"type":"span_start","span_id":"{sid}","parent_id":{parent_q},"name":{name_q},"t_ms":{t_ms},"kind":"{kind}"{tags_part},"source_file":{file_q},"source_line":{line:d}}}\n'
        f'{{"type":"span_end","span_id":"{sid}","t_ms":{t_ms},"status":"{status}"{error_part}{end_part}}}\n'.encode()
    )
    return sid


class _RootSpan(_LiveSpan):
    """The play's root span: its parent comes from ``HERO_FLOW_PARENT_SPAN``, not from the context."""

    __slots__ = ()

    def __enter__(self) -> Span:
        if self.id is not None:
            raise RuntimeError("a span can be entered only once")
        self.parent = None
        pid = self.parent_id = os.environ.get(_PARENT_ENV) or None
        return self._begin("null" if pid is None else _quote(pid))


#: The durable attempt (_durable.Attempt) when the bootstrap was asked for one, else None; with it,
#: the class of a ``flow.step`` span (a scope of the effects' keys, _durable_keys.ScopedSpan).
_DUR: Any = None
_DUR_STEP: Any = None


def step(self: object, name: str, /, **tags: Any) -> StepSpan:
    """``with flow.step("name", key=value):`` — a child span of kind ``step``;
    ``@flow.step("name")`` on a function — a step function (see ``StepSpan``)."""
    if _DUR is None:
        if not _ON:
            return _NULL_STEP
        # _open_span inlined, with _line_of's cache hit (the hot path of every traced step).
        f = _getframe(1)
        code = f.f_code
        known = _LINES.get(id(code))
        line = known[1].get(f.f_lasti) if known is not None else None
        return _LiveStep(
            name if type(name) is str else str(name),
            "step",
            ',"tags":' + _tags_json(tags, _TAG_LIMIT) if tags else "",
            code.co_filename,
            line or _line_of(f),
        )
    return _open_span(name, "step", tags, _DUR_STEP)  # keys need the steps even when the socket is gone


def span(self: object, name: str, /, **tags: Any) -> Span:
    """``with flow.span("name"):`` — a child span of kind ``other`` (no step framing)."""
    return _open_span(name, "other", tags) if _ON else _NULL_SPAN


def _open_span(name: Any, kind: str, tags: Dict[str, Any], cls: Any = _LiveSpan) -> Any:
    """A span for ``flow.step``/``flow.span``, located at the line that called them."""
    f = _getframe(2)
    if type(name) is not str:
        name = str(name)
    tags_json = ',"tags":' + _tags_json(tags, _TAG_LIMIT) if tags else ""
    return cls(name, kind, tags_json, f.f_code.co_filename, _line_of(f))
