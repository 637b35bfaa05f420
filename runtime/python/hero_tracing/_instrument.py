"""``instrument(client)``: a proxy whose public method calls are ``rpc`` spans, and the two headers
(``X-Hero-Parent-Span``, ``traceparent``) a server reads to link its spans to the call."""

from __future__ import annotations

import os
import random
import sys
import threading
import types
from collections.abc import MutableMapping
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar, cast

from . import _spans
from ._errors import _safe_repr
from ._spans import _classify, _current, _line_of, _LiveSpan
from ._wire import _RPC_TAG_LIMIT, _tags_json, _value_json

_TRACE_ENV = "HERO_FLOW_TRACE_ID"
PARENT_SPAN_HEADER = "X-Hero-Parent-Span"
TRACEPARENT_HEADER = "traceparent"

_C = TypeVar("_C")
_getframe = sys._getframe

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
        parts.append('"args":[%s]' % ",".join([_value_json(a, _RPC_TAG_LIMIT) for a in args]))
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

    __slots__ = ("_hero_client", "_hero_class", "_hero_wire", "_hero_vars", "_hero_lock", "_hero_inflight", "_hero_saved", "_hero_wrapped")
    _hero_client: Any
    _hero_class: str
    _hero_wire: Optional[Dict[str, str]]
    _hero_vars: Optional[Dict[str, Any]]
    _hero_lock: threading.Lock
    _hero_inflight: int
    _hero_saved: Optional[Tuple[MutableMapping[Any, Any], object, object]]
    _hero_wrapped: Dict[str, Tuple[Any, Any, Callable[..., Any]]]

    def __init__(self, client: object) -> None:
        object.__setattr__(self, "_hero_client", client)
        owner, wire = _span_owner(type(client))
        object.__setattr__(self, "_hero_class", owner)
        object.__setattr__(self, "_hero_wire", wire)
        own = getattr(client, "__dict__", None)  # a class's is a read-only mappingproxy
        object.__setattr__(self, "_hero_vars", own if type(own) is dict else None)
        object.__setattr__(self, "_hero_lock", threading.Lock())
        object.__setattr__(self, "_hero_inflight", 0)
        object.__setattr__(self, "_hero_saved", None)
        object.__setattr__(self, "_hero_wrapped", {})
        headers = self._hero_headers_get()
        if headers is not None:
            self._hero_headers_install(headers)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._hero_client, name)
        bound = cast(types.MethodType, attr) if type(attr) is types.MethodType else None
        if bound is not None:
            # The same method of the same object as last time: its wrapper again (making one costs
            # more than the rest of a replayed call). Looked up each time, so a replaced method is seen.
            made = self._hero_wrapped.get(name)
            if made is not None and made[0] is bound.__func__ and made[1] is bound.__self__:
                return made[2]
        if name[:1] == "_" or not callable(attr) or isinstance(attr, type):
            return attr
        wrapper = _wrap_method(self, name, attr)
        if bound is not None and len(self._hero_wrapped) < 1024:
            self._hero_wrapped[name] = (bound.__func__, bound.__self__, wrapper)
        return wrapper

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


def _span_owner(cls: type) -> Tuple[str, Optional[Dict[str, str]]]:
    """What an rpc span's name starts with, and the wire names of the methods: a generated OpenRPC
    client declares ``_rpc_service_`` (the service) and ``_rpc_methods_`` (python name -> the
    OpenRPC method's name); any other class is named after itself."""
    service = getattr(cls, "_rpc_service_", None)
    methods = getattr(cls, "_rpc_methods_", None)
    if type(service) is str and service and type(methods) is dict:
        return service, cast(Dict[str, str], methods)
    return cls.__name__, None


def _wrap_method(proxy: _Instrumented, method: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    wire = proxy._hero_wire.get(method) if proxy._hero_wire is not None else None
    span_name = "rpc:%s.%s" % (proxy._hero_class, wire if type(wire) is str and wire else method)

    if _is_coroutine_function(fn):

        def call_async(*args: Any, **kwargs: Any) -> Any:
            dur = _spans._DUR
            if dur is not None:
                f = _getframe(1)
                return _durable_rpc().call_async(dur, proxy, span_name, fn, args, kwargs, f.f_code.co_filename, _line_of(f))
            if not _spans._ON:
                return fn(*args, **kwargs)
            f = _getframe(1)
            span = _LiveSpan(span_name, "rpc", "", f.f_code.co_filename, _line_of(f))
            return _rpc_async(proxy, span, fn, args, kwargs)

        _copy_names(call_async, fn)
        marker = getattr(__import__("inspect"), "markcoroutinefunction", None)
        if marker is not None:
            marker(call_async)
        return call_async

    def call(*args: Any, **kwargs: Any) -> Any:
        dur = _spans._DUR
        if dur is not None:  # a durable play: replayed, or run and recorded
            f = _getframe(1)
            return _durable_rpc().call(dur, proxy, span_name, fn, args, kwargs, f.f_code.co_filename, _line_of(f))
        if not _spans._ON:
            return fn(*args, **kwargs)
        f = _getframe(1)
        span = _LiveSpan(span_name, "rpc", _rpc_start_tags(args, kwargs), f.f_code.co_filename, _line_of(f))
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


_drpc: Any = None


def _durable_rpc() -> Any:
    global _drpc
    if _drpc is None:
        from . import _durable_rpc as module  # a durable play only

        _drpc = module
    return _drpc


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
    of kind ``rpc`` (``rpc:{service}.{wire method}`` for a client generated from an OpenRPC document:
    its class's ``_rpc_service_`` and ``_rpc_methods_[method]``) (tags: the call's ``args``/``kwargs`` and its ``result``, each value cut at
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

    In a durable play every call is a recorded effect (docs/durable.md): replayed from the play's
    history when it is there, else run and recorded before its result is returned.

    Standalone (no runtime) it returns ``client`` itself.
    """
    if (not _spans._ON and _spans._DUR is None) or isinstance(client, _Instrumented):
        return client
    return cast(_C, _Instrumented(client))
