"""What a durable play's history can hold: a result recorded as JSON (spec §3's rules, at most
256 KiB), an exception recorded as {type, builtin, message}, and the way a recorded exception is
raised again (never by importing anything a history names)."""

from __future__ import annotations

import builtins
import json
import math
from typing import Any, Dict, Optional, Tuple, cast

from ._errors import Failed, _safe_repr
from ._wire import _c_make_encoder, _cap, _quote

RESULT_LIMIT = 256 * 1024  # bytes of a recorded result's JSON (docs/durable.md; common/src/historyLimits.ts MAX_RESULT_BYTES)
MAX_DEPTH = 64  # nesting of a recorded value; the reader refuses deeper ones too
MESSAGE_LIMIT = 16 * 1024  # a recorded exception's message

_ENCODE = json.JSONEncoder(separators=(",", ":"), allow_nan=False, ensure_ascii=True, check_circular=True)


def _not_json(value: object) -> Any:
    raise TypeError("%s is not JSON" % type(value).__name__)


# The C encoder made once (JSONEncoder.encode builds one per call); _ENCODE names what it refuses.
_FAST: Any = _c_make_encoder(None, _not_json, _quote, None, ":", ",", False, False, False) if _c_make_encoder is not None else None
_SCALARS = (str, int, float, bool, type(None))
_FAILED_TYPE = "flow.Failed"


class ReplayedError(Exception):
    """A recorded exception of a class that is neither ``flow.Failed`` nor a built-in one, raised
    again on replay: ``type_name`` and ``message`` are the recorded ones (a history never names a
    module to import)."""

    type_name: str
    message: str

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__("%s: %s" % (type_name, message) if message else type_name)
        self.type_name = type_name
        self.message = message


def not_json_reason(value: object) -> Optional[str]:
    """Why ``value`` is not JSON by spec §3's rules (None when it is). Tuples count as lists."""
    stack = [(value, 1)]
    seen = set()
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "nested deeper than %d levels" % MAX_DEPTH
        t = type(item)
        if t is float:
            if not math.isfinite(item):  # type: ignore[arg-type]
                return "%s is not a JSON number" % item
            continue
        if t in _SCALARS:
            continue
        if t is dict or t is list or t is tuple:
            if id(item) in seen:  # shared, or a cycle (which the encoder reports)
                continue
            seen.add(id(item))
            if t is dict:
                for k, v in item.items():  # type: ignore[union-attr]
                    if type(k) is not str:
                        return "a dict key is not a string: %s" % type(k).__name__
                    stack.append((v, depth + 1))
            else:
                stack.extend((v, depth + 1) for v in item)  # type: ignore[union-attr]
            continue
        return "result is not JSON: %s" % t.__name__
    return None


def encode_result(value: object) -> Tuple[Optional[str], Optional[str]]:
    """(JSON text, None) for a recordable value, else (None, why it cannot be recorded)."""
    t = type(value)
    if t is str:
        text = _quote(cast(str, value))
    elif value is None or t is bool:
        text = "null" if value is None else "true" if value else "false"
    elif t is int:
        try:
            text = int.__repr__(value)  # type: ignore[arg-type]
        except ValueError as exc:  # past the interpreter's digit limit
            return None, "result is not JSON: %s" % exc
    else:
        why = not_json_reason(value)
        if why is not None:
            return None, why if why.startswith("result") else "result is not JSON: " + why
        try:
            text = "".join(_FAST(value, 0)) if _FAST is not None else _ENCODE.encode(value)
        except (ValueError, TypeError, RecursionError, OverflowError):
            try:
                text = _ENCODE.encode(value)  # for its message (a cycle: "Circular reference detected")
            except (ValueError, TypeError, RecursionError, OverflowError) as exc:
                return None, "result is not JSON: %s" % exc
    if len(text) > RESULT_LIMIT:
        return None, "result is %d KiB of JSON, over the %d KiB limit" % (len(text) // 1024, RESULT_LIMIT // 1024)
    return text, None


def encode_error(exc: BaseException) -> Dict[str, Any]:
    """A recorded exception: ``flow.Failed`` with its reason, a built-in with its message, else
    the class's qualified name and its message."""
    if isinstance(exc, Failed):
        return {"type": _FAILED_TYPE, "builtin": False, "message": _cap(exc.reason, MESSAGE_LIMIT)}
    cls = type(exc)
    try:
        message = str(exc)
    except Exception:
        message = _safe_repr(exc)
    builtin = cls.__module__ == "builtins" and getattr(builtins, cls.__name__, None) is cls
    name = cls.__name__ if builtin else "%s.%s" % (cls.__module__, cls.__qualname__)
    return {"type": name, "builtin": builtin, "message": _cap(message, MESSAGE_LIMIT)}


def error_text(error: Dict[str, Any]) -> str:
    """A recorded exception as a span's error line."""
    if error["type"] == _FAILED_TYPE:
        return error["message"]
    return "%s: %s" % (error["type"], error["message"]) if error["message"] else error["type"]


def rebuild_error(error: Dict[str, Any]) -> Exception:
    """The exception a recorded failure raises on replay."""
    name, message = error["type"], error["message"]
    if name == _FAILED_TYPE:
        return Failed(message)
    if error.get("builtin") is True:
        cls = getattr(builtins, name, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                return cls(message)
            except Exception:  # a built-in that wants other arguments (UnicodeDecodeError, …)
                pass
    return ReplayedError(name, message)
