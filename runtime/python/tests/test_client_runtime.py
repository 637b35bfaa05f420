"""openrpc/python/client_runtime.py, the runtime every generated client embeds, against a real
stdlib JSON-RPC server over TCP and over a Unix socket."""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import os
import random
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import types
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

from hero_tracing import flow, instrument

from tests._jsonrpc_server import JsonRpcTestServer
from tests._support import EXAMPLES, REPO, TracedTestCase, by_name, children

TEMPLATE = os.path.join(REPO, "openrpc", "python", "client_runtime.py")


def load_runtime() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("hero_client_runtime_under_test", TEMPLATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # so its errors pickle
    spec.loader.exec_module(module)
    return module


rt = load_runtime()


class NoFreeSeatError(rt.JsonRpcError):  # type: ignore[name-defined,misc]
    code = 4001


ERRORS = {4001: NoFreeSeatError}


class Board(rt._JsonRpcClient):  # type: ignore[name-defined,misc]
    """What a generated client looks like, by hand."""

    _rpc_service_ = "board"
    _rpc_methods_ = {"echo": "echo", "fail": "fail", "sleep": "sleep", "seen": "seen", "tell": "tell"}

    def echo(self, value: Any) -> Any:
        return self._call("echo", rt._named(("value", value)), {})

    def fail(self) -> Any:
        return self._call("fail", rt._positional(), ERRORS)

    def sleep(self, seconds: float) -> Any:
        return self._call("sleep", rt._positional(seconds), {})

    def seen(self) -> Dict[str, str]:
        return self._call("seen", [], {})

    def tell(self, text: str) -> None:
        self._notify("tell", [text])


class AsyncBoard(rt._AsyncJsonRpcClient):  # type: ignore[name-defined,misc]
    _rpc_service_ = "board"
    _rpc_methods_ = {"echo": "echo", "fail": "fail", "seen": "seen", "tell": "tell"}

    async def echo(self, value: Any) -> Any:
        return await self._call("echo", rt._named(("value", value)), {})

    async def fail(self) -> Any:
        return await self._call("fail", [], ERRORS)

    async def seen(self) -> Dict[str, str]:
        return await self._call("seen", [], {})

    async def tell(self, text: str) -> None:
        await self._notify("tell", [text])


class RuntimeCases:
    """The same cases over TCP and over a Unix socket (subclasses set ``unix``)."""

    unix = False

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.server = JsonRpcTestServer(unix=self.unix)
        self.addCleanup(self.server.close)  # type: ignore[attr-defined]

    def test_a_call_sends_json_rpc_2_and_returns_the_result(self) -> None:
        wb = Board(self.server.url("/rpc"), headers={"User-Agent": "t/1"})
        self.assertEqual(wb.echo({"a": [1, 2.5, None, "é"]}), {"value": {"a": [1, 2.5, None, "é"]}})
        self.assertEqual(wb.echo("again"), {"value": "again"})
        first, second = self.server.requests
        self.assertEqual(first["path"], "/rpc")
        self.assertEqual(first["body"], {"jsonrpc": "2.0", "id": 1, "method": "echo", "params": {"value": {"a": [1, 2.5, None, "é"]}}})
        self.assertEqual(second["body"]["id"], 2)
        self.assertEqual((first["headers"]["content-type"], first["headers"]["user-agent"]), ("application/json", "t/1"))

    def test_the_default_path_is_slash_and_headers_are_read_at_each_call(self) -> None:
        url = self.server.url("/")
        wb = Board(url[: url.index("#")] if self.unix else url[:-1])
        wb.headers["X-One"] = "1"
        wb.seen()
        wb.headers["X-One"] = "2"
        self.assertEqual(wb.seen()["x-one"], "2")
        self.assertEqual([r["path"] for r in self.server.requests], ["/", "/"])

    def test_an_error_object_raises_the_mapped_class_else_json_rpc_error(self) -> None:
        wb = Board(self.server.url())
        with self.assertRaises(NoFreeSeatError) as caught:  # type: ignore[attr-defined]
            wb.fail()
        err = caught.exception
        self.assertEqual((err.code, err.message, err.data), (4001, "no free seat", {"seats": 3}))
        self.assertEqual(str(err), 'no free seat (code 4001): {"seats": 3}')
        with self.assertRaises(rt.JsonRpcError) as unknown:  # type: ignore[attr-defined]
            wb._call("nope", [], ERRORS)
        self.assertIs(type(unknown.exception), rt.JsonRpcError)
        self.assertEqual(unknown.exception.code, -32601)

    def test_a_json_rpc_error_under_http_500_is_still_the_error(self) -> None:
        with self.assertRaises(rt.JsonRpcError) as caught:  # type: ignore[attr-defined]
            Board(self.server.url("/error-500")).echo(1)
        self.assertEqual((caught.exception.code, caught.exception.message), (-32000, "server down"))

    def test_transport_errors_name_the_status_and_quote_the_body(self) -> None:
        cases = {
            "/status": r"answered HTTP 502: 'bad gateway'",
            "/notjson": r"answered HTTP 200, not JSON: '<html>oops</html>'",
            "/wrong-id": r'invalid JSON-RPC response to echo: "id" is \d+, not 1',
            "/no-version": r'"jsonrpc" is not "2.0"',
            "/both": r'exactly one of "result" and "error"',
        }
        for path, pattern in cases.items():
            with self.subTest(path=path):  # type: ignore[attr-defined]
                with self.assertRaises(rt.JsonRpcTransportError) as caught:  # type: ignore[attr-defined]
                    Board(self.server.url(path)).echo(1)
                self.assertRegex(str(caught.exception), pattern)  # type: ignore[attr-defined]
        self.assertEqual(caught.exception.status, 200)

    def test_a_response_over_the_cap_is_refused_with_or_without_a_length(self) -> None:
        self.server.server.big = 5000
        saved = rt._MAX_RESPONSE_BYTES
        rt._MAX_RESPONSE_BYTES = 4096
        try:
            for path in ("/big", "/big-chunked"):
                with self.subTest(path=path):  # type: ignore[attr-defined]
                    with self.assertRaises(rt.JsonRpcTransportError) as caught:  # type: ignore[attr-defined]
                        Board(self.server.url(path)).echo(1)
                    self.assertIn("over the 4096-byte limit", str(caught.exception))  # type: ignore[attr-defined]
        finally:
            rt._MAX_RESPONSE_BYTES = saved
        self.server.server.big = 3000  # under the cap: read whole, chunked too
        self.assertEqual(len(Board(self.server.url("/big-chunked")).echo(1)), 3000)

    def test_a_timeout_is_a_transport_error(self) -> None:
        with self.assertRaises(rt.JsonRpcTransportError) as caught:  # type: ignore[attr-defined]
            Board(self.server.url("/slow"), timeout=0.2).echo(1)
        self.assertIn("no answer within 0.2s", str(caught.exception))  # type: ignore[attr-defined]

    def test_batch_maps_answers_to_calls_in_order(self) -> None:
        wb = Board(self.server.url())
        out = wb.call_batch([("echo", {"n": 1}), ("fail", []), ("echo", [2])])
        self.assertEqual((out[0], out[2]), ({"n": 1}, [2]))
        self.assertIsInstance(out[1], rt.JsonRpcError)  # type: ignore[attr-defined]
        self.assertEqual(out[1].code, 4001)
        self.assertEqual(wb.call_batch([]), [])
        self.assertEqual(len(self.server.requests), 1)

    def test_a_notification_has_no_id_and_returns_none(self) -> None:
        wb = Board(self.server.url())
        self.assertEqual(wb.tell("hi"), None)
        self.assertEqual(self.server.requests[0]["body"], {"jsonrpc": "2.0", "method": "tell", "params": ["hi"]})

    def test_async_client_calls_batches_notifies_and_maps_errors(self) -> None:
        async def main() -> List[Any]:
            async with AsyncBoard(self.server.url()) as wb:
                got = list(await asyncio.gather(*(wb.echo(i) for i in range(6))))
                try:
                    await wb.fail()
                except NoFreeSeatError as exc:
                    got.append(exc.code)
                await wb.tell("x")
                got.append(await wb.call_batch([("echo", [1])]))
                return got

        self.assertEqual(asyncio.run(main()), [{"value": i} for i in range(6)] + [4001, [[1]]])

    def test_an_async_fan_out_is_not_capped_at_the_default_pool(self) -> None:
        # asyncio's default pool runs cpus + 4 calls at once; 16 calls must all be in flight
        # together, or the server's barrier never opens (a hang guard of 30 s, not a timing).
        self.server.server.barrier = threading.Barrier(16)

        async def main() -> List[Any]:
            wb = AsyncBoard(self.server.url())
            return list(await asyncio.gather(*(wb._call("meet", [], {}) for _ in range(16))))

        self.assertEqual(asyncio.run(main()), ["met"] * 16)

    def test_concurrent_threads_share_one_client(self) -> None:
        wb = Board(self.server.url())
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda i: wb.echo(i), range(40)))
        self.assertEqual(results, [{"value": i} for i in range(40)])
        self.assertEqual(sorted(r["body"]["id"] for r in self.server.requests), list(range(1, 41)))


