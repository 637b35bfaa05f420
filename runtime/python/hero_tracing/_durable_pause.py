"""``flow.pause(prompt, *, inputs=None, key=None)``: a recorded effect whose result is a person's
answer (docs/durable.md, "Pause and resume"). Replayed from the history, else answered from the
attempt's prefill, else the play parks: the pause line, ``play_paused``, and the process exits 75."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from . import _spans
from ._durable import _NONE, Attempt
from ._errors import Failed, _Paused
from ._flow import FlowInfo
from ._inputs import FieldSpec, _InputError, _norm_fields, _resolve_inputs
from ._wire import _quote, _value_json

NOT_DURABLE = (
    "flow.pause(%r) needs a play run by hero-flows or the editor: a pause parks the play until someone"
    " answers it, and this run (plain python, or a runtime without durable plays) keeps no history to resume from"
)


def _fields(key: str, inputs: Optional[Mapping[str, FieldSpec]]) -> Optional[Dict[str, Dict[str, Any]]]:
    try:
        return _norm_fields(key, "input", inputs)
    except TypeError as exc:
        raise TypeError(str(exc).replace("@flow(", "flow.pause(", 1)) from None


def _checked(key: str, fields: Optional[Dict[str, Dict[str, Any]]], answer: object, file: str, line: int) -> Dict[str, Any]:
    """The answer checked like play inputs against the pause's fields (None: only {} fits)."""
    if not isinstance(answer, dict):
        raise Failed("pause %r: the answer must be an object of fields, got %s" % (key, type(answer).__name__))
    if fields is None:
        if answer:
            raise Failed("pause %r takes no answer fields, got %s" % (key, ", ".join(repr(k) for k in answer)))
        return {}
    info = FlowInfo(key, fields, None, "", file, line, pause)
    try:
        return _resolve_inputs(info, answer, {})
    except _InputError as exc:
        raise Failed("pause %r: %s" % (key, exc)) from None


def pause(prompt: str, inputs: Optional[Mapping[str, FieldSpec]], key: Optional[str], file: str, line: int) -> Dict[str, Any]:
    if not isinstance(prompt, str):
        raise TypeError("flow.pause: the prompt must be a string, got %s" % type(prompt).__name__)
    if key is not None and not isinstance(key, str):
        raise TypeError("flow.pause: key must be a string, got %s" % type(key).__name__)
    pause_key = key if key else prompt
    fields = _fields(pause_key, inputs)
    dur: Optional[Attempt] = _spans._DUR
    if dur is None:
        raise Failed(NOT_DURABLE % pause_key)
    if dur.paused:  # another task or thread already parked the play
        raise _Paused()
    eff = dur.begin("pause", pause_key)
    name = "pause:" + pause_key
    tags = ',"tags":{"prompt":%s,"key":%s}' % (_quote(prompt), _quote(pause_key))
    if eff.record is not None:
        return dur.replay(eff, name, "pause", tags, file, line, result_tag="answer")
    span = dur.live_span(eff, name, "pause", tags, file, line)
    answer = dur.take_prefill(pause_key)
    if answer is not _NONE:
        try:
            checked = _checked(pause_key, fields, answer, file, line)
        except BaseException as exc:
            span._end("failed", str(exc))
            raise
        span.tag(prefilled=True)
        dur.finish_ok(eff, span, checked, result_tag="answer")
        return checked
    if dur.prefill_only:
        message = "pause '%s' has no prefilled answer" % pause_key
        span._end("failed", message)
        raise Failed(message)
    dur.park(eff, pause_key, prompt, fields or {}, span.id or "")
    span._end("ok", None, ',"tags":{"waiting":true,"fields":%s}' % _value_json(fields or {}, 64 * 1024))
    raise _Paused()
