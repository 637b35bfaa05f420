"""What hero_bootstrap.py may use of the SDK: the functions and the two exceptions below are its
whole contract, and it reaches no other private name of the package. A play, in the bootstrap's
order:

- ``set_play_file(path)`` before loading the play's file: where ``flow.invoke`` starts looking.
- ``load_error(exc, path)``: one line saying why loading that file failed, located in it.
- ``flows_defined()``: every ``@flow`` function decorated so far, in decoration order.
- ``resolve_inputs(info, typed, raw)`` and ``check_signature(fn, info)``: the play's inputs checked
  by the same rules as ``flow.invoke``'s (_inputs.py); both raise ``InputError`` (one clear line).
- ``emit(event)``: one runtime event (``play_flow``, ``play_rejected``) as a JSON line on the span
  socket; False when it was not delivered (standalone, or the runtime is gone). ``now_ms()`` is
  the wire's clock.
- ``start_root_span(info)``: the play's root span, entered; its parent is ``HERO_FLOW_PARENT_SPAN``.
- ``is_coroutine_function(fn)``: whether the flow must run on an event loop.
- ``emit_output(value)``: the flow's return value as ``play_output`` (JSON, else its repr).
- ``classify(exc_type, exc, tb)`` → (status, error) of an exception, as spans classify it;
  ``end_span(span, status, error)`` ends the root span so.
- ``safe_repr(value)``: a repr that never raises.
- ``shutdown()``: close the connection (everything sent is already in the kernel's buffer).
- Durable plays (docs/durable.md), when the request carries ``durable``: ``open_durable(request,
  path)`` checks it and reads the history before the file loads (raises ``DurableError``, one
  clear line naming the history's bad line or the request's bad field); ``start_durable(info)``
  appends the attempt line and turns recording on; ``durable_paused()`` says whether the flow
  parked (``Paused`` is what ``flow.pause`` raises then: exit 75); ``end_durable()`` sends
  ``play_replay``. Without ``durable``, effects are not recorded and ``flow.pause`` fails.
- ``Cancelled``: what the bootstrap raises where the flow is when the play is cancelled (SIGTERM);
  spans end ``cancelled`` on it.
"""

from __future__ import annotations

import os
import types
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Type

from . import _flow, _spans
from ._errors import _Cancelled as Cancelled
from ._errors import _Paused as Paused
from ._errors import _load_error, _safe_repr
from ._flow import FlowInfo
from ._inputs import _check_signature, _InputError as InputError, _resolve_inputs
from ._instrument import _is_coroutine_function
from ._wire import _ENC_STRICT, _OUTPUT_LIMIT, _json_line, _now_ms, _quote_capped

__all__ = [
    "Cancelled",
    "DurableError",
    "Paused",
    "durable_paused",
    "end_durable",
    "open_durable",
    "start_durable",
    "InputError",
    "check_signature",
    "classify",
    "emit",
    "emit_output",
    "end_span",
    "flows_defined",
    "is_coroutine_function",
    "load_error",
    "now_ms",
    "resolve_inputs",
    "safe_repr",
    "set_play_file",
    "shutdown",
    "start_root_span",
]


def set_play_file(path: str) -> None:
    _flow._play_file = path


def load_error(exc: BaseException, path: str) -> str:
    return _load_error(exc, path)


def flows_defined() -> List[Callable[..., Any]]:
    return list(_flow._ALL_FLOWS)


def resolve_inputs(info: FlowInfo, typed: Mapping[str, Any], raw: Mapping[str, Any]) -> Dict[str, Any]:
    return _resolve_inputs(info, typed, raw)


def check_signature(fn: Callable[..., Any], info: FlowInfo) -> None:
    _check_signature(fn, info)


def now_ms() -> float:
    return _now_ms()


def emit(event: Mapping[str, object]) -> bool:
    try:
        line = _json_line(event)
    except (ValueError, TypeError, RecursionError):
        return False
    return _spans._T.send(line)


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


def emit_output(value: object) -> bool:
    return _spans._T.send(('{"type":"play_output","output":%s,"t_ms":%r}\n' % (_output_json(value), _now_ms())).encode())


def start_root_span(info: FlowInfo) -> _spans._LiveSpan:
    root = _spans._RootSpan(info.name, "flow_root", "", info.source_file, info.source_line)
    root.__enter__()
    return root


def is_coroutine_function(fn: object) -> bool:
    return _is_coroutine_function(fn)


def classify(
    exc_type: Type[BaseException], exc: Optional[BaseException], tb: Optional[types.TracebackType]
) -> Tuple[str, Optional[str]]:
    return _spans._classify(exc_type, exc, tb)


def end_span(span: _spans._LiveSpan, status: str, error: Optional[str] = None) -> None:
    span._end(status, error)


def safe_repr(value: object) -> str:
    return _safe_repr(value)


def shutdown() -> None:
    _spans._T.close()


def flush_events() -> None:
    """Sends the events queued for the next write (replayed spans): before an exit that skips shutdown."""
    _spans._T.flush()


# -- durable plays ---------------------------------------------------------------------------------


class DurableError(Exception):
    """The durable request is unusable or the history is corrupt; the message is one clear line."""


_opened: Optional[Any] = None


def open_durable(request: object, path: str) -> None:
    global _opened
    from . import _durable, _durable_history, _durable_keys

    if not isinstance(request, dict):
        raise DurableError("bad request on stdin: 'durable' must be an object")
    history = request.get("history")
    attempt = request.get("attempt")
    mode = request.get("mode")
    prefill = request.get("prefill") or {"by_key": {}, "in_order": []}
    prefill_only = request.get("prefill_only", False)
    if not isinstance(history, str) or not os.path.isabs(history):
        raise DurableError("bad request on stdin: 'durable.history' must be an absolute path")
    if type(attempt) is not int or attempt < 1:
        raise DurableError("bad request on stdin: 'durable.attempt' must be a whole number from 1")
    if mode not in _durable_history.MODES:
        raise DurableError("bad request on stdin: 'durable.mode' must be one of %s" % ", ".join(_durable_history.MODES))
    by_key = prefill.get("by_key", {}) if isinstance(prefill, dict) else None
    in_order = prefill.get("in_order", []) if isinstance(prefill, dict) else None
    if not isinstance(by_key, dict) or not isinstance(in_order, list):
        raise DurableError("bad request on stdin: 'durable.prefill' must be {by_key: {...}, in_order: [...]}")
    if not isinstance(prefill_only, bool):
        raise DurableError("bad request on stdin: 'durable.prefill_only' must be true or false")
    try:
        read = _durable_history.read(history)
        _opened = _durable.Attempt(
            history, attempt, mode, {"by_key": by_key, "in_order": in_order}, prefill_only, read, _durable_keys.version_of(path)
        )
    except _durable_history.HistoryCorrupt as exc:
        raise DurableError(str(exc)) from None
    except OSError as exc:
        raise DurableError("cannot append to the history %s: %s" % (history, exc.strerror or exc)) from None


def start_durable(info: FlowInfo) -> None:
    from . import _durable

    if _opened is not None:
        _opened.write_attempt_line()
        _durable.start(_opened, info.name, _opened.version)


def durable_paused() -> bool:
    return _opened is not None and bool(_opened.paused)


def end_durable() -> None:
    if _opened is not None and not _opened.paused:  # a pause sent it when it parked
        _opened.send_replay()
