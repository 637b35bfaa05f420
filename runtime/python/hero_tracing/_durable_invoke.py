"""``flow.invoke`` in a durable play: a recorded effect named after the flow (its output, or its
failure), replayed without running the flow — nor starting a child play — when the history has it.
An in-process flow's own effects are keyed by its name and its file's version, under the call."""

from __future__ import annotations

import contextvars
from typing import Any, Dict

from . import _invoke
from ._child_play import _ChildPlay
from ._durable import Attempt
from ._durable_keys import ScopedSpan, version_of
from ._instrument import _is_coroutine_function
from ._wire import _value_json


def _start_tags(name: object, spawn: bool) -> str:
    return ',"tags":{"flow":%s,"spawn":%s}' % (_value_json(name, 1024), "true" if spawn else "false")


def _prepare(span: ScopedSpan, name: str, inputs: Dict[str, Any]) -> Any:
    fn, info, args = _invoke._invoke_target(name, inputs)
    scope = span.outer.child(span.name, span.index)  # the invoked flow's own name and version
    scope.flow = info.name
    scope.version = version_of(info.source_file)
    span.scope = scope
    _invoke._tag_inputs(span, args)
    return fn, info, args


def invoke_sync(dur: Attempt, name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    eff = dur.begin("invoke", str(name))
    if eff.record is not None:
        return dur.replay(eff, str(name), "subflow", _start_tags(name, spawn), filename, line)
    span = dur.live_span(eff, str(name), "subflow", _start_tags(name, spawn), filename, line)
    try:
        fn, info, args = _prepare(span, name, inputs)
        if spawn and _invoke._child_plays_on():
            result = _ChildPlay(info, args, span).run()
        else:
            result = _invoke._call_sync(fn, args)
    except BaseException as exc:
        dur.finish_error(eff, span, exc)
        raise
    dur.finish_ok(eff, span, result, result_tag=None)
    return result


async def invoke_async(dur: Attempt, name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    import asyncio

    loop = asyncio.get_running_loop()
    eff = dur.begin("invoke", str(name))
    if eff.record is not None:
        return dur.replay(eff, str(name), "subflow", _start_tags(name, spawn), filename, line)
    span = dur.live_span(eff, str(name), "subflow", _start_tags(name, spawn), filename, line)
    try:
        fn, info, args = _prepare(span, name, inputs)
        if spawn and _invoke._child_plays_on():
            child = _ChildPlay(info, args, span)
            try:
                result = await _invoke._off_loop(loop, child.run)
            except BaseException:
                child.abort()
                raise
        elif _is_coroutine_function(fn):
            result = await fn(args)
        else:
            ctx = contextvars.copy_context()
            result = await _invoke._off_loop(loop, lambda: ctx.run(_invoke._call_sync, fn, args))
    except BaseException as exc:
        dur.finish_error(eff, span, exc)
        raise
    dur.finish_ok(eff, span, result, result_tag=None)
    return result
