"""Hero Flows tracing SDK: ``@flow``, ``flow.step``, ``flow.span``, ``flow.current_span``,
``flow.Failed``, ``flow.invoke`` and ``instrument(client)``.

One module, Python >= 3.9, standard library only. The Hero Flows runtime puts it on ``PYTHONPATH``
for every play; flow files import it with ``from hero_tracing import flow, instrument``.

Standalone
    When ``HERO_FLOW_SPAN_SOCK`` is unset every tracing helper is a silent no-op: no socket,
    nothing on stdout or stderr. ``python my_flow.py`` works without any runtime, and a ``@flow``
    function called directly just runs. ``flow.invoke`` still runs the flow it names (it is
    behaviour, not tracing); ``spawn=True`` then runs it in-process.

Wire protocol (what the runtime parses)
    The runtime binds an ``AF_UNIX`` ``SOCK_STREAM`` socket and passes its path in
    ``HERO_FLOW_SPAN_SOCK``. The SDK connects on its first event (a forked child opens its own
    connection) and writes JSON Lines: one JSON object per line, UTF-8, ``\\n``-terminated, one
    ``sendall`` per event under a lock, so lines of different threads never interleave. Times are
    milliseconds since the epoch (floats). Span ids are 16 lowercase hex characters::

        {"type":"span_start","span_id":"…","parent_id":"…"|null,"name":"…","t_ms":…,
         "kind":"flow_root"|"step"|"rpc"|"subflow"|"other","tags":{…}?,"source_file":"/abs/f.py","source_line":12}
        {"type":"span_tag","span_id":"…","tags":{…}}
        {"type":"span_log","span_id":"…","t_ms":…,"message":"…"}
        {"type":"span_end","span_id":"…","t_ms":…,"status":"ok"|"failed"|"cancelled",
         "error":"…"?,"tags":{…}?}

    The bootstrap (``hero_bootstrap.py``) adds its own events on the same connection:
    ``play_flow`` {name, source_file, source_line, inputs, t_ms}, ``play_output`` {output, t_ms} and
    ``play_rejected`` {reason, t_ms}.

    Child plays (``flow.invoke(..., spawn=True)``, only when the runtime sets
    ``HERO_FLOW_CHILD_PLAYS=1``): a NEW connection to the same socket carries one request, and the
    runtime answers on that connection::

        → {"type":"invoke_request","span_id":"<subflow span>","file":"/abs/f.py","flow":"…","inputs":{…},"t_ms":…}
        ← {"type":"invoke_started","play_id":"…"}
        ← {"type":"invoke_finished","play_id":"…","status":"ok"|"failed"|"cancelled"|"timed_out"|…,
           "output":…,"error":"…"|null}

    Closing that connection before ``invoke_finished`` cancels the child play.

    If the socket cannot be reached, or the runtime closes it, the SDK marks itself dead and drops
    every further event; it never raises into the flow and never prints.

Status of a span
    ``flow.Failed(reason)`` → ``failed`` with ``error`` = the reason; any other ``Exception`` →
    ``failed`` with ``error`` = the formatted traceback (capped at 64 KiB, head and tail kept);
    ``KeyboardInterrupt``, ``asyncio.CancelledError`` and the bootstrap's cancellation → ``cancelled``.
    Exceptions always propagate out of the ``with`` block.

Context
    The open span lives in a ``contextvars.ContextVar``: ``asyncio.create_task`` / ``gather``
    children attach to the span open where they were created; a new thread starts without a parent
    unless the context was copied into it (``contextvars.copy_context().run``).
"""

from __future__ import annotations

import contextvars
import json
import math
import os
import random
import re
import socket
import sys
import threading
import time
import types
from collections.abc import MutableMapping
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, Type, TypeVar, Union, cast

__all__ = ["flow", "instrument", "Failed", "Span", "FlowInfo", "FieldSpec"]

_SOCK_ENV = "HERO_FLOW_SPAN_SOCK"
_PARENT_ENV = "HERO_FLOW_PARENT_SPAN"
_TRACE_ENV = "HERO_FLOW_TRACE_ID"

PARENT_SPAN_HEADER = "X-Hero-Parent-Span"
TRACEPARENT_HEADER = "traceparent"

_ERROR_LIMIT = 64 * 1024  # error strings (tracebacks, reasons)
_LOG_LIMIT = 64 * 1024  # one log message
_TAG_LIMIT = 64 * 1024  # one tag value given by the flow author
_RPC_TAG_LIMIT = 4 * 1024  # one tag value taken from an RPC call's arguments or result
_OUTPUT_LIMIT = 1024 * 1024 - 4096  # the play's output, serialised (leaves room for the envelope)

_F = TypeVar("_F", bound=Callable[..., Any])
_C = TypeVar("_C")

#: A field spec of ``inputs`` / ``outputs``: a bare builtin type, its name, ``"any"``, or a dict
#: with ``type`` (required), ``default``, ``description`` and ``required``.
FieldSpec = Union[type, str, Mapping[str, Any]]


# --------------------------------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# JSON helpers
# --------------------------------------------------------------------------------------------------

_quote: Callable[[str], str] = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except BaseException as exc:  # a broken __repr__ must never break the flow
        if isinstance(exc, (KeyboardInterrupt, _Cancelled)):
            raise
        return "<%s object (repr failed)>" % type(value).__name__


# Tags and events: unknown objects inside a value become their repr, NaN/Infinity are refused
# (they are not JSON), and the output is ASCII so it always encodes.
_ENC_TAG = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=_safe_repr)
# The play's output: JSON only when the whole value is JSON.
_ENC_STRICT = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def _cap(text: str, limit: int = _ERROR_LIMIT) -> str:
    """Cap a long string, keeping its head and its tail."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return "%s\n… [%d characters cut] …\n%s" % (text[:half], len(text) - 2 * half, text[-half:])


def _quote_capped(text: str, limit: int) -> str:
    """``text`` as a JSON string of at most about ``limit`` characters (head kept)."""
    q = _quote(text)
    if len(q) <= limit:
        return q
    note = " … [truncated, %d chars]" % len(text)
    room = max(0, limit - len(_quote(note)))
    keep = room
    while True:
        q = _quote(text[:keep] + note)
        if len(q) <= limit or keep == 0:
            return q
        # escaping made it longer (non-ASCII, quotes): shrink in proportion
        keep = min(keep - 1, keep * room // max(1, len(q) - len(_quote(note)) + 2))


def _value_json(value: object, limit: int) -> str:
    """One tag value as JSON text of at most ``limit`` characters; past that (or when the value
    is not JSON at all) a string holding its (truncated) JSON or repr."""
    t = type(value)
    if t is str:
        return _quote_capped(cast(str, value), limit)
    if value is None or t is bool or t is int:
        return _ENC_TAG.encode(value)
    try:
        s = _ENC_TAG.encode(value)
    except (ValueError, TypeError, RecursionError, OverflowError):
        return _quote_capped(_safe_repr(value), limit)
    if len(s) <= limit:
        return s
    return _quote_capped(s, limit)


def _tags_json(tags: Mapping[str, object], limit: int) -> str:
    return "{%s}" % ",".join(
        "%s:%s" % (_quote(k if isinstance(k, str) else str(k)), _value_json(v, limit)) for k, v in tags.items()
    )


def _json_line(event: Mapping[str, object]) -> bytes:
    return (_ENC_TAG.encode(event) + "\n").encode()


# --------------------------------------------------------------------------------------------------
# Transport
# --------------------------------------------------------------------------------------------------


class _Transport:
    """One lazily opened connection to the runtime's span socket. Thread-safe; dies silently."""

    __slots__ = ("path", "sock", "dead", "lock", "broken_line")

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.sock: Optional[socket.socket] = None
        self.dead = not path
        self.lock = threading.Lock()
        self.broken_line = False

    def send(self, data: bytes) -> bool:
        if self.dead:
            return False
        with self.lock:
            sock = self.sock
            if sock is None:
                if self.dead:
                    return False
                sock = self._connect()
                if sock is None:
                    return False
            if self.broken_line:
                # A signal interrupted the previous write mid-line: end that line so this one
                # parses (the runtime skips and counts the broken one).
                data = b"\n" + data
                self.broken_line = False
            try:
                sock.sendall(data)
            except OSError:
                self._die()
                return False
            except BaseException:
                self.broken_line = True
                raise
        return True

    def _connect(self) -> Optional[socket.socket]:
        sock = None
        try:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(cast(str, self.path))
        except (OSError, ValueError, TypeError):
            if sock is not None:
                try:
                    sock.close()
                except OSError:
                    pass
            self._die()
            return None
        self.sock = sock
        return sock

    def _die(self) -> None:
        global _ON
        self.dead = True
        if self is _T:
            _ON = False
        sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def close(self) -> None:
        global _ON
        with self.lock:
            sock, self.sock = self.sock, None
            self.dead = True
            if self is _T:
                _ON = False
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass


