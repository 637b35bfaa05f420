"""Fields and input rules: what ``@flow(inputs=..., outputs=...)`` accepts as field specs, and how a
play's or an invoked flow's inputs are converted, checked and completed with defaults."""

from __future__ import annotations

import json
import math
import re
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Union, cast

from ._errors import _safe_repr

if TYPE_CHECKING:
    from ._flow import FlowInfo

#: A field spec of ``inputs`` / ``outputs``: a bare builtin type, its name, ``"any"``, or a dict
#: with ``type`` (required), ``default``, ``description`` and ``required``.
FieldSpec = Union[type, str, Mapping[str, Any]]

_TYPE_NAMES: Dict[type, str] = {str: "str", int: "int", float: "float", bool: "bool", list: "list", dict: "dict"}
_TYPE_STRINGS = ("str", "int", "float", "bool", "list", "dict", "any")
_SPEC_KEYS = ("type", "default", "description", "required")


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
# Flow inputs: one implementation for a play (hero_bootstrap.py, through _runtime.py) and for flow.invoke
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


_CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect (~10 ms) for every play


def _takes_one_positional(fn: Callable[..., Any]) -> Optional[bool]:
    """Whether a plain function accepts a call with one positional argument, read from its code
    object; None when the answer needs ``inspect`` (wrapped or builtin callables, classes, …)."""
    if type(fn) is not types.FunctionType or hasattr(fn, "__wrapped__") or hasattr(fn, "__signature__"):
        return None
    code = fn.__code__
    positional = code.co_argcount
    if positional - len(fn.__defaults__ or ()) > 1:
        return False  # two or more required positional parameters
    if positional == 0 and not code.co_flags & _CO_VARARGS:
        return False  # nowhere to put the inputs
    keyword_only = code.co_varnames[positional : positional + code.co_kwonlyargcount]
    defaults = fn.__kwdefaults__ or {}
    return all(name in defaults for name in keyword_only)  # a required keyword-only one fails


def _check_signature(fn: Callable[..., Any], info: FlowInfo) -> None:
    """The flow must take exactly one positional parameter, the inputs dict."""
    if _takes_one_positional(fn):
        return
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


