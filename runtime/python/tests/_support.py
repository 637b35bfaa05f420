"""Shared test plumbing: a real Unix-socket span sink, subprocess runners, a span-tree builder."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from typing import Any, Callable, Dict, List, Optional, Tuple

from hero_tracing import _spans

SDK_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOTSTRAP = os.path.join(SDK_DIR, "hero_bootstrap.py")
REPO = os.path.dirname(os.path.dirname(SDK_DIR))
EXAMPLES = os.path.join(REPO, "examples")
HEX16 = re.compile(r"^[0-9a-f]{16}$")
HERO_ENV = ("HERO_FLOW_SPAN_SOCK", "HERO_FLOW_PARENT_SPAN", "HERO_FLOW_TRACE_ID", "HERO_FLOW_PLAY_ID")


class SpanSink:
    """The runtime's side of the span socket: accepts any number of connections and reads JSON
    lines from each on its own thread."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="hero-sink-")
        self.path = os.path.join(self.dir, "s.sock")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(64)
        self.lock = threading.Lock()
        self.lines: List[bytes] = []
        self.conn_lines: List[List[bytes]] = []
        self.conns: List[socket.socket] = []
        self.readers: List[threading.Thread] = []
        self.accepting = True
        self.probes = 0
        self.probe_names: set = set()
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def _accept(self) -> None:
        while self.accepting:
            try:
                conn, _ = self.server.accept()  # _: the peer's address
            except OSError:
                return
            mine: List[bytes] = []
            peer = _  # a probe of drain() binds its own address
            if isinstance(peer, bytes):
                peer = peer.decode()
            if peer and os.path.basename(peer).startswith("probe-"):
                with self.lock:
                    self.probe_names.add(peer)
                conn.close()
                continue
            with self.lock:
                self.conns.append(conn)
                self.conn_lines.append(mine)
            t = threading.Thread(target=self._read, args=(conn, mine), daemon=True)
            with self.lock:
                self.readers.append(t)
            t.start()

    def _read(self, conn: socket.socket, mine: List[bytes]) -> None:
        buf = b""
        while True:
            try:
                data = conn.recv(1 << 16)
            except OSError:
                break
            if not data:
                break
            buf += data
            *done, buf = buf.split(b"\n")
            with self.lock:
                self.lines.extend(done)
                mine.extend(done)
            if not self._received(conn, done):
                return
        if buf:
            with self.lock:
                self.lines.append(buf)
                mine.append(buf)

    def _received(self, conn: socket.socket, lines: List[bytes]) -> bool:
        """Whole lines just read on ``conn``; False stops reading it. A sink that answers overrides it."""
        return True

    @property
    def connections(self) -> int:
        with self.lock:
            return len(self.conns)

    def events(self) -> List[Dict[str, Any]]:
        with self.lock:
            lines = list(self.lines)
        return [json.loads(line) for line in lines if line.strip()]

    def wait_for(self, pred: Callable[[List[Dict[str, Any]]], bool], timeout: float = 10.0) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            evs = self.events()
            if pred(evs):
                return evs
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for events; got %r" % evs[-5:])
            time.sleep(0.01)

    def drain(self, timeout: float = 10.0) -> List[Dict[str, Any]]:
        """Wait until every connection so far reached EOF, then return all events."""
        deadline = time.monotonic() + timeout
        if self.accepting:
            # Connections are accepted in order: once a probe connection of our own is accepted,
            # every earlier connection has its reader.
            self.probes += 1
            name = os.path.join(self.dir, "probe-%d" % self.probes)
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.bind(name)
                probe.connect(self.path)
            except OSError:
                name = ""
            finally:
                probe.close()
            while name:
                with self.lock:
                    if name in self.probe_names:
                        break
                if time.monotonic() > deadline:
                    raise AssertionError("sink did not accept its probe")
                time.sleep(0.002)
        while True:
            with self.lock:
                readers = list(self.readers)
            if all(not t.is_alive() for t in readers):
                return self.events()
            if time.monotonic() > deadline:
                raise AssertionError("span connections still open")
            time.sleep(0.005)

    def drop_connections(self) -> None:
        """Close the listener and every accepted connection (the runtime going away)."""
        self.accepting = False
        try:
            self.server.close()
        except OSError:
            pass
        with self.lock:
            conns = list(self.conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    def close(self) -> None:
        self.drop_connections()
        shutil.rmtree(self.dir, ignore_errors=True)


def clean_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in HERO_ENV and k != "PYTHONPATH"}
    env["PYTHONPATH"] = SDK_DIR
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def run_python(code: str, env: Dict[str, str], timeout: float = 60, cwd: Optional[str] = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd
    )


