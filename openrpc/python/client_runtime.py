"""Runtime of a generated OpenRPC client (placeholder; helper PY's template replaces it)."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import urllib.parse
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type, Union, cast

# ---- body ----

_MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class JsonRpcError(Exception):
    """A JSON-RPC error response: its code, message and data."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(f"{message} (code {code})")
        self.code = code
        self.message = message
        self.data = data


class JsonRpcTransportError(Exception):
    """The request did not get a JSON-RPC answer (connection, HTTP status, bad JSON, timeout)."""


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._socket_path)
        self.sock = sock


def _named(*pairs: Tuple[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in pairs if value is not None}


def _positional(*values: Any) -> List[Any]:
    items = list(values)
    while items and items[-1] is None:
        items.pop()
    return items


class _JsonRpcClient:
    """A JSON-RPC 2.0 client over HTTP(S) or a Unix socket."""

    def __init__(self, url: str, *, timeout: float = 30.0, headers: Optional[Mapping[str, str]] = None) -> None:
        self.url = url
        self.timeout = timeout
        self.headers: Dict[str, str] = dict(headers or {})
        self._next_id = 0

    def close(self) -> None:
        pass

    def __enter__(self) -> _JsonRpcClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _post(self, payload: Any) -> Any:
        body = json.dumps(payload).encode("utf-8")
        request_headers = {"Content-Type": "application/json", **self.headers}
        try:
            if self.url.startswith("unix:"):
                path, _, rpc_path = self.url[len("unix:"):].partition("#")
                connection: http.client.HTTPConnection = _UnixHTTPConnection(
                    "/" + path.lstrip("/"), self.timeout
                )
                target = rpc_path or "/"
            else:
                parts = urllib.parse.urlsplit(self.url)
                cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
                connection = cls(parts.netloc, timeout=self.timeout)
                target = parts.path or "/"
            try:
                connection.request("POST", target, body, request_headers)
                response = connection.getresponse()
                raw = response.read(_MAX_RESPONSE_BYTES + 1)
            finally:
                connection.close()
        except OSError as error:
            raise JsonRpcTransportError(str(error)) from error
        if response.status != 200:
            raise JsonRpcTransportError(f"HTTP status {response.status}")
        if len(raw) > _MAX_RESPONSE_BYTES:
            raise JsonRpcTransportError("response too large")
        try:
            return json.loads(raw)
        except ValueError as error:
            raise JsonRpcTransportError(f"bad JSON: {error}") from error

    def _request(self, method: str, params: Union[Dict[str, Any], List[Any]]) -> Dict[str, Any]:
        self._next_id += 1
        return {"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params}

    def _call(
        self,
        method: str,
        params: Union[Dict[str, Any], List[Any]],
        errors: Mapping[int, Type[JsonRpcError]],
    ) -> Any:
        answer = self._post(self._request(method, params))
        return _result(answer, errors)

    def _notify(self, method: str, params: Union[Dict[str, Any], List[Any]]) -> None:
        self._post({"jsonrpc": "2.0", "method": method, "params": params})

    def call_batch(self, calls: Sequence[Tuple[str, Union[Dict[str, Any], List[Any]]]]) -> List[Any]:
        requests = [self._request(method, params) for method, params in calls]
        answers = self._post(requests)
        by_id: Dict[Any, Any] = {}
        if isinstance(answers, list):
            for answer in cast(List[Any], answers):
                if isinstance(answer, dict):
                    item = cast(Dict[str, Any], answer)
                    by_id[item.get("id")] = item
        results: List[Any] = []
        for request in requests:
            try:
                results.append(_result(by_id.get(request["id"]), {}))
            except JsonRpcError as error:
                results.append(error)
        return results


def _result(answer: Any, errors: Mapping[int, Type[JsonRpcError]]) -> Any:
    if not isinstance(answer, dict):
        raise JsonRpcTransportError("not a JSON-RPC response")
    response = cast(Dict[str, Any], answer)
    if "error" in response:
        raw_error: Any = response["error"]
        error = cast(Dict[str, Any], raw_error) if isinstance(raw_error, dict) else {}
        code = int(error.get("code", 0))
        cls = errors.get(code, JsonRpcError)
        raise cls(code, str(error.get("message", "")), error.get("data"))
    return response.get("result")


class _AsyncJsonRpcClient:
    """The asynchronous twin of _JsonRpcClient (the sync transport on a worker thread)."""

    def __init__(self, url: str, *, timeout: float = 30.0, headers: Optional[Mapping[str, str]] = None) -> None:
        self._sync = _JsonRpcClient(url, timeout=timeout, headers=headers)
        self.url = url
        self.timeout = timeout
        self.headers: Dict[str, str] = self._sync.headers

    async def aclose(self) -> None:
        pass

    async def __aenter__(self) -> _AsyncJsonRpcClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _call(
        self,
        method: str,
        params: Union[Dict[str, Any], List[Any]],
        errors: Mapping[int, Type[JsonRpcError]],
    ) -> Any:
        self._sync.headers = self.headers
        return await asyncio.to_thread(self._sync._call, method, params, errors)  # pyright: ignore[reportPrivateUsage]

    async def _notify(self, method: str, params: Union[Dict[str, Any], List[Any]]) -> None:
        self._sync.headers = self.headers
        await asyncio.to_thread(self._sync._notify, method, params)  # pyright: ignore[reportPrivateUsage]

    async def call_batch(self, calls: Sequence[Tuple[str, Union[Dict[str, Any], List[Any]]]]) -> List[Any]:
        self._sync.headers = self.headers
        return await asyncio.to_thread(self._sync.call_batch, calls)
