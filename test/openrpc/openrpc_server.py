"""A JSON-RPC 2.0 test server driven by an OpenRPC document (stdlib only).

    python3 test/openrpc/openrpc_server.py DOC.json [SOCKET_PATH]

Serves HTTP on 127.0.0.1 (a free port) and on a Unix socket at once, prints one JSON line
``{"http": URL, "unix": URL}``, and serves until its stdin closes. Each method answers a value
synthesized from its result schema (schema_values.py, deterministic); ``rpc.discover`` answers the
document. Params are checked against the method's paramStructure (by-name: an object of known
names; by-position: an array; either: both) and its required params: a mismatch is error -32602.
Every request is recorded (method, params, headers, problem); ``GET /__requests__`` lists them.
"""

from __future__ import annotations

import http.server
import json
import os
import socketserver
import sys
import tempfile
import threading
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_values import resolve, value_for  # noqa: E402


def params_problem(doc: Dict[str, Any], method: Dict[str, Any], params: Any) -> Optional[str]:
    """Why ``params`` does not fit the method's paramStructure and required params, or None."""
    structure = method.get("paramStructure", "either")
    declared = [resolve(doc, p) for p in method.get("params", [])]
    names = [p["name"] for p in declared]
    required = [p["name"] for p in declared if p.get("required")]
    if params is None:
        params = {} if structure == "by-name" else []
    if isinstance(params, dict):
        if structure == "by-position":
            return "params by name, but the method takes them by position"
        unknown = sorted(set(params) - set(names))
        missing = [n for n in required if n not in params]
        if unknown or missing:
            return "unknown params %s, missing %s" % (unknown, missing)
        return None
    if isinstance(params, list):
        if structure == "by-name":
            return "params by position, but the method takes them by name"
        if len(params) > len(names):
            return "%d params, the method has %d" % (len(params), len(names))
        last_required = max((i for i, p in enumerate(declared) if p.get("required")), default=-1)
        if len(params) <= last_required:
            return "%d params, %s is required" % (len(params), names[last_required])
        return None
    return "params is neither an object nor an array"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path != "/__requests__":
            return self._reply(404, b"not found")
        with self.server.state["lock"]:
            body = json.dumps(self.server.state["requests"]).encode()
        self._reply(200, body)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            request = json.loads(raw)
        except ValueError:
            return self._reply(200, json.dumps({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}).encode())
        headers = {k.lower(): v for k, v in self.headers.items()}
        if isinstance(request, list):
            answers = [a for a in (self._answer(r, headers) for r in request) if a is not None]
            return self._reply(200, json.dumps(answers).encode())
        answer = self._answer(request, headers)
        self._reply(200 if answer is not None else 204, json.dumps(answer).encode() if answer is not None else b"")

    def _answer(self, request: Any, headers: Dict[str, str]) -> Optional[Dict[str, Any]]:
        doc = self.server.state["doc"]
        if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str):
            return {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid Request"}}
        name, params = request["method"], request.get("params")
        method = next((m for m in (resolve(doc, m) for m in doc.get("methods", [])) if m.get("name") == name), None)
        problem = None
        if name == "rpc.discover":
            out: Dict[str, Any] = {"result": doc}
        elif method is None:
            problem = "method not found"
            out = {"error": {"code": -32601, "message": "Method not found"}}
        else:
            problem = params_problem(doc, method, params)
            if problem is not None:
                out = {"error": {"code": -32602, "message": "Invalid params: " + problem}}
            elif "result" in method:
                result = resolve(doc, method["result"])
                out = {"result": value_for(doc, result.get("schema", {}), result.get("name", "result"))}
            else:
                out = {"result": None}
        with self.server.state["lock"]:
            self.server.state["requests"].append(
                {"id": request.get("id"), "method": name, "params": params, "headers": headers, "problem": problem, "path": self.path}
            )
        if "id" not in request:
            return None
        return {"jsonrpc": "2.0", "id": request["id"], **out}

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Tcp(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class _Unix(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 64

    def get_request(self) -> Tuple[Any, Any]:
        conn, _ = self.socket.accept()
        return conn, ("unix", 0)


def main(argv: List[str]) -> None:
    with open(argv[0], encoding="utf-8") as f:
        doc = json.load(f)
    folder = None
    if len(argv) > 1:
        sock_path = argv[1]
    else:
        folder = tempfile.mkdtemp(prefix="openrpc-server-")
        sock_path = os.path.join(folder, "rpc.sock")
    state = {"doc": doc, "lock": threading.Lock(), "requests": []}
    servers: List[Any] = [_Tcp(("127.0.0.1", 0), _Handler), _Unix(sock_path, _Handler)]
    for server in servers:
        server.state = state
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    print(json.dumps({"http": "http://127.0.0.1:%d/rpc" % servers[0].server_address[1], "unix": "unix:%s#/rpc" % sock_path}), flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin (or dies)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        if folder is not None:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
