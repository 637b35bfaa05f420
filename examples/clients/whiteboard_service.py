"""A pretend whiteboard service: the JSON-RPC 2.0 server behind ``whiteboard.openrpc.json``.

Standard library only. ``whiteboard_url()`` is where the examples' flows find it: ``$WHITEBOARD_URL``
when set, else a private server this process starts on demand (a Unix socket in a temporary
folder, served by a daemon thread, gone when the process exits). Every call waits 10–40 ms to
feel like a round trip. State lives in memory, per server. ``sent`` records each request with the
headers it carried, so you can see what ``instrument()`` adds (``X-Hero-Parent-Span``,
``traceparent``).

    python3 examples/clients/whiteboard_service.py /tmp/wb.sock    (serve on a socket of your own)
    WHITEBOARD_URL=unix:/tmp/wb.sock#/rpc python3 examples/create_workspace.py
"""

from __future__ import annotations

import atexit
import http.server
import itertools
import json
import os
import random
import shutil
import socketserver
import sys
import tempfile
import threading
import time
from typing import Any, Dict, List, Optional, Tuple, cast

NO_FREE_SEAT = 4001
NOT_FOUND = 4004


class ServiceError(Exception):
    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


class Backend:
    """The service's state and methods."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.workspaces: Dict[int, Dict[str, Any]] = {}
        self.boards: Dict[int, Dict[str, Any]] = {}

    def handle(self, method: str, params: Dict[str, Any]) -> Any:
        with self._lock:
            return self._handle(method, params)

    def _handle(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "workspace_create":
            ws = {"id": next(self._ids), "name": params["name"], "seats": params.get("seats", 3), "members": []}
            self.workspaces[ws["id"]] = ws
            return {"id": ws["id"], "name": ws["name"], "seats": ws["seats"]}
        if method == "workspace_get":
            ws = self._workspace(params["workspace_id"])
            return {"id": ws["id"], "name": ws["name"], "seats": ws["seats"], "members": len(ws["members"])}
        if method == "board_create":
            ws = self._workspace(params["workspace_id"])
            board = {"id": next(self._ids), "workspace_id": ws["id"], "title": params["title"], "shared_with": []}
            self.boards[board["id"]] = board
            return {**board, "shared_with": []}
        if method == "board_share":
            board = self.boards.get(params["board_id"])
            if board is None:
                raise ServiceError(NOT_FOUND, "Not found", {"board_id": params["board_id"]})
            board["shared_with"].append(params["email"])
            return {"board_id": board["id"], "shared_with": list(board["shared_with"])}
        if method == "member_add":
            ws = self._workspace(params["workspace_id"])
            if len(ws["members"]) >= ws["seats"]:
                raise ServiceError(NO_FREE_SEAT, "No free seat", {"seats": ws["seats"]})
            member = {"email": params["email"], "role": params.get("role", "editor")}
            ws["members"].append(member)
            return {"workspace_id": ws["id"], **member}
        if method == "member_list":
            return [dict(m) for m in self._workspace(params["workspace_id"])["members"]]
        raise ServiceError(-32601, "Method not found", {"method": method})

    def _workspace(self, workspace_id: int) -> Dict[str, Any]:
        ws = self.workspaces.get(workspace_id)
        if ws is None:
            raise ServiceError(NOT_FOUND, "Not found", {"workspace_id": workspace_id})
        return ws


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _service(self) -> "WhiteboardServer":
        return cast(WhiteboardServer, self.server)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            request = json.loads(body)
        except ValueError:
            return self._reply({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})
        self._service().sent.append({"request": request, "headers": dict(self.headers.items())})
        time.sleep(random.uniform(*self._service().latency))
        if isinstance(request, list):
            answers = [a for a in (self._answer(r) for r in request) if a is not None]
            return self._reply(answers)
        self._reply(self._answer(request))

    def _answer(self, request: Any) -> Optional[Dict[str, Any]]:
        if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str):
            return {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid Request"}}
        params = request.get("params", {})
        try:
            if not isinstance(params, dict):
                raise ServiceError(-32602, "Invalid params: by name only")
            result = self._service().backend.handle(request["method"], params)
            answer: Dict[str, Any] = {"result": result}
        except ServiceError as exc:
            answer = {"error": {"code": exc.code, "message": exc.message, **({"data": exc.data} if exc.data is not None else {})}}
        except (KeyError, TypeError) as exc:
            answer = {"error": {"code": -32602, "message": "Invalid params", "data": str(exc)}}
        if "id" not in request:
            return None  # a notification
        return {"jsonrpc": "2.0", "id": request["id"], **answer}

    def _reply(self, answer: Any) -> None:
        data = json.dumps(answer).encode() if answer is not None else b""
        self.send_response(200 if data else 204)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class WhiteboardServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """The service on a Unix socket, one thread per connection."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, path: str, latency: Tuple[float, float] = (0.010, 0.040)) -> None:
        super().__init__(path, _Handler)
        self.backend = Backend()
        self.latency = latency
        self.sent: List[Dict[str, Any]] = []

    def get_request(self) -> Tuple[Any, Any]:
        conn, _ = self.socket.accept()
        return conn, ("whiteboard", 0)  # the handler wants a (host, port) peer

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client that gave up
        pass


_private: Optional[Tuple[str, WhiteboardServer]] = None
_private_lock = threading.Lock()


def whiteboard_url() -> str:
    """``$WHITEBOARD_URL``, else the URL of this process's private server (started on first use)."""
    url = os.environ.get("WHITEBOARD_URL")
    if url:
        return url
    return "unix:%s#/rpc" % private_server().server_address


def private_server() -> WhiteboardServer:
    """This process's own whiteboard server, started on first use."""
    global _private
    with _private_lock:
        if _private is None or _private[0] != str(os.getpid()):  # a forked child starts its own
            folder = tempfile.mkdtemp(prefix="whiteboard-")
            server = WhiteboardServer(os.path.join(folder, "wb.sock"))
            threading.Thread(target=server.serve_forever, args=(0.05,), name="whiteboard", daemon=True).start()
            atexit.register(shutil.rmtree, folder, True)
            _private = (str(os.getpid()), server)
        return _private[1]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: whiteboard_service.py SOCKET_PATH")
    with WhiteboardServer(sys.argv[1]) as served:
        print("serving on unix:%s#/rpc" % sys.argv[1], flush=True)
        try:
            served.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            os.unlink(sys.argv[1])