class TcpRuntimeTest(RuntimeCases, unittest.TestCase):
    unix = False

    def test_connection_refused_is_a_transport_error(self) -> None:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        with self.assertRaises(rt.JsonRpcTransportError) as caught:
            Board("http://127.0.0.1:%d/" % port).echo(1)
        self.assertIn("ConnectionRefusedError", str(caught.exception))

    def test_a_user_in_the_url_is_basic_auth_and_its_password_never_in_a_message(self) -> None:
        port = self.server.server.server_address[1]
        wb = Board("http://ada:s%%40cret@127.0.0.1:%d/rpc" % port)
        self.assertEqual(wb.seen()["authorization"], "Basic " + base64.b64encode(b"ada:s@cret").decode())
        wb.headers["Authorization"] = "Bearer t"  # the user's own header wins
        self.assertEqual(wb.seen()["authorization"], "Bearer t")
        with self.assertRaises(rt.JsonRpcTransportError) as caught:
            Board("http://ada:s3cret@127.0.0.1:%d/status" % port).echo(1)
        self.assertIn("http://ada:***@127.0.0.1:%d/status answered HTTP 502" % port, str(caught.exception))
        self.assertNotIn("s3cret", str(caught.exception))

    def test_an_unsupported_url_is_a_transport_error(self) -> None:
        for url in ("ftp://x/", "unix:", "http:///nohost"):
            with self.subTest(url=url):
                with self.assertRaises(rt.JsonRpcTransportError):
                    Board(url).echo(1)