class BootstrapResult:
    def __init__(self, returncode: int, stdout: str, stderr: str, events: List[Dict[str, Any]]) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.events = events

    def of_type(self, kind: str) -> List[Dict[str, Any]]:
        return [e for e in self.events if e.get("type") == kind]

    @property
    def rejected(self) -> Optional[str]:
        r = self.of_type("play_rejected")
        return r[0]["reason"] if r else None

    def spans(self) -> Dict[str, Dict[str, Any]]:
        return build_spans(self.events)

    def root(self) -> Dict[str, Any]:
        roots = [s for s in self.spans().values() if s["kind"] == "flow_root"]
        assert len(roots) == 1, roots
        return roots[0]

    def __repr__(self) -> str:
        return "BootstrapResult(rc=%r, stdout=%r, stderr=%r, events=%r)" % (
            self.returncode,
            self.stdout[-500:],
            self.stderr[-2000:],
            self.events[-6:],
        )


def start_bootstrap(
    request: Dict[str, Any], sink: SpanSink, env: Optional[Dict[str, str]] = None, **popen: Any
) -> subprocess.Popen[bytes]:
    full_env = clean_env(HERO_FLOW_SPAN_SOCK=sink.path, HERO_FLOW_PLAY_ID="play-test", HERO_FLOW_TRACE_ID="4bf92f3577b34da6a3ce929d0e0e4736")
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, BOOTSTRAP],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full_env,
        **popen,
    )
    assert proc.stdin is not None
    proc.stdin.write((json.dumps(request) + "\n").encode())
    proc.stdin.flush()
    return proc


def run_bootstrap(
    file: str,
    flow: Optional[str] = None,
    inputs: Optional[Dict[str, Any]] = None,
    raw_inputs: Optional[Dict[str, str]] = None,
    env: Optional[Dict[str, str]] = None,
    timeout: float = 60,
) -> BootstrapResult:
    sink = SpanSink()
    try:
        request = {"file": file, "flow": flow, "inputs": inputs or {}, "raw_inputs": raw_inputs or {}}
        proc = start_bootstrap(request, sink, env, start_new_session=True)
        out, err = proc.communicate(timeout=timeout)
        events = sink.drain()
        return BootstrapResult(proc.returncode, out.decode(), err.decode(), events)
    finally:
        sink.close()


def build_spans(events: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    """The span records the runtime would build from a stream (tags merged, logs collected)."""
    spans: Dict[str, Dict[str, Any]] = {}
    for e in events:
        t = e.get("type")
        if t == "span_start":
            spans[e["span_id"]] = {
                "span_id": e["span_id"],
                "parent_id": e["parent_id"],
                "name": e["name"],
                "kind": e.get("kind", "step"),
                "status": "running",
                "tags": dict(e.get("tags") or {}),
                "logs": [],
                "error": None,
                "source_file": e.get("source_file"),
                "source_line": e.get("source_line"),
                "start_ms": e["t_ms"],
                "end_ms": None,
                "start_event": e,
            }
        elif t == "span_tag":
            spans[e["span_id"]]["tags"].update(e["tags"])
        elif t == "span_log":
            spans[e["span_id"]]["logs"].append(e["message"])
        elif t == "span_end":
            s = spans[e["span_id"]]
            s["status"] = e["status"]
            s["error"] = e.get("error")
            s["end_ms"] = e["t_ms"]
            s["tags"].update(e.get("tags") or {})
    return spans


def by_name(spans: Dict[str, Dict[str, Any]], name: str) -> Dict[str, Any]:
    found = [s for s in spans.values() if s["name"] == name]
    assert len(found) == 1, "expected one span named %r, got %d" % (name, len(found))
    return found[0]


def children(spans: Dict[str, Dict[str, Any]], parent: Dict[str, Any]) -> List[Dict[str, Any]]:
    return sorted((s for s in spans.values() if s["parent_id"] == parent["span_id"]), key=lambda s: s["start_ms"])


class TracedTestCase(unittest.TestCase):
    """In-process tests: the SDK points at a fresh sink for each test; ``collect()`` closes the
    connection and returns everything the sink read."""

    def setUp(self) -> None:
        self.sink = SpanSink()
        _spans._configure(self.sink.path)

    def tearDown(self) -> None:
        _spans._configure(None)
        self.sink.close()

    def collect(self) -> List[Dict[str, Any]]:
        _spans._configure(None)
        return self.sink.drain()

    def spans(self) -> Dict[str, Dict[str, Any]]:
        return build_spans(self.collect())


def write_flow(dirpath: str, name: str, source: str) -> str:
    path = os.path.join(dirpath, name)
    with open(path, "w") as f:
        f.write(source)
    return path


def lines_of(events: List[Dict[str, Any]], type_: str) -> List[Dict[str, Any]]:
    return [e for e in events if e.get("type") == type_]


def line_of(path: str, marker: str) -> int:
    with open(path) as f:
        for i, line in enumerate(f, 1):
            if marker in line:
                return i
    raise AssertionError("marker %r not in %s" % (marker, path))


__all__ = [
    "SpanSink",
    "TracedTestCase",
    "BootstrapResult",
    "run_bootstrap",
    "start_bootstrap",
    "run_python",
    "clean_env",
    "build_spans",
    "by_name",
    "children",
    "write_flow",
    "line_of",
    "lines_of",
    "SDK_DIR",
    "BOOTSTRAP",
    "EXAMPLES",
    "HEX16",
    "Tuple",
]
