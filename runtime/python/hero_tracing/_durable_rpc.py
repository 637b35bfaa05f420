"""An instrumented client's call in a durable play: replayed from the history, or run (with its
``rpc`` span and headers, as _instrument.py does) and recorded before its result is returned."""

from __future__ import annotations

import types
from typing import Any, Callable, Dict, Tuple, cast

from ._durable import Attempt, Effect
from ._instrument import _Instrumented, _rpc_start_tags
from ._spans import _current, _LiveSpan


def call(
    dur: Attempt, proxy: _Instrumented, span_name: str, fn: Callable[..., Any], args: Tuple[Any, ...], kwargs: Dict[str, Any], file: str, line: int
) -> Any:
    eff = dur.begin("rpc", span_name[4:])  # "rpc:Class.method"
    tags = _rpc_start_tags(args, kwargs)
    if eff.record is not None:
        return dur.replay(eff, span_name, "rpc", tags, file, line)
    span = dur.live_span(eff, span_name, "rpc", tags, file, line)
    headers = proxy._hero_headers_set(cast(str, span.id))
    try:
        result = fn(*args, **kwargs)
    except BaseException as exc:
        proxy._hero_headers_restore(headers)
        dur.finish_error(eff, span, exc)
        raise
    proxy._hero_headers_restore(headers)
    if type(result) is types.CoroutineType:
        # A plain method that returned a coroutine: the call completes when it is awaited.
        span._detach()
        return _await(dur, eff, proxy, span, result)
    dur.finish_ok(eff, span, result)
    return result


async def call_async(
    dur: Attempt, proxy: _Instrumented, span_name: str, fn: Callable[..., Any], args: Tuple[Any, ...], kwargs: Dict[str, Any], file: str, line: int
) -> Any:
    eff = dur.begin("rpc", span_name[4:])  # when the coroutine starts: concurrent calls get their index in start order
    tags = _rpc_start_tags(args, kwargs)
    if eff.record is not None:
        return dur.replay(eff, span_name, "rpc", tags, file, line)
    span = dur.live_span(eff, span_name, "rpc", tags, file, line)
    headers = proxy._hero_headers_set(cast(str, span.id))
    try:
        result = await fn(*args, **kwargs)
    except BaseException as exc:
        proxy._hero_headers_restore(headers)
        dur.finish_error(eff, span, exc)
        raise
    proxy._hero_headers_restore(headers)
    dur.finish_ok(eff, span, result)
    return result


async def _await(dur: Attempt, eff: Effect, proxy: _Instrumented, span: _LiveSpan, coro: Any) -> Any:
    headers = proxy._hero_headers_set(cast(str, span.id))
    token = _current.set(span)
    try:
        result = await coro
    except BaseException as exc:
        proxy._hero_headers_restore(headers)
        _current.reset(token)
        dur.finish_error(eff, span, exc)
        raise
    proxy._hero_headers_restore(headers)
    _current.reset(token)
    dur.finish_ok(eff, span, result)
    return result