def _content_length(request: bytes) -> int:
    """The Content-Length a raw HTTP request's headers give (0 when none)."""
    for line in request.partition(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value.strip())
    return 0


class UnixRuntimeTest(RuntimeCases, unittest.TestCase):
    unix = True

    def test_both_unix_url_spellings_reach_the_socket(self) -> None:
        path = self.server.sock_path
        self.assertEqual(Board("unix://%s#/a" % path).echo(1), {"value": 1})
        self.assertEqual(Board("unix:%s" % path).echo(2), {"value": 2})
        self.assertEqual([r["path"] for r in self.server.requests], ["/a", "/"])

    def test_a_full_backlog_is_waited_out_within_the_timeout(self) -> None:
        # A listener that accepts nothing yet: once its backlog is full a Unix connect fails with
        # EAGAIN at once; the client retries until the listener catches up (here after 0.3 s).
        path = os.path.join(self.server.dir or "", "slow.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(0)
        self.addCleanup(listener.close)
        fillers: List[socket.socket] = []
        while True:
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.setblocking(False)
            try:
                probe.connect(path)
            except BlockingIOError:
                probe.close()
                break
            fillers.append(probe)
        self.assertLess(len(fillers), 10)
        with self.assertRaises(rt.JsonRpcTransportError) as caught:
            Board("unix:" + path, timeout=0.2).echo(1)
        self.assertIn("no answer within 0.2s", str(caught.exception))

        def serve() -> None:
            time.sleep(0.3)
            for filler in fillers:
                filler.close()
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                with conn:
                    conn.settimeout(5)
                    data = b""
                    try:
                        # The whole request, body included: answering after the headers alone and
                        # closing can break the client's pipe while it still sends the body.
                        while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < _content_length(data):
                            more = conn.recv(65536)
                            if not more:
                                break
                            data += more
                    except OSError:
                        continue
                    if not data:
                        continue
                    body = b'{"jsonrpc":"2.0","id":1,"result":"late"}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                    return

        threading.Thread(target=serve, daemon=True).start()
        self.assertEqual(Board("unix:" + path, timeout=10).echo(1), "late")

    def test_a_missing_socket_is_a_transport_error(self) -> None:
        with self.assertRaises(rt.JsonRpcTransportError) as caught:
            Board("unix:%s.gone" % self.server.sock_path).echo(1)
        self.assertIn("FileNotFoundError", str(caught.exception))


class HostileResponseTest(unittest.TestCase):
    """Whatever a server answers, a call returns a result, raises JsonRpcError or raises
    JsonRpcTransportError: never another exception, never a hang."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = JsonRpcTestServer()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.close()

    def outcome(self, body: bytes) -> str:
        self.server.server.raw = body
        try:
            Board(self.server.url("/raw"), timeout=10).echo(1)
            return "result"
        except rt.JsonRpcTransportError:
            return "transport"
        except rt.JsonRpcError:
            return "error"

    def test_crafted_bodies(self) -> None:
        cases = {
            b'{"jsonrpc":"2.0","id":{id},"result":null}': "result",
            b'{"jsonrpc":"2.0","id":{id},"error":{"code":-1,"message":"m"}}': "error",
            b'{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}': "error",
            b'{"jsonrpc":"2.0","id":null,"result":1}': "transport",
            b'{"jsonrpc":"2.0","id":"{id}","result":1}': "transport",
            b'{"jsonrpc":"2.0","id":true,"result":1}': "transport",
            b'{"jsonrpc":"2.0","id":{id},"error":{"code":true,"message":"m"}}': "transport",
            b'{"jsonrpc":"2.0","id":{id},"error":{"code":1.5,"message":"m"}}': "transport",
            b'{"jsonrpc":"2.0","id":{id},"error":"boom"}': "transport",
            b'{"jsonrpc":"2.0","id":{id},"result":NaN}': "transport",
            b'{"jsonrpc":"2.0","id":{id}}': "transport",
            b"[]": "transport",
            b"": "transport",
            b"\xff\xfe": "transport",
            b"[" * 100000 + b"]" * 100000: "transport",
            b'{"jsonrpc":"2.0","id":{id},"result":' + b"[" * 100000: "transport",
        }
        for body, expected in cases.items():
            with self.subTest(body=body[:60]):
                self.assertEqual(self.outcome(body), expected)

    def test_a_body_shorter_than_its_length_is_a_transport_error(self) -> None:
        with self.assertRaises(rt.JsonRpcTransportError):
            Board(self.server.url("/short"), timeout=10).echo(1)

    def test_a_header_value_with_a_newline_is_refused_not_sent(self) -> None:
        with self.assertRaises(rt.JsonRpcTransportError):
            Board(self.server.url(), headers={"X-Evil": "a\r\nX-Injected: 1"}).echo(1)
        self.assertFalse(any("x-injected" in r["headers"] for r in self.server.requests))

    def test_random_mutations_of_a_valid_response(self) -> None:
        # a fixed seed: the same 400 bodies every run
        rng = random.Random(14)
        valid = b'{"jsonrpc":"2.0","id":{id},"result":{"a":[1,2,{"b":null}],"c":"d"}}'
        tokens = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"null", b"1e999", b"-0", b"\\u0000", b"\xc3", b"{id}"]
        seen = set()
        for _ in range(400):
            body = bytearray(valid)
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(len(body) + 1)
                if rng.random() < 0.5 and body:
                    del body[at : at + rng.randint(1, 5)]
                else:
                    body[at:at] = rng.choice(tokens)
            seen.add(self.outcome(bytes(body)))  # raises anything else
        self.assertIn("transport", seen)


class HelpersTest(unittest.TestCase):
    def test_named_drops_none_and_positional_drops_trailing_none(self) -> None:
        self.assertEqual(rt._named(("a", 1), ("b", None), ("c", False)), {"a": 1, "c": False})
        self.assertEqual(rt._positional(1, None, 3, None, None), [1, None, 3])
        self.assertEqual(rt._positional(None), [])

    def test_the_error_pickles_and_keeps_its_fields(self) -> None:
        import pickle

        err = pickle.loads(pickle.dumps(rt.JsonRpcError(7, "m", [1])))
        self.assertEqual((err.code, err.message, err.data), (7, "m", [1]))

    def test_the_template_head_is_imports_only_and_the_body_is_stdlib(self) -> None:
        with open(TEMPLATE, encoding="utf-8") as f:
            text = f.read()
        head, marker, _ = text.partition("# ---- body ----\n")
        self.assertEqual(marker, "# ---- body ----\n")
        for line in head.splitlines():
            self.assertRegex(line, r"^(import [\w.]+|from [\w.]+ import \w+(, \w+)*)$")
            module = line.split()[1].split(".")[0]
            self.assertIn(module, sys.stdlib_module_names if hasattr(sys, "stdlib_module_names") else {module})

    def test_reserved_names_derived_from_the_text_match_dir(self) -> None:
        # GEN derives the names a method may not take from `def name` and `self.name` in the two
        # base classes; that must be every attribute an instance has beyond object's.
        with open(TEMPLATE, encoding="utf-8") as f:
            text = f.read()
        for cls in (rt._JsonRpcClient, rt._AsyncJsonRpcClient):
            with self.subTest(cls=cls.__name__):
                start = text.index("class %s:" % cls.__name__)
                end = re.compile(r"\n(?=\S)").search(text, start)  # the next top-level statement
                source = text[start : end.start() if end else len(text)]
                derived = set(re.findall(r"\bdef (\w+)", source)) | set(re.findall(r"\bself\.(\w+)", source))
                # what the class defines (its dunder data such as __module__ or 3.13's __firstlineno__ aside) and what an instance sets
                defined = {n for n, v in vars(cls).items() if not (n[:2] == "__" == n[-2:]) or callable(v)}
                self.assertEqual(derived, defined | set(vars(cls("http://x/"))))


class InstrumentedRuntimeTest(TracedTestCase):
    """instrument() over a runtime client: rpc:{service}.{wire} spans, each concurrent call with its
    own parent span header at the server."""

    def setUp(self) -> None:
        super().setUp()
        self.server = JsonRpcTestServer(unix=True)
        self.addCleanup(self.server.close)

    def parents_seen(self) -> Dict[int, str]:
        return {r["body"]["params"]["value"]: r["headers"]["x-hero-parent-span"] for r in self.server.requests if r["body"].get("method") == "echo"}

    def test_six_concurrent_async_calls_each_carry_their_own_parent_span(self) -> None:
        wb = instrument(AsyncBoard(self.server.url()))

        async def main() -> None:
            with flow.step("fan out"):
                await asyncio.gather(*(wb.echo(i) for i in range(6)))

        asyncio.run(main())
        spans = self.spans()
        rpcs = children(spans, by_name(spans, "fan out"))
        self.assertEqual({s["name"] for s in rpcs}, {"rpc:board.echo"})
        by_value = {s["start_event"]["tags"]["args"][0]: s["span_id"] for s in rpcs}
        self.assertEqual(self.parents_seen(), by_value)

    def test_six_concurrent_threads_each_carry_their_own_parent_span(self) -> None:
        wb = instrument(Board(self.server.url()))
        step_ready = threading.Event()

        def call(i: int) -> Any:
            step_ready.wait()
            return wb.echo(i)

        with flow.step("threads"):
            with ThreadPoolExecutor(6) as pool:
                step_ready.set()
                list(pool.map(call, range(6)))
        spans = self.spans()
        rpcs = [s for s in spans.values() if s["name"] == "rpc:board.echo"]
        self.assertEqual(len(rpcs), 6)
        by_value = {s["start_event"]["tags"]["args"][0]: s["span_id"] for s in rpcs}
        self.assertEqual(self.parents_seen(), by_value)
        traceparents = [r["headers"]["traceparent"] for r in self.server.requests]
        self.assertEqual(sorted(t.split("-")[2] for t in traceparents), sorted(by_value.values()))


if __name__ == "__main__":
    unittest.main()


class GeneratedWhiteboardTest(TracedTestCase):
    """The generated examples/clients/whiteboard_client.py against its service, instrumented: six
    concurrent async calls and six threads, each request with its own call's span."""

    def setUp(self) -> None:
        super().setUp()
        sys.path.insert(0, EXAMPLES)
        self.addCleanup(sys.path.remove, EXAMPLES)
        from clients import whiteboard_client, whiteboard_service

        self.wc = whiteboard_client
        self.folder = tempfile.mkdtemp(prefix="wb-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.service = whiteboard_service.WhiteboardServer(os.path.join(self.folder, "wb.sock"), latency=(0.01, 0.02))
        threading.Thread(target=self.service.serve_forever, args=(0.05,), daemon=True).start()
        self.addCleanup(self.service.server_close)
        self.addCleanup(self.service.shutdown)
        self.url = "unix:%s#/rpc" % self.service.server_address

    def parent_by_email(self) -> Dict[str, str]:
        return {
            s["request"]["params"]["email"]: s["headers"]["X-Hero-Parent-Span"]
            for s in self.service.sent
            if s["request"]["method"] == "member_add"
        }

    def test_six_concurrent_async_member_adds(self) -> None:
        wb = instrument(self.wc.AsyncWhiteboardClient(self.url))
        emails = ["m%d@example.com" % i for i in range(6)]

        async def main() -> None:
            ws = await wb.workspace_create(name="t", seats=6)
            await asyncio.gather(*(wb.member_add(ws["id"], e) for e in emails))
            with self.assertRaises(self.wc.NoFreeSeatError) as caught:
                await wb.member_add(ws["id"], "late@example.com")
            self.assertEqual((caught.exception.code, caught.exception.data), (4001, {"seats": 6}))

        asyncio.run(main())
        spans = [s for s in self.spans().values() if s["name"] == "rpc:whiteboard.member_add"]
        self.assertEqual(self.parent_by_email(), {s["start_event"]["tags"]["args"][1]: s["span_id"] for s in spans})
        self.assertEqual(sorted(s["status"] for s in spans), ["failed"] + ["ok"] * 6)

    def test_six_threads_on_one_sync_client(self) -> None:
        wb = instrument(self.wc.WhiteboardClient(self.url))
        ws = wb.workspace_create(name="t", seats=6)
        emails = ["t%d@example.com" % i for i in range(6)]
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda e: wb.member_add(ws["id"], e), emails))
        spans = [s for s in self.spans().values() if s["name"] == "rpc:whiteboard.member_add"]
        self.assertEqual(self.parent_by_email(), {s["start_event"]["tags"]["args"][1]: s["span_id"] for s in spans})
        self.assertEqual(len(set(self.parent_by_email().values())), 6)


