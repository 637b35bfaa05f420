"""Step functions: ``@flow.step("charge card")`` on a function (sync or async). Each call is a
``step`` span; in a durable play it is a recorded effect (its return value or its exception),
replayed without running the function when the history has it."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable

from . import _spans
from ._instrument import _is_coroutine_function
from ._spans import _line_of, _LiveSpan

_getframe = sys._getframe


def step_function(name: str, tags_part: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    if not callable(fn):
        raise TypeError("@flow.step(%r) must decorate a function, got %s" % (name, type(fn).__name__))

    if _is_coroutine_function(fn):

        @functools.wraps(fn)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            dur = _spans._DUR
            f = _getframe(1)
            if dur is None:
                if not _spans._ON:
                    return await fn(*args, **kwargs)
                with _LiveSpan(name, "step", tags_part, f.f_code.co_filename, _line_of(f)):
                    return await fn(*args, **kwargs)
            eff = dur.begin("step", name)
            if eff.record is not None:
                return dur.replay(eff, name, "step", tags_part, f.f_code.co_filename, _line_of(f))
            span = dur.live_span(eff, name, "step", tags_part, f.f_code.co_filename, _line_of(f))
            try:
                result = await fn(*args, **kwargs)
            except BaseException as exc:
                dur.finish_error(eff, span, exc)
                raise
            dur.finish_ok(eff, span, result)
            return result

        return run_async

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        dur = _spans._DUR
        f = _getframe(1)
        if dur is None:
            if not _spans._ON:
                return fn(*args, **kwargs)
            with _LiveSpan(name, "step", tags_part, f.f_code.co_filename, _line_of(f)):
                return fn(*args, **kwargs)
        eff = dur.begin("step", name)
        if eff.record is not None:
            return dur.replay(eff, name, "step", tags_part, f.f_code.co_filename, _line_of(f))
        span = dur.live_span(eff, name, "step", tags_part, f.f_code.co_filename, _line_of(f))
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            dur.finish_error(eff, span, exc)
            raise
        dur.finish_ok(eff, span, result)
        return result

    return run