_T = _Transport(os.environ.get(_SOCK_ENV) or None)
#: True while spans are recorded (socket configured and not dead). Read on every helper call.
_ON = not _T.dead


def _after_fork_in_child() -> None:
    # The child must not write into the parent's connection (lines would interleave) nor inherit a
    # lock some other thread of the parent held: it opens its own connection on its next event.
    global _T, _ON
    old = _T
    _T = _Transport(old.path)
    _ON = not _T.dead
    if old.sock is not None:
        try:
            old.sock.close()  # the child's copy of the descriptor only
        except OSError:
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _configure(sock_path: Optional[str]) -> None:
    """Point the SDK at another socket (``None``: standalone). For tests and the bootstrap."""
    global _T, _ON
    old = _T
    _T = _Transport(sock_path or None)
    _ON = not _T.dead
    old.close()


# --------------------------------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------------------------------

_getframe = sys._getframe
_time = time.time
_time_ns = time.time_ns
_getrandbits = random.getrandbits

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

_current: contextvars.ContextVar[Optional[_LiveSpan]] = contextvars.ContextVar("hero_flow_span", default=None)


def _classify(
    exc_type: Type[BaseException], exc: Optional[BaseException], tb: Optional[types.TracebackType]
) -> Tuple[str, Optional[str]]:
    """(status, error) of a span left by an exception."""
    if issubclass(exc_type, Failed):
        return "failed", _cap(getattr(exc, "reason", "") or "")
    if issubclass(exc_type, Exception):
        return "failed", _format_tb(exc_type, exc, tb)
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
        parent = _current.get()
        self.parent = parent
        if parent is None:
            self.parent_id = None
            return self._begin("null")
        pid = self.parent_id = parent.id
        return self._begin('"%s"' % pid)

    def _begin(self, parent_q: str) -> Span:
        sid = "%016x" % (_getrandbits(64) or 1)
        self.id = sid
        self.token = _current.set(self)
        name = self.name
        ts = str(_time_ns() // 1000)
        _T.send(
            (
                '{"type":"span_start","span_id":"%s","parent_id":%s,"name":%s,"t_ms":%s.%s,"kind":"%s"%s,'
                '"source_file":%s,"source_line":%d}\n'
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
            self._detach()
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


class _RootSpan(_LiveSpan):
    """The play's root span: its parent comes from ``HERO_FLOW_PARENT_SPAN``, not from the context."""

    __slots__ = ()

    def __enter__(self) -> Span:
        if self.id is not None:
            raise RuntimeError("a span can be entered only once")
        self.parent = None
        pid = self.parent_id = os.environ.get(_PARENT_ENV) or None
        return self._begin("null" if pid is None else _quote(pid))


# --------------------------------------------------------------------------------------------------
# @flow metadata
# --------------------------------------------------------------------------------------------------

_TYPE_NAMES: Dict[type, str] = {str: "str", int: "int", float: "float", bool: "bool", list: "list", dict: "dict"}
_TYPE_STRINGS = ("str", "int", "float", "bool", "list", "dict", "any")
_SPEC_KEYS = ("type", "default", "description", "required")


class FlowInfo:
    """What ``@flow`` stamps on the function as ``__hero_flow__``."""

    __slots__ = ("name", "inputs", "outputs", "description", "source_file", "source_line", "function")

    def __init__(
        self,
        name: str,
        inputs: Optional[Dict[str, Dict[str, Any]]],
        outputs: Optional[Dict[str, Dict[str, Any]]],
        description: str,
        source_file: str,
        source_line: int,
        function: Callable[..., Any],
    ) -> None:
        self.name = name
        #: field -> {"type", "default"?, "description"?, "required"}; ``None`` when not declared
        self.inputs = inputs
        self.outputs = outputs
        self.description = description
        self.source_file = source_file
        self.source_line = source_line
        self.function = function

    def to_dict(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "description": self.description,
            "source_file": self.source_file,
            "source_line": self.source_line,
        }

    def __getitem__(self, key: str) -> Any:  # dict-style access, for convenience
        if key in FlowInfo.__slots__:
            return getattr(self, key)
        raise KeyError(key)

    def __repr__(self) -> str:
        return "FlowInfo(%r, %s:%d)" % (self.name, self.source_file, self.source_line)


#: flow name -> decorated function (a later name wins). ``flow.invoke`` resolves names here.
_REGISTRY: Dict[str, Callable[..., Any]] = {}
#: every decorated function, in decoration order
_ALL_FLOWS: List[Callable[..., Any]] = []


def _type_name(flow_name: str, which: str, field: str, spec: object) -> str:
    if isinstance(spec, type) and spec in _TYPE_NAMES:
        return _TYPE_NAMES[spec]
    if isinstance(spec, str) and spec in _TYPE_STRINGS:
        return spec
    if spec is Any:
        return "any"
    shown = spec.__name__ if isinstance(spec, type) else spec
    raise TypeError(
        "@flow(%r): %s %r has unknown type %r (expected one of: %s)"
        % (flow_name, which, field, shown, ", ".join(_TYPE_STRINGS))
    )


def _norm_field(flow_name: str, which: str, field: str, spec: object) -> Dict[str, Any]:
    if isinstance(spec, Mapping):
        spec = cast(Mapping[str, Any], spec)
        unknown = [k for k in spec if k not in _SPEC_KEYS]
        if unknown:
            raise TypeError(
                "@flow(%r): %s %r has unknown key %r (allowed: %s)"
                % (flow_name, which, field, unknown[0], ", ".join(_SPEC_KEYS))
            )
        if "type" not in spec:
            raise TypeError("@flow(%r): %s %r needs a 'type'" % (flow_name, which, field))
        out: Dict[str, Any] = {"type": _type_name(flow_name, which, field, spec["type"])}
        if "default" in spec:
            out["default"] = spec["default"]
        if "description" in spec:
            if not isinstance(spec["description"], str):
                raise TypeError("@flow(%r): %s %r: 'description' must be a string" % (flow_name, which, field))
            out["description"] = spec["description"]
        required = spec.get("required", "default" not in spec)
        if not isinstance(required, bool):
            raise TypeError("@flow(%r): %s %r: 'required' must be True or False" % (flow_name, which, field))
        out["required"] = required
        return out
    return {"type": _type_name(flow_name, which, field, spec), "required": True}


def _norm_fields(flow_name: str, which: str, specs: object) -> Optional[Dict[str, Dict[str, Any]]]:
    if specs is None:
        return None
    if not isinstance(specs, Mapping):
        raise TypeError(
            "@flow(%r): %ss must be a dict of field name -> type, got %s" % (flow_name, which, type(specs).__name__)
        )
    out: Dict[str, Dict[str, Any]] = {}
    for field, spec in cast(Mapping[object, object], specs).items():
        if not isinstance(field, str) or not field:
            raise TypeError("@flow(%r): %s names must be non-empty strings, got %r" % (flow_name, which, field))
        out[field] = _norm_field(flow_name, which, field, spec)
    return out


# --------------------------------------------------------------------------------------------------
# Flow inputs: one implementation for a play (hero_bootstrap.py) and for flow.invoke
# --------------------------------------------------------------------------------------------------


class _InputError(Exception):
    """Inputs that do not fit the flow's declared fields; the message is one clear line."""


_BOOL_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
# As common/src/inputRules.ts reads typed text (test/sdk/inputRulesParity.test.ts holds the two
# together): ASCII digits only, no "1_000", "inf" or "nan"; JSON with finite numbers only.
_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range: " + text)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError("not JSON: " + name)


def _json_text(text: str) -> Any:
    return json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)


def _describe(value: object) -> str:
    kind = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}.get(type(value))
    if value is None:
        return "null"
    try:
        shown = json.dumps(value)
    except (TypeError, ValueError):
        shown = _safe_repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return "%s (%s)" % (shown, kind or type(value).__name__)


def _shown_raw(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _convert_raw(field: str, kind: str, text: str) -> Any:
    """A ``--input k=v`` string converted by the field's declared type."""

    def bad(extra: str = "") -> _InputError:
        return _InputError("input %r expects %s, got %s%s" % (field, kind, _shown_raw(text), extra))

    if kind == "str":
        return text
    if kind == "int":
        if not _INT_TEXT.fullmatch(text.strip()):
            raise bad()
        return int(text.strip())
    if kind == "float":
        if not _FLOAT_TEXT.fullmatch(text.strip()):
            raise bad()
        value = float(text.strip())
        if not math.isfinite(value):
            raise bad()
        return value
    if kind == "bool":
        word = text.strip().lower()
        if word not in _BOOL_WORDS:
            raise bad(" (use true/false, yes/no or 1/0)")
        return _BOOL_WORDS[word]
    if kind in ("list", "dict"):
        try:
            value = _json_text(text)
        except ValueError:
            raise bad(" (not JSON)") from None
        if not isinstance(value, list if kind == "list" else dict):
            raise bad()
        return value
    # any
    try:
        return _json_text(text)
    except ValueError:
        return text


def _check_typed(field: str, kind: str, value: object) -> Any:
    """A typed value checked against the field's declared type (an int is a float, a bool is not
    an int); floats come back as ``float``."""
    ok = (
        kind == "any"
        or (kind == "str" and isinstance(value, str))
        or (kind == "int" and isinstance(value, int) and not isinstance(value, bool))
        or (kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool))
        or (kind == "bool" and isinstance(value, bool))
        or (kind == "list" and isinstance(value, list))
        or (kind == "dict" and isinstance(value, dict))
    )
    if not ok:
        raise _InputError("input %r expects %s, got %s" % (field, kind, _describe(value)))
    if kind == "float":
        if not math.isfinite(float(value)):  # type: ignore[arg-type]
            raise _InputError("input %r expects a finite float, got %s" % (field, _describe(value)))
        return float(value)  # type: ignore[arg-type]
    return value


def _resolve_inputs(info: FlowInfo, typed: Mapping[str, Any], raw: Mapping[str, Any]) -> Dict[str, Any]:
    """The inputs the flow gets: converted, checked, defaults applied (deep copies). Raw
    (``--input k=v``) values win over typed ones of the same name. Raises ``_InputError``."""
    if info.inputs is None:
        out = dict(typed)
        out.update({k: v if isinstance(v, str) else str(v) for k, v in raw.items()})
        return out
    declared = info.inputs
    for field in list(typed) + list(raw):
        if field not in declared:
            if declared:
                raise _InputError("unknown input %r; %r declares: %s" % (field, info.name, ", ".join(declared)))
            raise _InputError("unknown input %r; %r declares no inputs" % (field, info.name))
    out: Dict[str, Any] = {}
    for field, spec in declared.items():
        kind = spec["type"]
        if field in raw:
            text = raw[field]
            out[field] = _convert_raw(field, kind, text if isinstance(text, str) else json.dumps(text))
        elif field in typed:
            out[field] = _check_typed(field, kind, typed[field])
    missing = [f for f, spec in declared.items() if f not in out and spec.get("required") and "default" not in spec]
    if missing:
        shown = ", ".join("%r (%s)" % (f, declared[f]["type"]) for f in missing)
        raise _InputError("missing required input%s %s" % ("s" if len(missing) > 1 else "", shown))
    for field, spec in declared.items():
        if field not in out and "default" in spec:
            import copy

            out[field] = copy.deepcopy(spec["default"])
    return {field: out[field] for field in declared if field in out}


def _check_signature(fn: Callable[..., Any], info: FlowInfo) -> None:
    """The flow must take exactly one positional parameter, the inputs dict."""
    import inspect

    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return
    try:
        sig.bind({})
    except TypeError:
        raise _InputError(
            "flow %r (%s:%d) must take exactly one positional parameter, the inputs dict; it is %s%s"
            % (info.name, info.source_file, info.source_line, getattr(fn, "__name__", "?"), sig)
        ) from None


# --------------------------------------------------------------------------------------------------
# The `flow` object
# --------------------------------------------------------------------------------------------------


class _Flow:
    """``flow`` is both the ``@flow(...)`` decorator and the namespace of the tracing helpers."""

    __slots__ = ()

    #: ``raise flow.Failed("reason")``: the span and the play fail with a clean reason.
    Failed = Failed

    def __call__(
        self,
        name: str,
        inputs: Optional[Mapping[str, FieldSpec]] = None,
        outputs: Optional[Mapping[str, FieldSpec]] = None,
        description: str = "",
    ) -> Callable[[_F], _F]:
        """Declare a flow: ``@flow("Create workspace", inputs={"name": str}, description="…")``.

        Stamps ``__hero_flow__`` (a :class:`FlowInfo`) on the function and returns the function
        itself, so calling it directly still runs it. The function takes one positional
        parameter, the inputs dict, and may be ``async``.
        """
        if not isinstance(name, str):
            if callable(name):
                raise TypeError("@flow needs a name: write @flow('My flow'), not a bare @flow")
            raise TypeError("@flow: the name must be a string, got %s" % type(name).__name__)
        if not name.strip():
            raise TypeError("@flow: the name must not be empty")
        if not isinstance(description, str):
            raise TypeError("@flow(%r): description must be a string" % name)
        ins = _norm_fields(name, "input", inputs)
        outs = _norm_fields(name, "output", outputs)

        def decorate(fn: _F) -> _F:
            target: Any = fn
            while getattr(target, "__wrapped__", None) is not None and not hasattr(target, "__code__"):
                target = target.__wrapped__
            code = getattr(target, "__code__", None)
            if code is None:
                raise TypeError("@flow(%r) must decorate a function, got %s" % (name, type(fn).__name__))
            info = FlowInfo(name, ins, outs, description, _abs_file(code.co_filename), code.co_firstlineno, fn)
            try:
                setattr(fn, "__hero_flow__", info)
            except (AttributeError, TypeError):
                raise TypeError("@flow(%r) must decorate a function, got %s" % (name, type(fn).__name__)) from None
            _REGISTRY[name] = fn
            _ALL_FLOWS.append(fn)
            return fn

        return decorate

    def step(self, name: str, /, **tags: Any) -> Span:
        """``with flow.step("name", key=value):`` — a child span of kind ``step``."""
        return _open_span(name, "step", tags) if _ON else _NULL_SPAN

    def span(self, name: str, /, **tags: Any) -> Span:
        """``with flow.span("name"):`` — a child span of kind ``other`` (no step framing)."""
        return _open_span(name, "other", tags) if _ON else _NULL_SPAN

    def invoke(self, name: str, /, *, spawn: bool = False, **inputs: Any) -> Any:
        """Run another flow by its name: ``flow.invoke("Create workspace", name="acme")``.

        The inputs are keyword arguments, checked against the target's declared inputs exactly as
        a play's are (unknown input, missing required one, wrong type; defaults applied); ``spawn``
        is the only reserved keyword. A bad name or bad inputs raise ``flow.Failed``.

        Finding the flow: first the flows already registered in this process; otherwise the
        workspace is searched, nearest first — the play's folder, then ``HERO_FLOW_WORKSPACE``
        (the runtime sets it to the workspace folder); without a workspace, the running script's
        folder (else the current directory). Hidden folders, ``.hero``,
        ``node_modules``, ``__pycache__``, ``site-packages`` and virtualenvs are skipped, and each
        folder's walk stops after 100,000 Python files (``HERO_FLOWS_MAX_WORKSPACE_FILES``; the
        language server and ``hero-flows flows`` use the same walk and cap). Only files
        that import ``hero_tracing`` and spell the name as a string literal are imported, each
        once, under a module name of its own. An unknown name fails with the closest names; a file
        that defines the name but does not import fails with its error.

        ``spawn=False`` (the default) runs the flow here, inside a span of kind ``subflow`` named
        after it (tags ``flow``, ``spawn``, ``inputs``), so its steps nest under the call, and
        returns what it returns. Its exceptions propagate.

        ``spawn=True`` runs it as a child play: its own process and its own play in the same store,
        whose root span's parent is the subflow span (tagged ``child_play_id`` once the play
        exists). The call blocks until the child ends and returns its output (JSON, or the
        ``repr`` of a value that is not); a child that fails, is cancelled or times out raises
        ``flow.Failed("child play <id> of 'X' failed: <error>")``. The child gets what is left of
        the play's timeout, and is cancelled with the play. Inputs must then be JSON.
        Without a runtime (standalone) there are no child plays: the flow runs in-process.

        In an ``async`` flow (any code running inside an event loop) ``flow.invoke`` returns an
        awaitable: write ``await flow.invoke(...)``. There an async target runs on the loop, and a
        sync target or a child play is waited for off the loop. Called with no running loop, an
        async target runs to completion with ``asyncio.run``.
        """
        f = _getframe(1)
        if _loop_running():
            coro = _invoke_async(name, bool(spawn), inputs, f.f_code.co_filename, f.f_lineno)
            # Named after the call, so Python's "never awaited" warning says what to fix.
            coro.__qualname__ = coro.__name__ = "flow.invoke(%s)" % _safe_repr(name)
            return coro
        return _invoke_sync(name, bool(spawn), inputs, f.f_code.co_filename, f.f_lineno)

    @property
    def current_span(self) -> Span:
        """The open span, or the null span (whose methods do nothing) when there is none."""
        span = _current.get()
        return _NULL_SPAN if span is None else span

    def __repr__(self) -> str:
        return "<hero_tracing.flow>"


flow = _Flow()


def _open_span(name: Any, kind: str, tags: Dict[str, Any]) -> "_LiveSpan":
    """A span for ``flow.step``/``flow.span``, located at the line that called them."""
    f = _getframe(2)
    if type(name) is not str:
        name = str(name)
    tags_json = ',"tags":' + _tags_json(tags, _TAG_LIMIT) if tags else ""
    return _LiveSpan(name, kind, tags_json, f.f_code.co_filename, f.f_lineno)


# --------------------------------------------------------------------------------------------------
# flow.invoke: finding a flow by its name
# --------------------------------------------------------------------------------------------------

_WORKSPACE_ENV = "HERO_FLOW_WORKSPACE"
_CHILD_PLAYS_ENV = "HERO_FLOW_CHILD_PLAYS"
#: The workspace walk's rules, shared with the language server and the CLI (common/src/workspaceLimits.ts,
#: server/src/analyzer/pythonFiles.ts; test/analyzer/workspaceLimits.test.ts runs both walks on one tree):
#: folders never entered besides hidden ones and virtualenvs, and how many files a root's walk looks at.
_SKIP_DIRS = frozenset(("node_modules", "__pycache__", "site-packages"))
_VENV_NAMES = frozenset(("venv", "env"))
_MAX_FILES_ENV = "HERO_FLOWS_MAX_WORKSPACE_FILES"
_DEFAULT_MAX_FILES = 100000
_MAX_FILES_SETTING = "heroFlows.maxWorkspaceFiles"

#: The play's flow file, set by the bootstrap; standalone, ``__main__``'s file stands in for it.
_main_file: Optional[str] = None
_resolve_lock = threading.RLock()  # imports run one at a time, whatever the threads of the flow
_walked: Dict[str, Tuple[List[str], bool]] = {}  # search root -> its .py files, capped? (walked once per process)
_imported: Dict[str, Optional[str]] = {}  # candidate file -> None when imported, else why it failed


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


def _search_roots() -> List[str]:
    """Where flows are looked for, nearest first: the play's folder, then the workspace
    (``HERO_FLOW_WORKSPACE``). Without a workspace: the running script's folder, else the current
    directory."""
    roots = [os.path.dirname(_main_file)] if _main_file else []
    workspace = os.environ.get(_WORKSPACE_ENV) or ""
    if workspace and os.path.isdir(workspace):
        if os.path.abspath(workspace) not in roots:
            roots.append(os.path.abspath(workspace))
        return roots
    if not roots:
        main = getattr(sys.modules.get("__main__"), "__file__", None)
        roots = [os.path.dirname(os.path.abspath(main)) if isinstance(main, str) and main else os.getcwd()]
    return roots


def _skipped_dir(parent: str, name: str) -> bool:
    path = os.path.join(parent, name)
    if name.startswith(".") or name in _SKIP_DIRS or os.path.exists(os.path.join(path, "pyvenv.cfg")):
        return True
    return name in _VENV_NAMES and (
        os.path.exists(os.path.join(path, "bin", "python")) or os.path.exists(os.path.join(path, "Scripts", "python.exe"))
    )


def _max_files() -> int:
    """The walk's cap: ``HERO_FLOWS_MAX_WORKSPACE_FILES`` (a positive whole number), else the default."""
    try:
        value = int(os.environ.get(_MAX_FILES_ENV, "").strip())
    except ValueError:
        return _DEFAULT_MAX_FILES
    return value if value > 0 else _DEFAULT_MAX_FILES


def _py_files(root: str) -> Tuple[List[str], bool]:
    """The root's first ``_max_files()`` .py files in walk order (a folder's files by name, then
    its sub-folders by name), and whether there were more."""
    walked = _walked.get(root)
    if walked is None:
        cap = _max_files()
        files: List[str] = []
        capped = False
        for folder, dirs, names in os.walk(root):  # symlinked folders are not followed
            dirs[:] = sorted(d for d in dirs if not _skipped_dir(folder, d))
            for n in sorted(names):
                if not n.endswith(".py") or not os.path.isfile(os.path.join(folder, n)):
                    continue
                if len(files) >= cap:
                    capped = True
                    break
                files.append(os.path.join(folder, n))
            if capped:
                break
        walked = _walked[root] = (files, capped)
    return walked


def _loaded_files() -> set:
    """Real paths of the source files of every module already imported (``__main__`` included)."""
    found = set()
    for module in list(sys.modules.values()):
        try:
            f = getattr(module, "__file__", None) or getattr(getattr(module, "__spec__", None), "origin", None)
        except Exception:
            continue
        if isinstance(f, str) and f.endswith(".py"):
            found.add(os.path.realpath(f))
    return found


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


#: ``flow("Name"`` / ``flow(name='Name'``: where a flow is (very likely) declared. Compiled on first use.
_DECLARED_SOURCE = rb"""(?<!\w)flow\s*\(\s*(?:name\s*=\s*)?[rRuU]?(?:"([^"\\\n]+)"|'([^'\\\n]+)')"""


def _candidates(files: List[str], wanted: bytes, declared_names: set) -> Tuple[List[str], List[str]]:
    """Files that may define the flow named ``wanted``: those that declare it (``flow("name"``)
    first, then those that only spell it as a string literal. Adds every declared name it sees to
    ``declared_names`` (for suggestions)."""
    loaded = _loaded_files()
    declared = re.compile(_DECLARED_SOURCE)  # re caches it
    quoted = (b'"' + wanted + b'"', b"'" + wanted + b"'")
    defines: List[str] = []
    mentions: List[str] = []
    for path in files:
        data = _read(path)
        if b"hero_tracing" not in data:
            continue  # a file that does not import the SDK cannot define a flow
        hits = [m.group(1) or m.group(2) for m in declared.finditer(data)]
        declared_names.update(h.decode("utf-8", "replace") for h in hits)
        if not (quoted[0] in data or quoted[1] in data) or os.path.realpath(path) in loaded:
            continue
        (defines if wanted in hits else mentions).append(path)
    return defines, mentions


def _import_candidate(path: str) -> Optional[str]:
    """Imports a workspace file under a name of its own; None, or why it failed. Flows a file
    registered before it failed are taken back: a half-imported file runs nothing."""
    if path in _imported:
        return _imported[path]
    import importlib.machinery
    import importlib.util

    stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
    name = "__hero_flow_%s_%x" % (stem, hash(path) & 0xFFFFFFFFFFFF)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.append(folder)  # its own imports resolve as they would next to it, after the play's
    error: Optional[str] = None
    try:
        loader = importlib.machinery.SourceFileLoader(name, path)
        spec = importlib.util.spec_from_file_location(name, path, loader=loader)
        if spec is None:
            raise ImportError("cannot be loaded as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        error = _load_error(exc, path)
        sys.modules.pop(name, None)
        for flow_name, fn in list(_REGISTRY.items()):
            if getattr(fn, "__module__", None) == name:
                del _REGISTRY[flow_name]
        _ALL_FLOWS[:] = [fn for fn in _ALL_FLOWS if getattr(fn, "__module__", None) != name]
    _imported[path] = error
    return error


def _resolve_flow(name: str) -> Callable[..., Any]:
    """The flow named ``name``: one registered in this process, else one found in the workspace.
    Raises ``Failed`` with what was searched, the closest names and any import that failed."""
    fn = _REGISTRY.get(name)
    if fn is not None:
        return fn
    with _resolve_lock:
        fn = _REGISTRY.get(name)
        if fn is not None:
            return fn
        roots = _search_roots()
        wanted = name.encode("utf-8", "surrogatepass")
        declared_names = set(_REGISTRY)
        failures: List[Tuple[str, str]] = []
        defined_in: List[str] = []
        seen: set = set()
        capped_roots: List[str] = []
        # Nearest root first, and stop there: a play in a small folder never walks a big workspace.
        # Within a root, the first file in walk order that declares the name (its last definition:
        # a later decoration replaces an earlier one). The analyzer states the same rule:
        # server/src/analyzer/invokeResolution.ts (test/analyzer/invokeResolution.test.ts asks both).
        for root in roots:
            walked, capped = _py_files(root)
            if capped:
                capped_roots.append(root)
            files = [path for path in walked if path not in seen]
            seen.update(files)
            defines, mentions = _candidates(files, wanted, declared_names)
            defined_in.extend(defines)
            for path in defines + mentions:
                error = _import_candidate(path)
                fn = _REGISTRY.get(name)
                if fn is not None:
                    return fn
                if error is not None:
                    failures.append((path, error))
    where = " and ".join(roots)
    for path, error in failures:
        if path in defined_in:
            raise Failed("flow %r is defined in %s, which failed to import: %s" % (name, path, error))
    import difflib

    by_lower: Dict[str, str] = {}
    for known in sorted(declared_names):
        by_lower.setdefault(known.lower(), known)
    close = [by_lower[k] for k in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)]
    message = "no flow named %r" % name
    if close:
        message += "; did you mean %s?" % " or ".join(repr(c) for c in close)
    message += " (looked in the flows loaded in this process and in %d Python files under %s)" % (len(seen), where)
    if capped_roots:
        message += (
            "; the search stopped after the first %d Python files of %s, which has more: it may be defined further on"
            " (raise %s, or the setting %s)" % (_max_files(), " and ".join(capped_roots), _MAX_FILES_ENV, _MAX_FILES_SETTING)
        )
    if failures:
        message += "; these files mention it but failed to import: %s" % "; ".join(e for _, e in failures)
    raise Failed(message)


def _invoke_target(name: object, inputs: Mapping[str, Any]) -> Tuple[Callable[..., Any], FlowInfo, Dict[str, Any]]:
    """The flow to invoke, its metadata and its inputs checked as a play's would be."""
    if not isinstance(name, str) or not name:
        raise Failed("flow.invoke needs a flow name (a non-empty string), got %s" % _safe_repr(name))
    fn = _resolve_flow(name)
    info: FlowInfo = getattr(fn, "__hero_flow__")
    try:
        args = _resolve_inputs(info, inputs, {})
        _check_signature(fn, info)
    except _InputError as exc:
        raise Failed("cannot invoke %r: %s" % (name, exc)) from None
    return fn, info, args


# --------------------------------------------------------------------------------------------------
# flow.invoke: running it in-process, or as a child play
# --------------------------------------------------------------------------------------------------

_REQUEST_LIMIT = 4 * 1024 * 1024 - 4096  # the runtime cuts lines past 4 MiB


def _loop_running() -> bool:
    aio = sys.modules.get("asyncio")
    return aio is not None and aio._get_running_loop() is not None


def _child_plays_on() -> bool:
    """The runtime said it starts child plays (a plain span sink would never answer)."""
    return _ON and os.environ.get(_CHILD_PLAYS_ENV) == "1"


def _subflow_span(name: object, spawn: bool, filename: str, line: int) -> Span:
    if not _ON:
        return _NULL_SPAN
    tags = ',"tags":{"flow":%s,"spawn":%s}' % (_value_json(name, 1024), "true" if spawn else "false")
    return _LiveSpan(str(name), "subflow", tags, filename, line)


def _tag_inputs(span: Span, args: Dict[str, Any]) -> None:
    if span.id is not None:
        _T.send(('{"type":"span_tag","span_id":"%s","tags":{"inputs":%s}}\n' % (span.id, _tags_json(args, _RPC_TAG_LIMIT))).encode())


def _call_sync(fn: Callable[..., Any], args: Dict[str, Any]) -> Any:
    result = fn(args)
    if isinstance(result, types.CoroutineType):  # an async flow, or a plain function returning a coroutine
        import asyncio

        return asyncio.run(result)
    return result


def _invoke_sync(name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    with _subflow_span(name, spawn, filename, line) as span:
        fn, info, args = _invoke_target(name, inputs)
        _tag_inputs(span, args)
        if spawn and _child_plays_on():
            return _ChildPlay(info, args, span).run()
        return _call_sync(fn, args)


async def _invoke_async(name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    import asyncio

    loop = asyncio.get_running_loop()
    with _subflow_span(name, spawn, filename, line) as span:
        fn, info, args = _invoke_target(name, inputs)
        _tag_inputs(span, args)
        if spawn and _child_plays_on():
            child = _ChildPlay(info, args, span)
            try:
                return await _off_loop(loop, child.run)
            except BaseException:
                child.abort()  # cancelled: the runtime cancels the child when its connection closes
                raise
        if _is_coroutine_function(fn):
            return await fn(args)
        # A sync flow runs off the loop (the loop keeps serving the caller's other tasks), in a
        # copy of this context so its spans nest under the subflow span.
        ctx = contextvars.copy_context()
        return await _off_loop(loop, lambda: ctx.run(_call_sync, fn, args))


def _off_loop(loop: Any, call: Callable[[], Any]) -> Any:
    """A future of ``call()`` run in a daemon thread: unlike the loop's default executor, a
    thread still blocked when the flow is cancelled never holds up the process's exit."""
    future = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if not future.done():
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def work() -> None:
        try:
            value, ok = call(), True
        except BaseException as exc:
            value, ok = exc, False
        try:
            loop.call_soon_threadsafe(settle, ok, value)
        except RuntimeError:  # the loop is closed: nobody waits any more
            pass

    threading.Thread(target=work, name="hero-flow-invoke", daemon=True).start()
    return future


_ENDED = {"failed": "failed", "cancelled": "was cancelled", "timed_out": "timed out", "interrupted": "was interrupted"}


class _ChildPlay:
    """One ``flow.invoke(..., spawn=True)`` under a runtime: a connection of its own to the span
    socket carries one ``invoke_request``; the runtime starts the child play and answers on it with
    ``invoke_started`` {play_id}, then ``invoke_finished`` {status, output, error}. Closing the
    connection early makes the runtime cancel the child."""

    def __init__(self, info: FlowInfo, inputs: Dict[str, Any], span: Span) -> None:
        self.info = info
        self.inputs = inputs
        self.span = span
        self.sock: Optional[socket.socket] = None
        self.aborted = False
        self.play_id: Optional[str] = None

    def run(self) -> Any:
        name = self.info.name
        try:
            inputs_json = _ENC_STRICT.encode(self.inputs)
        except (ValueError, TypeError, RecursionError, OverflowError) as exc:
            raise Failed("cannot invoke %r as a child play: its inputs are not JSON (%s)" % (name, exc)) from None
        request = '{"type":"invoke_request","span_id":%s,"file":%s,"flow":%s,"inputs":%s,"t_ms":%r}\n' % (
            _quote(cast(str, self.span.id)),
            _quote(self.info.source_file),
            _quote(name),
            inputs_json,
            _now_ms(),
        )
        if len(request) > _REQUEST_LIMIT:
            raise Failed("cannot invoke %r as a child play: its inputs are %d bytes of JSON, over the 4 MiB limit" % (name, len(inputs_json)))
        try:
            sock = self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            if self.aborted:
                raise OSError("cancelled")
            sock.connect(cast(str, _T.path))
            sock.sendall(request.encode())
            return self._answer(sock)
        except OSError as exc:
            if self.play_id is None:
                raise Failed("could not start a child play of %r: the runtime is unreachable (%s)" % (name, exc)) from None
            raise Failed("lost the runtime while child play %s of %r ran (%s)" % (self.play_id, name, exc)) from None
        finally:
            self.abort()

    def _answer(self, sock: socket.socket) -> Any:
        name = self.info.name
        buf = b""
        while True:
            chunk = sock.recv(1 << 16)
            if not chunk:
                if self.play_id is None:
                    raise Failed("could not start a child play of %r: the runtime closed the connection without answering" % name)
                raise Failed("the runtime closed the connection before child play %s of %r finished" % (self.play_id, name))
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(event, dict):
                    continue
                kind = event.get("type")
                if kind == "invoke_started" and isinstance(event.get("play_id"), str):
                    self.play_id = event["play_id"]
                    self.span.tag(child_play_id=self.play_id)
                elif kind == "invoke_finished":
                    return self._outcome(event)
                # anything else: a newer runtime's event, ignored

    def _outcome(self, event: Dict[str, Any]) -> Any:
        status = event.get("status")
        if status == "ok":
            return event.get("output")
        name = self.info.name
        error = event.get("error")
        error = error if isinstance(error, str) and error else None
        if self.play_id is None:
            raise Failed("could not start a child play of %r: %s" % (name, error or "the runtime refused"))
        ended = _ENDED.get(cast(str, status), "ended %s" % _safe_repr(status))
        detail = "" if error is None or error == status or (status == "cancelled" and error == "cancelled") else ": " + error
        raise Failed("child play %s of %r %s%s" % (self.play_id, name, ended, detail))

    def abort(self) -> None:
        """Ends the connection (from any thread): a blocked ``run`` wakes up."""
        self.aborted = True
        sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                sock.close()
            except OSError:
                pass


# --------------------------------------------------------------------------------------------------
# instrument(client)
# --------------------------------------------------------------------------------------------------

_CO_COROUTINE = 0x80
_MISSING = object()
_trace_id: Optional[str] = None


def _trace_id_hex() -> str:
    global _trace_id
    if _trace_id is None:
        raw = (os.environ.get(_TRACE_ENV) or "").strip().lower().replace("-", "")
        if len(raw) == 32 and all(c in "0123456789abcdef" for c in raw) and raw.strip("0"):
            _trace_id = raw
        elif raw:
            import hashlib

            _trace_id = hashlib.sha256(raw.encode()).hexdigest()[:32]
        else:
            _trace_id = "%032x" % (random.getrandbits(128) or 1)
    return _trace_id


def _is_coroutine_function(fn: object) -> bool:
    target = getattr(fn, "__func__", fn)
    code = getattr(target, "__code__", None)
    if code is not None:
        return bool(code.co_flags & _CO_COROUTINE) or getattr(target, "_is_coroutine_marker", None) is not None
    try:
        import inspect

        return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))
    except Exception:
        return False


def _rpc_start_tags(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> str:
    parts: List[str] = []
    if args:
        parts.append('"args":[%s]' % ",".join(_value_json(a, _RPC_TAG_LIMIT) for a in args))
    if kwargs:
        parts.append('"kwargs":%s' % _tags_json(kwargs, _RPC_TAG_LIMIT))
    return ',"tags":{%s}' % ",".join(parts) if parts else ""


_CALL_HEADERS = {PARENT_SPAN_HEADER.lower(): PARENT_SPAN_HEADER, TRACEPARENT_HEADER.lower(): TRACEPARENT_HEADER}


def _call_span_id() -> Optional[str]:
    """The id of the instrumented call running in this context: the innermost open rpc span."""
    span = _current.get()
    while span is not None and span.kind != "rpc":  # a span the client opened inside its own call
        span = span.parent
    return None if span is None else span.id


def _call_header(key: object) -> Optional[str]:
    """``key``'s canonical spelling if it names one of the two call headers (case-insensitive)."""
    return _CALL_HEADERS.get(key.lower()) if isinstance(key, str) else None


def _call_value(name: str, span_id: str) -> str:
    return span_id if name == PARENT_SPAN_HEADER else "00-%s-%s-01" % (_trace_id_hex(), span_id)


def _call_headers(span_id: str) -> Dict[str, str]:
    return {name: _call_value(name, span_id) for name in (PARENT_SPAN_HEADER, TRACEPARENT_HEADER)}


class _CallHeaders(MutableMapping[Any, Any]):
    """What ``instrument()`` puts in a client's ``headers`` attribute: a view of the user's own
    mapping (every write and every other key goes to it) in which, read inside an instrumented call,
    ``X-Hero-Parent-Span`` and ``traceparent`` are that call's. The values come from the reading
    context's span, never from shared state, so concurrent calls each read their own."""

    __slots__ = ("_hero_own",)
    _hero_own: MutableMapping[Any, Any]

    def __init__(self, own: MutableMapping[Any, Any]) -> None:
        self._hero_own = own

    def __getitem__(self, key: Any) -> Any:
        name = _call_header(key)
        if name is not None:
            span_id = _call_span_id()
            if span_id is not None:
                return _call_value(name, span_id)
        return self._hero_own[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._hero_own[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._hero_own[key]

    def __iter__(self) -> Iterator[Any]:
        if _call_span_id() is None:
            return iter(self._hero_own)
        return iter([k for k in self._hero_own if _call_header(k) is None] + [PARENT_SPAN_HEADER, TRACEPARENT_HEADER])

    def __len__(self) -> int:
        if _call_span_id() is None:
            return len(self._hero_own)
        return sum(1 for k in self._hero_own if _call_header(k) is None) + 2

    def __contains__(self, key: object) -> bool:
        return (_call_header(key) is not None and _call_span_id() is not None) or key in self._hero_own

    def clear(self) -> None:
        self._hero_own.clear()

    def copy(self) -> Any:
        """A snapshot of what this context reads, of the user's mapping's type when it has ``copy``."""
        copy_own = getattr(self._hero_own, "copy", None)
        snap = copy_own() if callable(copy_own) else None
        if not isinstance(snap, MutableMapping):
            return dict(self.items())
        span_id = _call_span_id()
        if span_id is not None:
            for key in [k for k in snap if _call_header(k) is not None]:
                del snap[key]
            snap.update(_call_headers(span_id))
        return snap

    __copy__ = copy

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __getattr__(self, name: str) -> Any:  # the rest of the user's mapping's API (raw, lower_items, …)
        if name[:2] == "__" or name == "_hero_own":
            raise AttributeError(name)
        return getattr(self._hero_own, name)


class _Instrumented:
    """The proxy ``instrument(client)`` returns while spans are recorded."""

    __slots__ = ("_hero_client", "_hero_class", "_hero_vars", "_hero_lock", "_hero_inflight", "_hero_saved")
    _hero_client: Any
    _hero_class: str
    _hero_vars: Optional[Dict[str, Any]]
    _hero_lock: threading.Lock
    _hero_inflight: int
    _hero_saved: Optional[Tuple[MutableMapping[Any, Any], object, object]]

    def __init__(self, client: object) -> None:
        object.__setattr__(self, "_hero_client", client)
        object.__setattr__(self, "_hero_class", type(client).__name__)
        own = getattr(client, "__dict__", None)  # a class's is a read-only mappingproxy
        object.__setattr__(self, "_hero_vars", own if type(own) is dict else None)
        object.__setattr__(self, "_hero_lock", threading.Lock())
        object.__setattr__(self, "_hero_inflight", 0)
        object.__setattr__(self, "_hero_saved", None)
        headers = self._hero_headers_get()
        if headers is not None:
            self._hero_headers_install(headers)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._hero_client, name)
        if name[:1] == "_" or not callable(attr) or isinstance(attr, type):
            return attr
        return _wrap_method(self, name, attr)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._hero_client, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._hero_client, name)

    def __dir__(self) -> List[str]:
        return dir(self._hero_client)

    def __repr__(self) -> str:
        return "instrument(%s)" % _safe_repr(self._hero_client)

    def __enter__(self) -> Any:
        inner = self._hero_client.__enter__()  # type: ignore[attr-defined]
        return self if inner is self._hero_client else inner

    def __exit__(self, *exc: Any) -> Any:
        return self._hero_client.__exit__(*exc)  # type: ignore[attr-defined]

    async def __aenter__(self) -> Any:
        inner = await self._hero_client.__aenter__()  # type: ignore[attr-defined]
        return self if inner is self._hero_client else inner

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._hero_client.__aexit__(*exc)  # type: ignore[attr-defined]

    # -- header propagation. Usually the client's ``headers`` is a plain attribute: a _CallHeaders
    # -- view goes over it (again if the user replaces it) and nothing is written per call. A
    # -- ``headers`` the proxy cannot replace (a property, a class attribute) gets the two headers
    # -- written in it while a call runs alone; while calls overlap it holds what the user set, since
    # -- no one value is right for all of them.

    def _hero_headers_set(self, span_id: str) -> Optional[MutableMapping[Any, Any]]:
        own = self._hero_vars
        if own is not None and type(own.get("headers")) is _CallHeaders:
            return None
        headers = self._hero_headers_get()
        if headers is None or self._hero_headers_install(headers):
            return None
        with self._hero_lock:
            try:
                if self._hero_inflight == 0:
                    saved = (headers, headers.get(PARENT_SPAN_HEADER, _MISSING), headers.get(TRACEPARENT_HEADER, _MISSING))
                    object.__setattr__(self, "_hero_saved", saved)
                    headers.update(_call_headers(span_id))
                else:
                    self._hero_headers_put_back()
            except Exception:
                return None
            object.__setattr__(self, "_hero_inflight", self._hero_inflight + 1)
        return headers

    def _hero_headers_get(self) -> Optional[MutableMapping[Any, Any]]:
        try:
            headers = getattr(self._hero_client, "headers", None)
        except Exception:  # a property that raises: the client's business, not the proxy's
            return None
        return cast(MutableMapping[Any, Any], headers) if isinstance(headers, MutableMapping) else None

    def _hero_headers_install(self, headers: MutableMapping[Any, Any]) -> bool:
        """Put a _CallHeaders view over the client's ``headers`` if it is a plain attribute; True
        when the client's headers are such a view."""
        if type(headers) is _CallHeaders:
            return True
        own = self._hero_vars
        if own is None or own.get("headers") is not headers:
            return False
        own["headers"] = _CallHeaders(headers)
        return True

    def _hero_headers_put_back(self) -> None:
        saved = self._hero_saved
        if saved is None:
            return
        target, parent, traceparent = saved
        for key, old in ((PARENT_SPAN_HEADER, parent), (TRACEPARENT_HEADER, traceparent)):
            if old is _MISSING:
                target.pop(key, None)
            else:
                target[key] = old

    def _hero_headers_restore(self, headers: Optional[MutableMapping[Any, Any]]) -> None:
        if headers is None:
            return
        with self._hero_lock:
            left = self._hero_inflight - 1
            object.__setattr__(self, "_hero_inflight", left)
            if left > 0:
                return
            try:
                self._hero_headers_put_back()
            except Exception:
                pass
            object.__setattr__(self, "_hero_saved", None)


def _wrap_method(proxy: _Instrumented, method: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    span_name = "rpc:%s.%s" % (proxy._hero_class, method)

    if _is_coroutine_function(fn):

        def call_async(*args: Any, **kwargs: Any) -> Any:
            if not _ON:
                return fn(*args, **kwargs)
            f = _getframe(1)
            span = _LiveSpan(span_name, "rpc", "", f.f_code.co_filename, f.f_lineno)
            return _rpc_async(proxy, span, fn, args, kwargs)

        _copy_names(call_async, fn)
        marker = getattr(__import__("inspect"), "markcoroutinefunction", None)
        if marker is not None:
            marker(call_async)
        return call_async

    def call(*args: Any, **kwargs: Any) -> Any:
        if not _ON:
            return fn(*args, **kwargs)
        f = _getframe(1)
        span = _LiveSpan(span_name, "rpc", _rpc_start_tags(args, kwargs), f.f_code.co_filename, f.f_lineno)
        span.__enter__()
        headers = proxy._hero_headers_set(cast(str, span.id))
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            proxy._hero_headers_restore(headers)
            status, error = _classify(type(exc), exc, exc.__traceback__)
            span._end(status, error)
            raise
        proxy._hero_headers_restore(headers)
        if type(result) is types.CoroutineType:
            # A plain method that returned a coroutine: the call really happens when it is awaited.
            span._detach()
            return _rpc_await(proxy, span, result)
        span._end("ok", None, ',"tags":{"result":%s}' % _value_json(result, _RPC_TAG_LIMIT))
        return result

    _copy_names(call, fn)
    return call


def _copy_names(wrapper: Callable[..., Any], fn: Callable[..., Any]) -> None:
    for attr in ("__name__", "__qualname__", "__doc__"):
        try:
            setattr(wrapper, attr, getattr(fn, attr))
        except (AttributeError, TypeError):
            pass
    try:
        setattr(wrapper, "__wrapped__", fn)
    except (AttributeError, TypeError):
        pass


async def _rpc_async(
    proxy: _Instrumented, span: _LiveSpan, fn: Callable[..., Any], args: Tuple[Any, ...], kwargs: Dict[str, Any]
) -> Any:
    span.tags_part = _rpc_start_tags(args, kwargs)
    span.__enter__()
    headers = proxy._hero_headers_set(cast(str, span.id))
    try:
        result = await fn(*args, **kwargs)
    except BaseException as exc:
        proxy._hero_headers_restore(headers)
        status, error = _classify(type(exc), exc, exc.__traceback__)
        span._end(status, error)
        raise
    proxy._hero_headers_restore(headers)
    span._end("ok", None, ',"tags":{"result":%s}' % _value_json(result, _RPC_TAG_LIMIT))
    return result


async def _rpc_await(proxy: _Instrumented, span: _LiveSpan, coro: Any) -> Any:
    headers = proxy._hero_headers_set(cast(str, span.id))
    token = _current.set(span)
    try:
        result = await coro
    except BaseException as exc:
        proxy._hero_headers_restore(headers)
        _current.reset(token)
        status, error = _classify(type(exc), exc, exc.__traceback__)
        span._end(status, error)
        raise
    proxy._hero_headers_restore(headers)
    _current.reset(token)
    span._end("ok", None, ',"tags":{"result":%s}' % _value_json(result, _RPC_TAG_LIMIT))
    return result


def instrument(client: _C) -> _C:
    """Wrap ``client`` so that every call of a public method opens an ``rpc:{Class}.{method}`` span
    of kind ``rpc`` (tags: the call's ``args``/``kwargs`` and its ``result``, each value cut at
    4 KiB). ``async`` methods keep the span open until awaited. ``_private`` attributes and
    non-callables pass through; setting an attribute sets it on the client.

    Headers, so the server can link its spans: if the client's ``headers`` is a mutable mapping held
    in a plain attribute, the proxy replaces it (now, and again at a call if the user has replaced
    it) by a view of that same mapping: reads and writes go to the user's mapping, except that a
    read made inside an instrumented call (in the thread or task that runs it, or in a task or
    thread that copied its context, e.g. ``asyncio.to_thread``) shows ``X-Hero-Parent-Span: <that
    call's rpc span id>`` and ``traceparent: 00-<trace id>-<that id>-01`` in place of any spelling
    of those two names the user set. Each call reads its own span whatever the concurrency; reads
    outside a call see the user's mapping unchanged. Only the Mapping API sees the two headers
    (``[]``, ``get``, ``in``, iteration, ``keys``/``items``/``values``, ``len``, ``==``, ``copy``,
    which keeps the user's mapping's type); other attributes are the user's mapping's own. A
    ``headers`` the proxy cannot replace (a property, a class attribute) gets the two headers
    written into it while a call runs alone on the client; while calls overlap it holds what the
    user set, since no single value is right for all of them.

    Standalone (no runtime) it returns ``client`` itself.
    """
    if not _ON or isinstance(client, _Instrumented):
        return client
    return cast(_C, _Instrumented(client))


# --------------------------------------------------------------------------------------------------
# Internals used by hero_bootstrap.py
# --------------------------------------------------------------------------------------------------


def _now_ms() -> float:
    return _time() * 1000.0


def _emit(event: Mapping[str, object]) -> bool:
    """Send one runtime event (``play_flow``, ``play_rejected``, …). False when not delivered."""
    try:
        line = _json_line(event)
    except (ValueError, TypeError, RecursionError):
        return False
    return _T.send(line)


def _output_json(value: object) -> str:
    """The flow's return value as JSON text: the value itself when it is JSON (and small enough),
    else its ``repr`` as a string, truncated past 1 MiB."""
    try:
        text = _ENC_STRICT.encode(value)
    except (ValueError, TypeError, RecursionError, OverflowError):
        text = None
    if text is not None and len(text) <= _OUTPUT_LIMIT:
        return text
    return _quote_capped(_safe_repr(value), _OUTPUT_LIMIT)


def _emit_output(value: object) -> bool:
    return _T.send(('{"type":"play_output","output":%s,"t_ms":%r}\n' % (_output_json(value), _now_ms())).encode())


def _root_span(info: FlowInfo) -> _LiveSpan:
    """A not yet entered root span (kind ``flow_root``) for the flow ``info`` describes."""
    return _RootSpan(info.name, "flow_root", "", info.source_file, info.source_line)


def _enabled() -> bool:
    return _ON


def _shutdown() -> None:
    """Close the connection (everything sent is already in the kernel's buffer)."""
    _T.close()