class WhiteboardServiceTest(unittest.TestCase):
    """examples/clients/whiteboard_service.py through its generated client: declared errors, batch,
    and whiteboard_url()'s private server."""

    def test_declared_errors_batches_and_the_private_server(self) -> None:
        sys.path.insert(0, EXAMPLES)
        self.addCleanup(sys.path.remove, EXAMPLES)
        from clients import whiteboard_client as wc, whiteboard_service as ws

        saved = os.environ.pop("WHITEBOARD_URL", None)
        try:
            url = ws.whiteboard_url()
            self.assertEqual(url, ws.whiteboard_url())  # one server per process
            self.assertRegex(url, r"^unix:/.+/wb\.sock#/rpc$")
            os.environ["WHITEBOARD_URL"] = "http://example.invalid/rpc"
            self.assertEqual(ws.whiteboard_url(), "http://example.invalid/rpc")
        finally:
            os.environ.pop("WHITEBOARD_URL", None)
            if saved is not None:
                os.environ["WHITEBOARD_URL"] = saved
        with wc.WhiteboardClient(url) as wb:
            with self.assertRaises(wc.NotFoundError) as caught:
                wb.workspace_get(10**9)
            self.assertEqual((caught.exception.code, caught.exception.data), (4004, {"workspace_id": 10**9}))
            space = wb.workspace_create(name="b", seats=1)
            out = wb.call_batch([("member_add", {"workspace_id": space["id"], "email": "a@x"}), ("member_add", {"workspace_id": space["id"], "email": "b@x"})])
            self.assertEqual(out[0], {"workspace_id": space["id"], "email": "a@x", "role": "editor"})
            self.assertIsInstance(out[1], wc.JsonRpcError)
            self.assertEqual(out[1].code, 4001)
            self.assertEqual(wb.member_list(space["id"]), [{"email": "a@x", "role": "editor"}])
