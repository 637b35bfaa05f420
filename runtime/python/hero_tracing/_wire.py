"""The wire: event limits, JSON encoding of tags and events, and the connection to the runtime's
span socket (the protocol is in the package docstring)."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from typing import Any, Callable, List, Mapping, Optional, cast

from ._errors import _safe_repr

_SOCK_ENV = "HERO_FLOW_SPAN_SOCK"

_ERROR_LIMIT = 64 * 1024  # error strings (tracebacks, reasons)
_LOG_LIMIT = 64 * 1024  # one log message
_TAG_LIMIT = 64 * 1024  # one tag value given by the flow author
_RPC_TAG_LIMIT = 4 * 1024  # one tag value taken from an RPC call's arguments or result
_OUTPUT_LIMIT = 1024 * 1024 - 4096  # the play's output, serialised (leaves room for the envelope)
_DEFER_LIMIT = 64 * 1024  # replayed spans queued before a write (see _Transport.defer)
_DEFER_SECONDS = 0.05  # the longest a queued replayed span waits
_monotonic = time.monotonic
_write = os.write

_quote: Callable[[str], str] = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]

# Tags and events: unknown objects inside a value become their repr, NaN/Infinity are refused
# (they are not JSON), and the output is ASCII so it always encodes.
_ENC_TAG = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=_safe_repr)
# The play's output: JSON only when the whole value is JSON.
_ENC_STRICT = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


# CPython's C encoder, made once: JSONEncoder.encode builds one on every call (None elsewhere).
_c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
# No markers: a cycle ends in RecursionError, which every caller catches (its text becomes a repr).
_FAST_TAG: Any = (
    _c_make_encoder(None, _safe_repr, _quote, None, ":", ",", False, False, False) if _c_make_encoder is not None else None
)


def _tag_text(value: object) -> str:
    """``value`` as tag JSON (objects that are not JSON become their repr); raises on NaN and cycles."""
    if _FAST_TAG is not None:
        return "".join(_FAST_TAG(value, 0))
    return _ENC_TAG.encode(value)


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
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    try:
        s = int.__repr__(cast(int, value)) if t is int else _tag_text(value)
    except (ValueError, TypeError, RecursionError, OverflowError):
        return _quote_capped(_safe_repr(value), limit)
    if len(s) <= limit:
        return s
    return _quote_capped(s, limit)


def _tags_json(tags: Mapping[str, object], limit: int) -> str:
    return "{%s}" % ",".join(
        "%s:%s" % (_quote(k if isinstance(k, str) else str(k)), _value_json(v, limit)) for k, v in tags.items()
    )


def _now_ms() -> float:
    return time.time() * 1000.0


def _json_line(event: Mapping[str, object]) -> bytes:
    return (_ENC_TAG.encode(event) + "\n").encode()


class _Transport:
    """One lazily opened connection to the runtime's span socket. Thread-safe; dies silently, and
    tells ``on_dead`` (the owner's switch, _spans.py) when it does."""

    __slots__ = ("path", "sock", "fd", "dead", "lock", "broken_line", "on_dead", "deferred", "deferred_size", "deferred_since", "flusher", "wake")

    def __init__(self, path: Optional[str], on_dead: Callable[[_Transport], None]) -> None:
        self.path = path
        self.on_dead = on_dead
        self.sock: Optional[socket.socket] = None
        self.fd = -1  # the socket's descriptor, while it is open
        self.dead = not path
        self.lock = threading.Lock()
        self.broken_line = False
        #: Bytes of replayed spans not sent yet (see ``defer``), and their total size.
        self.deferred: List[bytes] = []
        self.deferred_size = 0
        self.deferred_since = 0.0  # time.monotonic() when the oldest queued event was queued
        #: One thread that sends a queue _DEFER_SECONDS old (made at the first defer). A timer per
        #: queue cost a thread start per 64 KiB: a quarter of a replayed span's cost.
        self.flusher: Optional[threading.Thread] = None
        self.wake = threading.Event()

    def defer(self, data: bytes) -> None:
        """Queue events that need not reach the runtime at once: a replayed span, whose record is in
        the history already. One write per many spans instead of one each (a write wakes the reader:
        half of a replay's cost). They go out before any other event (order holds), past
        _DEFER_LIMIT, at close, and _DEFER_SECONDS after the first one queued, so a replay followed
        by a long stretch without spans still shows in the live trace."""
        if self.dead:
            return
        with self.lock:
            if not self.deferred:
                self.deferred_since = _monotonic()
                if self.flusher is None:
                    self.flusher = threading.Thread(target=self._flush_when_due, name="hero-flows-flush", daemon=True)
                    self.flusher.start()
                self.wake.set()
            self.deferred.append(data)
            self.deferred_size += len(data)
            if self.deferred_size < _DEFER_LIMIT:
                return
        self.send(b"")

    def flush(self) -> None:
        """Sends what ``defer`` queued (nothing when nothing is)."""
        if self.deferred:
            self.send(b"")

    def _flush_when_due(self) -> None:
        """The flusher thread: sleeps while nothing is queued, else until the queue is due."""
        while not self.dead:
            self.wake.wait()
            self.wake.clear()  # before looking: a defer from now on wakes the next wait
            while self.deferred and not self.dead:
                delay = self.deferred_since + _DEFER_SECONDS - _monotonic()
                if delay > 0:
                    time.sleep(delay)  # a queue sent by size meanwhile: the next one's deadline
                else:
                    self.flush()

    def send(self, data: bytes) -> bool:
        if self.dead:
            return False
        with self.lock:
            if self.fd < 0 or self.deferred or self.broken_line:
                data = self._before_write(data)  # type: ignore[assignment]
                if not data:
                    return data is not None
            try:
                # One write per event: a crash loses nothing the flow did. os.write on the
                # descriptor is sendall's work without its timeout bookkeeping; a short write
                # (a signal, a full buffer) sends the rest the usual way.
                sent = _write(self.fd, data)
                if sent != len(data):
                    cast(socket.socket, self.sock).sendall(data[sent:])
            except OSError:
                self._die()
                return False
            except BaseException:
                self.broken_line = True
                raise
        return True

    def _before_write(self, data: bytes) -> Optional[bytes]:
        """Under the lock, when a write needs more than itself: the queue goes first, the
        connection is opened, a line a signal broke is ended. The bytes to write; b"" when there
        are none, None when there is no connection."""
        if self.deferred:
            data = b"".join(self.deferred) + data
            self.deferred.clear()
            self.deferred_size = 0
        if not data:
            return b""
        if self.sock is None and (self.dead or self._connect() is None):
            return None
        if self.broken_line:
            # A signal interrupted the previous write mid-line: end that line so this one
            # parses (the runtime skips and counts the broken one).
            data = b"\n" + data
            self.broken_line = False
        return data

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
        self.fd = sock.fileno()
        return sock

    def _die(self) -> None:
        self.dead = True
        self.on_dead(self)
        sock, self.sock, self.fd = self.sock, None, -1
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def close(self) -> None:
        self.flush()
        with self.lock:
            sock, self.sock, self.fd = self.sock, None, -1
            self.dead = True
            self.on_dead(self)
        self.wake.set()  # the flusher sees the transport dead and ends
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass
