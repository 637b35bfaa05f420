import base64
import http.client
import itertools
import json
import socket
import threading
import time
import urllib.parse
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union, cast
# ---- body ----
# The JSON-RPC 2.0 runtime every generated client embeds: standard library only, no tracing.
# Transport: HTTP(S), or HTTP/1.1 over a Unix socket (``unix:/path.sock#/rpc``); one connection
# per request, so a client is safe to share between threads and tasks. ``headers`` is read at
# every request (instrument() relies on it to send each call's own parent span).

_MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # a bigger answer is refused, never buffered whole
_SNIPPET_CHARS = 200  # how much of a bad answer an error quotes
_SyncSelf = TypeVar("_SyncSelf", bound="_JsonRpcClient")
_AsyncSelf = TypeVar("_AsyncSelf", bound="_AsyncJsonRpcClient")

_Params = Union[Dict[str, Any], List[Any]]


class JsonRpcError(Exception):
    """The service answered with a JSON-RPC error object: ``code``, ``message`` and ``data``."""

    code: int
    message: str
    data: Any

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(code, message, data)
        self.code = code
        self.message = message
        self.data = data

    def __str__(self) -> str:
        text = "%s (code %d)" % (self.message, self.code)
        return text if self.data is None else "%s: %s" % (text, _snippet(json.dumps(self.data, default=repr)))


class JsonRpcTransportError(Exception):
    """The request got no JSON-RPC answer: connection refused, timeout, an HTTP status other than
    2xx (unless its body is the call's JSON-RPC error object: that is raised as the error), a body
    that is not JSON or not a JSON-RPC response to the call, or a body over the size limit.
    ``status`` is the HTTP status when there was one."""

    status: Optional[int]

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.status = status


def _named(*pairs: Tuple[str, Any]) -> Dict[str, Any]:  # pyright: ignore[reportUnusedFunction]
    """By-name params: the pairs whose value is not None."""
    return {name: value for name, value in pairs if value is not None}


def _positional(*values: Any) -> List[Any]:  # pyright: ignore[reportUnusedFunction]
    """By-position params: the values without the trailing Nones (omitted optionals)."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return list(values[:end])


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET_CHARS else text[:_SNIPPET_CHARS] + "…"


class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP/1.1 over a Unix domain socket."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._socket_path = path

    def connect(self) -> None:
        deadline = time.monotonic() + cast(float, self.timeout)
        pause = 0.001
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(self.timeout)
                sock.connect(self._socket_path)
                self.sock = sock
                return
            except BlockingIOError:  # the listener's backlog is full: wait for it, within the timeout
                sock.close()
                if time.monotonic() + pause > deadline:
                    raise socket.timeout("timed out") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
            except BaseException:
                sock.close()
                raise


def _shown(url: str) -> str:
    """``url`` as an error message may quote it: a password in it masked."""
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not (sep and at and ":" in userinfo):
        return url
    return "%s://%s:***@%s%s%s" % (scheme, userinfo.split(":")[0], host, slash, path)


def _basic_auth(parts: urllib.parse.SplitResult) -> Optional[str]:
    """The Authorization header of an ``http://user:password@host/`` URL, if it has a user."""
    if parts.username is None:
        return None
    pair = "%s:%s" % (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")


def _endpoint(url: str, timeout: float) -> Tuple[http.client.HTTPConnection, str]:
    """A fresh connection for ``url`` and the request path to POST to."""
    if url.startswith("unix:"):
        rest, _, path = url[5:].partition("#")
        if rest.startswith("//"):
            rest = rest[2:]
        if not rest:
            raise ValueError("a unix: URL needs a socket path: %r" % url)
        return _UnixHTTPConnection(rest, timeout), path or "/"
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("unsupported URL %r (http://, https:// or unix:/path.sock#/path)" % _shown(url))
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout), target
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout), target


def _post(url: str, timeout: float, headers: List[Tuple[str, str]], body: bytes) -> Tuple[int, bytes]:
    """POST ``body``; the HTTP status and the response body (at most _MAX_RESPONSE_BYTES), within
    ``timeout`` seconds overall."""
    deadline = time.monotonic() + timeout
    auth = None if url.startswith("unix:") else _basic_auth(urllib.parse.urlsplit(url))
    shown = _shown(url)
    try:
        conn, target = _endpoint(url, timeout)
    except ValueError as exc:
        raise JsonRpcTransportError(str(exc)) from None
    try:
        conn.putrequest("POST", target, skip_accept_encoding=True)
        sent = {"content-type", "content-length", "accept"}
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Accept", "application/json")
        for name, value in headers:
            if name.lower() not in sent:
                conn.putheader(name, value)
        if auth is not None and not any(name.lower() == "authorization" for name, _ in headers):
            conn.putheader("Authorization", auth)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        length = response.getheader("Content-Length")
        if length is not None and length.isdigit() and int(length) > _MAX_RESPONSE_BYTES:
            raise JsonRpcTransportError("%s answered %s bytes, over the %d-byte limit" % (shown, length, _MAX_RESPONSE_BYTES), response.status)
        chunks: List[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise socket.timeout("timed out")
            chunk = response.read1(65536) if size < _MAX_RESPONSE_BYTES else response.read(1)
            if not chunk:
                break
            size += len(chunk)
            if size > _MAX_RESPONSE_BYTES:
                raise JsonRpcTransportError("%s answered over the %d-byte limit" % (shown, _MAX_RESPONSE_BYTES), response.status)
            chunks.append(chunk)
        return response.status, b"".join(chunks)
    except JsonRpcTransportError:
        raise
    except (socket.timeout, TimeoutError):
        raise JsonRpcTransportError("%s: no answer within %gs" % (shown, timeout)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise JsonRpcTransportError("%s: %s: %s" % (shown, type(exc).__name__, exc)) from None
    finally:
        conn.close()


def _reject_constant(name: str) -> Any:
    raise ValueError("%s is not JSON" % name)


def _decode(url: str, status: int, body: bytes) -> Any:
    """The JSON value of a response body, else JsonRpcTransportError quoting the start of it."""
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        text = body.decode("utf-8", "replace")
        raise JsonRpcTransportError("%s answered HTTP %d, not JSON: %r" % (_shown(url), status, _snippet(text)), status) from None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _response_problem(value: object, request_id: Optional[int]) -> Optional[str]:
    """Why ``value`` is not a JSON-RPC 2.0 response to ``request_id`` (None: it is one)."""
    if not isinstance(value, dict):
        return "not a JSON object"
    response = cast(Dict[str, Any], value)
    if response.get("jsonrpc") != "2.0":
        return '"jsonrpc" is not "2.0"'
    has_result, has_error = "result" in response, "error" in response
    if has_result == has_error:
        return 'it needs exactly one of "result" and "error"'
    rid = response.get("id", ...)
    if has_error:
        error = response["error"]
        if not isinstance(error, dict):
            return '"error" is not an object'
        fields = cast(Dict[str, Any], error)
        if not _is_int(fields.get("code")) or not isinstance(fields.get("message"), str):
            return '"error" needs an integer "code" and a string "message"'
        if rid is None:  # the server could not read the request's id
            return None
    if request_id is not None and (not _is_int(rid) or rid != request_id):
        return '"id" is %s, not %d' % (_snippet(json.dumps(rid, default=repr)) if rid is not ... else "missing", request_id)
    return None


def _error_of(response: Dict[str, Any], errors: Mapping[int, Type[JsonRpcError]]) -> JsonRpcError:
    fields = cast(Dict[str, Any], response["error"])
    code = cast(int, fields["code"])
    return errors.get(code, JsonRpcError)(code, cast(str, fields["message"]), fields.get("data"))


class _Requests:
    """What the sync and async clients share: the request ids and the exchanges themselves."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def call(self, url: str, timeout: float, headers: List[Tuple[str, str]], method: str, params: _Params, errors: Mapping[int, Type[JsonRpcError]]) -> Any:
        rid = self.next_id()
        body = json.dumps({"jsonrpc": "2.0", "id": rid, "method": method, "params": params}, separators=(",", ":")).encode()
        status, raw = _post(url, timeout, headers, body)
        if status // 100 != 2:  # an error object still says more than the status, if there is one
            try:
                value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
            except (ValueError, RecursionError):
                value = None
            if _response_problem(value, rid) is None and "error" in cast(Dict[str, Any], value):
                raise _error_of(cast(Dict[str, Any], value), errors)
            raise JsonRpcTransportError("%s answered HTTP %d: %r" % (_shown(url), status, _snippet(raw.decode("utf-8", "replace"))), status)
        value = _decode(url, status, raw)
        problem = _response_problem(value, rid)
        if problem is None:
            response = cast(Dict[str, Any], value)
            if "error" in response:
                raise _error_of(response, errors)
            return response["result"]
        raise JsonRpcTransportError("%s answered an invalid JSON-RPC response to %s: %s" % (_shown(url), method, problem), status)

    def notify(self, url: str, timeout: float, headers: List[Tuple[str, str]], method: str, params: _Params) -> None:
        body = json.dumps({"jsonrpc": "2.0", "method": method, "params": params}, separators=(",", ":")).encode()
        status, raw = _post(url, timeout, headers, body)
        if status // 100 != 2:
            raise JsonRpcTransportError("%s answered HTTP %d: %r" % (_shown(url), status, _snippet(raw.decode("utf-8", "replace"))), status)

    def batch(self, url: str, timeout: float, headers: List[Tuple[str, str]], calls: Sequence[Tuple[str, _Params]]) -> List[Any]:
        if not calls:
            return []
        ids = [self.next_id() for _ in calls]
        payload = [{"jsonrpc": "2.0", "id": rid, "method": method, "params": params} for rid, (method, params) in zip(ids, calls)]
        status, raw = _post(url, timeout, headers, json.dumps(payload, separators=(",", ":")).encode())
        if status // 100 != 2:
            raise JsonRpcTransportError("%s answered HTTP %d: %r" % (_shown(url), status, _snippet(raw.decode("utf-8", "replace"))), status)
        value = _decode(url, status, raw)
        if not isinstance(value, list):
            if _response_problem(value, None) is None and "error" in cast(Dict[str, Any], value):
                raise _error_of(cast(Dict[str, Any], value), {})  # the server refused the whole batch
            raise JsonRpcTransportError("%s answered a batch with %s, not an array" % (_shown(url), type(cast(object, value)).__name__), status)
        by_id: Dict[int, Any] = {}
        for item in cast(List[Any], value):
            problem = _response_problem(item, None)
            response = cast(Dict[str, Any], item)
            rid = response.get("id") if problem is None else None
            if problem is not None or not _is_int(rid) or rid in by_id:
                raise JsonRpcTransportError("%s answered an invalid batch item: %s" % (_shown(url), problem or '"id" %r is unknown or repeated' % (rid,)), status)
            by_id[cast(int, rid)] = _error_of(response, {}) if "error" in response else response["result"]
        missing = [rid for rid in ids if rid not in by_id]
        if missing or len(by_id) != len(ids):
            raise JsonRpcTransportError("%s answered a batch of %d calls with %d answers" % (_shown(url), len(ids), len(by_id)), status)
        return [by_id[rid] for rid in ids]


class _JsonRpcClient:
    """A JSON-RPC 2.0 client over HTTP(S) or a Unix socket (``unix:/path.sock#/rpc``)."""

    def __init__(self, url: str, *, timeout: float = 30.0, headers: Optional[Mapping[str, str]] = None) -> None:
        self.url = url
        self.timeout = timeout
        self.headers: Dict[str, str] = dict(headers or {})
        self._requests = _Requests()

    def _call(self, method: str, params: _Params, errors: Mapping[int, Type[JsonRpcError]]) -> Any:
        return self._requests.call(self.url, self.timeout, list(self.headers.items()), method, params, errors)

    def _notify(self, method: str, params: _Params) -> None:
        self._requests.notify(self.url, self.timeout, list(self.headers.items()), method, params)

    def call_batch(self, calls: Sequence[Tuple[str, _Params]]) -> List[Any]:
        """One request with several calls: each item is the call's result or a JsonRpcError."""
        return self._requests.batch(self.url, self.timeout, list(self.headers.items()), calls)

    def close(self) -> None:
        """Nothing stays open between calls; kept for ``with`` and symmetry."""

    def __enter__(self: _SyncSelf) -> _SyncSelf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_pool: Optional[Tuple[int, Any]] = None  # (pid, the async clients' thread pool)
_POOL_LOCK = threading.Lock()
_POOL_THREADS = 64  # concurrent requests of all async clients; asyncio's default pool has cpus + 4


def _in_thread(fn: Callable[..., Any], *args: Any) -> Awaitable[Any]:
    """``fn(*args)`` in a worker thread with the caller's context variables (as asyncio.to_thread,
    on a pool of the clients' own, so a fan-out is neither capped at cpus + 4 nor starves the
    loop's default pool). asyncio is imported here: it costs more to import than the rest of the
    module, and a synchronous client never needs it."""
    import asyncio
    import contextvars
    import functools
    import os

    global _pool
    with _POOL_LOCK:
        if _pool is None or _pool[0] != os.getpid():  # a forked child has none of its parent's threads
            from concurrent.futures import ThreadPoolExecutor

            _pool = (os.getpid(), ThreadPoolExecutor(_POOL_THREADS, thread_name_prefix="jsonrpc"))
        pool = _pool[1]
    call = functools.partial(contextvars.copy_context().run, fn, *args)
    return asyncio.get_running_loop().run_in_executor(pool, call)


class _AsyncJsonRpcClient:
    """The same client with ``async`` calls: each request runs in a worker thread that carries the
    caller's context variables (as ``asyncio.to_thread`` does)."""

    def __init__(self, url: str, *, timeout: float = 30.0, headers: Optional[Mapping[str, str]] = None) -> None:
        self.url = url
        self.timeout = timeout
        self.headers: Dict[str, str] = dict(headers or {})
        self._requests = _Requests()

    async def _call(self, method: str, params: _Params, errors: Mapping[int, Type[JsonRpcError]]) -> Any:
        headers = list(self.headers.items())
        return await _in_thread(self._requests.call, self.url, self.timeout, headers, method, params, errors)

    async def _notify(self, method: str, params: _Params) -> None:
        headers = list(self.headers.items())
        await _in_thread(self._requests.notify, self.url, self.timeout, headers, method, params)

    async def call_batch(self, calls: Sequence[Tuple[str, _Params]]) -> List[Any]:
        """One request with several calls: each item is the call's result or a JsonRpcError."""
        headers = list(self.headers.items())
        return await _in_thread(self._requests.batch, self.url, self.timeout, headers, list(calls))

    async def aclose(self) -> None:
        """Nothing stays open between calls; kept for ``async with`` and symmetry."""

    async def __aenter__(self: _AsyncSelf) -> _AsyncSelf:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
