"""A real stdlib JSON-RPC server for the client runtime's tests, over TCP or a Unix socket.

Methods: ``echo`` (its params), ``fail`` (error 4001 with data), ``sleep`` (waits params[0] s),
``seen`` (the headers it received), ``meet`` (waits at ``server.barrier``: proof that calls run at once). The request path picks a misbehaviour instead: ``/status``
(HTTP 502, text), ``/notjson`` (200, HTML), ``/big`` (200, ``big`` bytes of JSON), ``/big-chunked``
(the same without Content-Length), ``/wrong-id``, ``/no-version``, ``/both``, ``/error-500``
(HTTP 500 carrying a JSON-RPC error), ``/slow`` (waits 2 s before answering). Every request is
recorded with its headers."""

from __future__ import annotations

import http.server
import json
import os
import socketserver
import tempfile
import threading
import time
from typing import Any, Dict, List, Optional, Tuple


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # quiet, and a Unix peer has no address
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        request = json.loads(body)
        record = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": request}
        with self.server.lock:
            self.server.requests.append(record)
        path = self.path
        if path == "/status":
            return self.reply(502, b"bad gateway", "text/plain")
        if path == "/notjson":
            return self.reply(200, b"<html>oops</html>", "text/html")
        if path in ("/big", "/big-chunked"):
            blob = json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": "x" * self.server.big}).encode()
            return self.reply(200, blob, chunked=path == "/big-chunked")
        if path == "/raw":  # the body the test put in server.raw, verbatim (ids: {id} is the request's)
            return self.reply(200, self.server.raw.replace(b"{id}", str(request["id"]).encode()))
        if path == "/short":  # a Content-Length longer than the body
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"jsonrpc"')
            self.close_connection = True
            return
        if path == "/slow":
            time.sleep(2)
        if isinstance(request, list):
            answers = [a for a in (self.answer(r) for r in request) if a is not None]
            return self.reply(200, json.dumps(list(reversed(answers))).encode())
        answer = self.answer(request)
        if answer is None:
            return self.reply(204, b"")
        if path == "/wrong-id":
            answer["id"] = request["id"] + 1000
        elif path == "/no-version":
            del answer["jsonrpc"]
        elif path == "/both":
            answer["error"] = {"code": 1, "message": "and"}
        elif path == "/error-500":
            return self.reply(500, json.dumps({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32000, "message": "server down"}}).encode())
        self.reply(200, json.dumps(answer).encode())

    def answer(self, request: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        if "id" not in request:
            return None
        method, params = request["method"], request.get("params")
        out: Dict[str, Any] = {"jsonrpc": "2.0", "id": request["id"]}
        if method == "echo":
            out["result"] = params
        elif method == "fail":
            out["error"] = {"code": 4001, "message": "no free seat", "data": {"seats": 3}}
        elif method == "sleep":
            time.sleep(params[0])
            out["result"] = params[0]
        elif method == "meet":  # waits until server.barrier's parties have all arrived
            try:
                self.server.barrier.wait(timeout=30)
                out["result"] = "met"
            except threading.BrokenBarrierError:
                out["error"] = {"code": -1, "message": "not everyone came"}
        elif method == "seen":
            out["result"] = {k.lower(): v for k, v in self.headers.items()}
        else:
            out["error"] = {"code": -32601, "message": "Method not found"}
        return out

    def reply(self, status: int, body: bytes, ctype: str = "application/json", chunked: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 4096):
                piece = body[i : i + 4096]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _TcpServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client that gave up
        pass


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass

    def get_request(self) -> Tuple[Any, Any]:
        conn, _ = self.socket.accept()
        return conn, ("unix", 0)  # BaseHTTPRequestHandler wants a (host, port) peer


class JsonRpcTestServer:
    """``url(path)`` gives the URL of this server for a request path."""

    def __init__(self, unix: bool = False) -> None:
        self.dir: Optional[str] = None
        if unix:
            self.dir = tempfile.mkdtemp(prefix="hero-rpc-")
            self.sock_path = os.path.join(self.dir, "rpc.sock")
            self.server: Any = _UnixServer(self.sock_path, _Handler)
        else:
            self.server = _TcpServer(("127.0.0.1", 0), _Handler)
        self.server.lock = threading.Lock()
        self.server.requests = []
        self.server.big = 0
        self.server.raw = b""
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        if self.dir is not None:
            return "unix:%s#%s" % (self.sock_path, path)
        return "http://127.0.0.1:%d%s" % (self.server.server_address[1], path)

    @property
    def requests(self) -> List[Dict[str, Any]]:
        with self.server.lock:
            return list(self.server.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.dir is not None:
            import shutil

            shutil.rmtree(self.dir, ignore_errors=True)
