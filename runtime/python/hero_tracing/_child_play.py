"""A child play: ``flow.invoke(..., spawn=True)`` under a runtime that starts child plays."""

from __future__ import annotations

import json
import socket
from typing import Any, Dict, Optional, cast

from . import _spans
from ._errors import Failed, _safe_repr
from ._flow import FlowInfo
from ._spans import Span
from ._wire import _ENC_STRICT, _now_ms, _quote

_REQUEST_LIMIT = 4 * 1024 * 1024 - 4096  # the runtime cuts lines past 4 MiB
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
            sock.connect(cast(str, _spans._T.path))
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
