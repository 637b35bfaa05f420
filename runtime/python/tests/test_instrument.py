"""instrument(client): rpc spans, tags, truncation, passthrough, async methods, headers."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import threading
import types
from concurrent.futures import ThreadPoolExecutor
from collections.abc import MutableMapping
from typing import Any, Dict, Iterator, List, Tuple

from hero_tracing import _instrument, _spans
from hero_tracing import flow, instrument

from tests._support import HEX16, TracedTestCase, by_name, children, line_of, lines_of

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-01$")


class Board:
    """A plain client: public and private methods, a non-callable, a nested class, headers."""

    Error = KeyError

    def __init__(self) -> None:
        self.headers: Dict[str, str] = {"User-Agent": "t"}
        self.seen: List[Dict[str, str]] = []
        self.url = "http://example"

    def create(self, name: str, seats: int = 3) -> Dict[str, Any]:
        self.seen.append(dict(self.headers))
        return {"id": 7, "name": name, "seats": seats}

    def fail(self) -> None:
        self.seen.append(dict(self.headers))
        raise RuntimeError("server said no")

    def refuse(self) -> None:
        raise flow.Failed("quota exceeded")

    def ping(self) -> str:
        return "pong"

    def echo(self, value: Any) -> Any:
        return value

    def _private(self) -> str:
        return "private:%s" % (flow.current_span.id,)

    async def fetch(self, key: str) -> Dict[str, Any]:
        await asyncio.sleep(0.01)
        self.seen.append(dict(self.headers))
        return {"key": key, "span": flow.current_span.id}

    def lazy(self, key: str) -> Any:  # a plain method returning a coroutine
        return self.fetch(key)


class InstrumentTest(TracedTestCase):
    def test_rpc_span_name_kind_tags_and_parent(self) -> None:
        wb = instrument(Board())
        with flow.step("create things"):
            result = wb.create("acme", seats=5)  # MARK-RPC
        self.assertEqual(result, {"id": 7, "name": "acme", "seats": 5})
        spans = self.spans()
        rpc = by_name(spans, "rpc:Board.create")
        self.assertEqual(rpc["kind"], "rpc")
        self.assertEqual(rpc["status"], "ok")
        self.assertRegex(rpc["span_id"], HEX16)
        self.assertEqual(rpc["parent_id"], by_name(spans, "create things")["span_id"])
        self.assertEqual(rpc["start_event"]["tags"], {"args": ["acme"], "kwargs": {"seats": 5}})
        self.assertEqual(rpc["tags"]["result"], {"id": 7, "name": "acme", "seats": 5})
        self.assertEqual(rpc["source_file"], os.path.abspath(__file__))
        self.assertEqual(rpc["source_line"], line_of(__file__, 'wb.create("acme", seats=5)  # MARK-RPC'))

    def test_each_call_site_gets_its_own_line_in_a_loop_and_after_it(self) -> None:
        wb = instrument(Board())
        for i in range(3):
            wb.echo(i)  # MARK-LOOP-A
            if i == 1:
                wb.ping()  # MARK-LOOP-B
        wb.echo("after")  # MARK-AFTER
        lines = [s["source_line"] for s in self.spans().values()]
        a, b, after = (line_of(__file__, m) for m in ("# MARK-LOOP-A", "# MARK-LOOP-B", "# MARK-AFTER"))
        self.assertEqual(lines, [a, a, b, a, after])

    def test_a_method_replaced_on_the_client_is_the_one_called(self) -> None:
        client = Board()
        wb = instrument(client)
        self.assertIs(wb.ping, wb.ping)  # the wrapper is made once per method
        self.assertEqual(wb.ping(), "pong")
        client.ping = types.MethodType(lambda self: "pung", client)  # another bound method
        self.assertEqual(wb.ping(), "pung")
        client.ping = lambda: "pang"  # a plain function on the instance
        self.assertEqual(wb.ping(), "pang")
        del client.ping
        self.assertEqual(wb.ping(), "pong")  # the class's again
        other = instrument(Board())
        self.assertIsNot(other.ping, wb.ping)  # per proxy: each wraps its own client
        self.assertEqual([s["name"] for s in self.spans().values()], ["rpc:Board.ping"] * 4)

    def test_call_without_arguments_has_no_start_tags(self) -> None:
        wb = instrument(Board())
        wb.ping()
        wb.echo(None)
        events = self.collect()
        starts = lines_of(events, "span_start")
        self.assertNotIn("tags", starts[0])
        self.assertEqual(starts[1]["tags"], {"args": [None]})
        self.assertEqual(lines_of(events, "span_end")[0]["tags"], {"result": "pong"})

    def test_errors_fail_the_rpc_span_and_propagate(self) -> None:
        wb = instrument(Board())
        with self.assertRaises(RuntimeError):
            wb.fail()
        with self.assertRaises(flow.Failed):
            wb.refuse()
        spans = self.spans()
        fail = by_name(spans, "rpc:Board.fail")
        self.assertEqual(fail["status"], "failed")
        self.assertIn("RuntimeError: server said no", fail["error"])
        self.assertIn("Traceback", fail["error"])
        self.assertNotIn("result", fail["tags"])
        refuse = by_name(spans, "rpc:Board.refuse")
        self.assertEqual((refuse["status"], refuse["error"]), ("failed", "quota exceeded"))

    def test_private_and_non_callable_attributes_pass_through(self) -> None:
        client = Board()
        wb = instrument(client)
        self.assertEqual(wb.url, "http://example")
        self.assertIs(wb.Error, KeyError)  # a class attribute that is a class: not wrapped
        self.assertEqual(wb._private(), "private:None")  # no rpc span was opened around it
        wb.url = "http://elsewhere"  # assignment reaches the client
        self.assertEqual(client.url, "http://elsewhere")
        self.assertIs(instrument(wb), wb)  # instrumenting twice does not double the spans
        self.assertEqual(self.collect(), [])

    def test_tag_values_are_truncated_at_4_kib(self) -> None:
        wb = instrument(Board())
        big = "x" * 100_000
        wb.echo(big)
        wb.echo({"blob": big})
        wb.echo([1, 2, 3])
        events = self.collect()
        starts = lines_of(events, "span_start")
        ends = lines_of(events, "span_end")
        for ev in starts[:2]:
            arg = ev["tags"]["args"][0]
            self.assertIsInstance(arg, str)
            self.assertLessEqual(len(json.dumps(arg)), 4096)
            self.assertIn("truncated", arg)
        for ev in ends[:2]:
            self.assertLessEqual(len(json.dumps(ev["tags"]["result"])), 4096)
        self.assertTrue(starts[1]["tags"]["args"][0].startswith('{"blob":"xxx'))
        self.assertEqual(starts[2]["tags"]["args"], [[1, 2, 3]])
        self.assertEqual(ends[2]["tags"]["result"], [1, 2, 3])
        for line in self.sink.lines:
            self.assertLess(len(line), 10_000)

    def test_headers_are_set_during_each_call_and_restored(self) -> None:
        client = Board()
        client.headers["traceparent"] = "00-previous-previous-01"
        wb = instrument(client)
        with flow.step("s"):
            wb.create("a")
            wb.create("b")
        self.assertEqual(client.headers, {"User-Agent": "t", "traceparent": "00-previous-previous-01"})
        spans = self.spans()
        ids = [s["span_id"] for s in spans.values() if s["name"] == "rpc:Board.create"]
        self.assertEqual(len(ids), 2)
        trace_ids = set()
        for seen, span_id in zip(client.seen, sorted(ids, key=lambda i: spans[i]["start_ms"])):
            self.assertEqual(seen["X-Hero-Parent-Span"], span_id)
            m = TRACEPARENT.match(seen["traceparent"])
            assert m is not None, seen
            self.assertEqual(m.group(2), span_id)
            trace_ids.add(m.group(1))
        self.assertEqual(len(trace_ids), 1)  # one trace per process

    def test_headers_are_restored_after_a_failing_call(self) -> None:
        client = Board()
        wb = instrument(client)
        with self.assertRaises(RuntimeError):
            wb.fail()
        self.assertEqual(client.headers, {"User-Agent": "t"})
        self.assertIn("X-Hero-Parent-Span", client.seen[0])

    def test_client_without_headers_mapping(self) -> None:
        class NoHeaders:
            headers = ("not", "a", "mapping")

            def ping(self) -> str:
                return "pong"

        self.assertEqual(instrument(NoHeaders()).ping(), "pong")
        self.assertEqual(by_name(self.spans(), "rpc:NoHeaders.ping")["status"], "ok")

    def test_trace_id_comes_from_the_environment(self) -> None:
        old = _instrument._trace_id
        try:
            _instrument._trace_id = None
            os.environ["HERO_FLOW_TRACE_ID"] = "4BF92F3577B34DA6A3CE929D0E0E4736"
            client = Board()
            instrument(client).create("x")
            self.assertTrue(client.seen[0]["traceparent"].startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
            _instrument._trace_id = None
            os.environ["HERO_FLOW_TRACE_ID"] = "play-1234"  # not 32 hex: hashed into one
            client = Board()
            instrument(client).create("x")
            self.assertRegex(client.seen[0]["traceparent"], TRACEPARENT)
        finally:
            os.environ.pop("HERO_FLOW_TRACE_ID", None)
            _instrument._trace_id = old

    def test_async_methods_keep_the_span_open_until_awaited(self) -> None:
        client = Board()
        wb = instrument(client)

        async def main() -> List[Dict[str, Any]]:
            with flow.step("parallel"):
                coro = wb.fetch("a")  # nothing starts before it is awaited
                await asyncio.sleep(0.02)
                results = await asyncio.gather(coro, wb.fetch("b"), wb.lazy("c"))
            self.assertEqual(client.headers, {"User-Agent": "t"})
            return results

        results = asyncio.run(main())
        spans = self.spans()
        parallel = by_name(spans, "parallel")
        rpcs = children(spans, parallel)
        self.assertEqual(sorted(s["name"] for s in rpcs), ["rpc:Board.fetch", "rpc:Board.fetch", "rpc:Board.lazy"])
        for s in rpcs:
            self.assertEqual(s["status"], "ok")
            self.assertGreaterEqual(s["end_ms"] - s["start_ms"], 9)  # covers the awaited work
        fetch_a = next(s for s in rpcs if s["start_event"].get("tags") == {"args": ["a"]})
        self.assertGreater(fetch_a["start_ms"] - parallel["start_ms"], 15)  # started when awaited
        # inside the call, the open span is the rpc span itself
        self.assertEqual(results[0]["span"], fetch_a["span_id"])
        self.assertEqual(fetch_a["tags"]["result"]["key"], "a")
        for seen in client.seen:
            self.assertRegex(seen["X-Hero-Parent-Span"], HEX16)

    def test_async_method_failure(self) -> None:
        class Api:
            async def boom(self) -> None:
                await asyncio.sleep(0)
                raise ValueError("bad")

        async def main() -> None:
            with self.assertRaises(ValueError):
                await instrument(Api()).boom()

        asyncio.run(main())
        span = by_name(self.spans(), "rpc:Api.boom")
        self.assertEqual(span["status"], "failed")
        self.assertIn("ValueError: bad", span["error"])

    def test_standalone_returns_the_client_itself(self) -> None:
        _spans._configure(None)
        client = Board()
        self.assertIs(instrument(client), client)

    def test_proxy_stops_tracing_when_the_socket_dies(self) -> None:
        client = Board()
        wb = instrument(client)
        wb.create("one")
        self.sink.wait_for(lambda evs: len(evs) >= 2)
        self.sink.drop_connections()
        for i in range(500):
            self.assertEqual(wb.create("n%d" % i)["name"], "n%d" % i)
        self.assertFalse(_spans._ON)
        wb.create("last")
        self.assertNotIn("X-Hero-Parent-Span", client.seen[-1])


# --------------------------------------------------------------------------------------------------
# Concurrent calls on one client: each request carries its own rpc span
# --------------------------------------------------------------------------------------------------


def read_headers(headers: Any, style: int) -> Dict[str, str]:
    """The ways clients read their headers when they build a request."""
    if style == 0:
        return dict(headers)
    if style == 1:
        return {k: v for k, v in headers.items()}
    if style == 2:
        return {k: headers[k] for k in headers}
    return dict(headers.copy())


class Generated(Board):
    """What a client generated from an OpenRPC document declares: its service and wire names."""

    _rpc_service_ = "whiteboard"
    _rpc_methods_ = {"create": "board.create", "fetch": "board.fetch", "lazy": "lazy"}


class NotQuiteGenerated(Board):
    _rpc_service_ = ""  # an empty service, or methods that are not a dict: named after the class
    _rpc_methods_ = {"create": "board.create"}


class OpenRpcSpanNameTest(TracedTestCase):
    def test_a_generated_client_names_spans_after_its_service_and_wire_methods(self) -> None:
        wb = instrument(Generated())
        wb.create("acme")
        asyncio.run(wb.fetch("k"))
        wb.ping()  # public but not an OpenRPC method (close, call_batch, ...): the python name
        names = sorted(s["name"] for s in self.spans().values())
        self.assertEqual(names, ["rpc:whiteboard.board.create", "rpc:whiteboard.board.fetch", "rpc:whiteboard.ping"])

    def test_other_clients_keep_the_class_name(self) -> None:
        instrument(NotQuiteGenerated()).create("a")

        class Odd(Board):
            _rpc_service_ = "svc"
            _rpc_methods_ = ["create"]

        instrument(Odd()).create("b")
        self.assertEqual(sorted(s["name"] for s in self.spans().values()), ["rpc:NotQuiteGenerated.create", "rpc:Odd.create"])

    def test_the_names_are_read_from_the_class_once_per_proxy(self) -> None:
        wb = instrument(Generated())
        Generated._rpc_methods_ = {"create": "renamed"}  # after instrument(): not seen
        try:
            wb.create("x")
        finally:
            Generated._rpc_methods_ = {"create": "board.create", "fetch": "board.fetch", "lazy": "lazy"}
        self.assertEqual([s["name"] for s in self.spans().values()], ["rpc:whiteboard.board.create"])


class AsyncApi:
    """An async client whose transport records the headers each request was sent with. Every call
    waits until all ``expected`` calls are in flight, so they truly overlap, and yields to the loop
    a random number of times before and after reading its headers."""

    def __init__(self, expected: int, rng: Any) -> None:
        self.headers: Dict[str, str] = {"User-Agent": "t", "traceparent": "00-user-user-01"}
        self.sent: Dict[int, Dict[str, str]] = {}
        self.expected = expected
        self.rng = rng
        self.started = 0
        self.all_started = asyncio.Event()

    async def _yield_randomly(self) -> None:
        for _ in range(self.rng.randrange(4)):
            await asyncio.sleep(0)

    async def call(self, i: int) -> int:
        await self._yield_randomly()
        self.started += 1
        if self.started == self.expected:
            self.all_started.set()
        await self.all_started.wait()
        await self._yield_randomly()
        if i % 5 == 4:  # a transport that reads the headers on a worker thread (context copied)
            self.sent[i] = await asyncio.to_thread(read_headers, self.headers, i % 4)
        else:
            self.sent[i] = read_headers(self.headers, i % 4)
        await self._yield_randomly()
        return i

    def lazy(self, i: int) -> Any:  # a plain method returning a coroutine
        return self.call(i)


class ThreadedApi:
    """A sync client called from many threads at once; a barrier makes every call be in flight
    before any of them reads its headers."""

    def __init__(self, expected: int) -> None:
        self.headers: Dict[str, str] = {"User-Agent": "t"}
        self.sent: Dict[int, Dict[str, str]] = {}
        self.barrier = threading.Barrier(expected, timeout=30)

    def call(self, i: int, overlap: bool = True) -> int:
        if overlap:
            self.barrier.wait()
        self.sent[i] = read_headers(self.headers, i % 4)
        if overlap:
            self.barrier.wait()
        return i


class ConcurrentHeadersTest(TracedTestCase):
    def assert_each_request_carries_its_own_span(self, sent: Dict[int, Dict[str, str]], n: int) -> None:
        spans = self.spans()
        rpc_of = {s["start_event"]["tags"]["args"][0]: s["span_id"] for s in spans.values() if s["kind"] == "rpc"}
        self.assertEqual(sorted(rpc_of), list(range(n)))
        self.assertEqual(sorted(sent), list(range(n)))
        wrong = {i: (h.get("X-Hero-Parent-Span"), rpc_of[i]) for i, h in sent.items() if h.get("X-Hero-Parent-Span") != rpc_of[i]}
        self.assertEqual(wrong, {}, "requests that carried another call's span: {i: (sent, own)}")
        for i, headers in sent.items():
            m = TRACEPARENT.match(headers.get("traceparent", ""))
            assert m is not None, (i, headers)
            self.assertEqual(m.group(2), rpc_of[i])
            self.assertEqual(headers["User-Agent"], "t")
            self.assertEqual(len(headers), 3, headers)

    def run_async_calls(self, n: int) -> None:
        api: List[AsyncApi] = []

        async def main() -> List[int]:
            api.append(AsyncApi(n, random.Random(n)))  # in the loop: Python 3.9's Event binds to it
            wb = instrument(api[0])
            with flow.step("fan out"):
                return await asyncio.gather(*(wb.lazy(i) if i % 3 == 2 else wb.call(i) for i in range(n)))

        self.assertEqual(asyncio.run(main()), list(range(n)))
        self.assertEqual(api[0].headers, {"User-Agent": "t", "traceparent": "00-user-user-01"})
        self.assert_each_request_carries_its_own_span(api[0].sent, n)

    def run_threaded_calls(self, n: int) -> None:
        api = ThreadedApi(n)
        wb = instrument(api)
        with ThreadPoolExecutor(n) as pool:
            self.assertEqual(list(pool.map(wb.call, range(n))), list(range(n)))
        self.assertEqual(api.headers, {"User-Agent": "t"})
        self.assert_each_request_carries_its_own_span(api.sent, n)

    def test_six_concurrent_async_calls_each_send_their_own_span(self) -> None:
        self.run_async_calls(6)

    def test_many_concurrent_async_calls_each_send_their_own_span(self) -> None:
        self.run_async_calls(40)

    def test_six_concurrent_threads_each_send_their_own_span(self) -> None:
        self.run_threaded_calls(6)

    def test_many_concurrent_threads_each_send_their_own_span(self) -> None:
        self.run_threaded_calls(24)


class CaseInsensitive(MutableMapping[str, str]):
    """A headers type like requests' CaseInsensitiveDict: the view must keep its semantics."""

    def __init__(self, **items: str) -> None:
        self.store: Dict[str, Tuple[str, str]] = {}
        self.update(items)

    def __getitem__(self, key: str) -> str:
        return self.store[key.lower()][1]

    def __setitem__(self, key: str, value: str) -> None:
        self.store[key.lower()] = (key, value)

    def __delitem__(self, key: str) -> None:
        del self.store[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter([k for k, _ in self.store.values()])

    def __len__(self) -> int:
        return len(self.store)

    def copy(self) -> "CaseInsensitive":
        return CaseInsensitive(**dict(self.items()))

    def lower_items(self) -> List[Tuple[str, str]]:
        return [(k, v) for k, (_, v) in self.store.items()]


class PropertyHeaders(ThreadedApi):
    """A client whose ``headers`` is a property that copies what is assigned (as httpx's does):
    the proxy cannot put its view there."""

    @property
    def headers(self) -> Dict[str, str]:
        return self._headers

    @headers.setter
    def headers(self, value: Dict[str, str]) -> None:  # pyright: ignore[reportIncompatibleVariableOverride]
        self._headers = dict(value)


class HeadersViewTest(TracedTestCase):
    def test_the_view_keeps_the_users_mapping_and_its_type(self) -> None:
        own = CaseInsensitive(**{"User-Agent": "t", "TraceParent": "00-user-user-01"})

        class Api:
            def __init__(self) -> None:
                self.headers = own
                self.seen: List[Any] = []

            def call(self) -> None:
                h = self.headers
                self.seen.append((dict(h), h["x-hero-parent-span"], "TRACEPARENT" in h, type(h.copy()), h.lower_items()))

        client = Api()
        wb = instrument(client)
        wb.headers["accept"] = "json"  # writes reach the user's own mapping
        client.headers["ACCEPT"] = "text"
        self.assertEqual(own["Accept"], "text")
        self.assertEqual(dict(client.headers), {"User-Agent": "t", "TraceParent": "00-user-user-01", "ACCEPT": "text"})
        wb.call()
        del client.headers["accept"]
        self.assertEqual(len(own), 2)
        seen, parent, has_traceparent, copy_type, lower = client.seen[0]
        rpc = by_name(self.spans(), "rpc:Api.call")["span_id"]
        self.assertEqual(parent, rpc)
        self.assertTrue(has_traceparent)
        self.assertIs(copy_type, CaseInsensitive)
        self.assertIn(("traceparent", "00-user-user-01"), lower)  # the own mapping's API, unchanged
        self.assertEqual(set(seen), {"User-Agent", "ACCEPT", "X-Hero-Parent-Span", "traceparent"})
        self.assertEqual(seen["traceparent"], "00-%s-%s-01" % (_instrument._trace_id_hex(), rpc))

    def test_headers_replaced_later_get_the_call_headers_too(self) -> None:
        client = Board()
        wb = instrument(client)
        wb.create("a")
        mine = {"Authorization": "token"}
        client.headers = mine  # straight on the client, behind the proxy's back
        wb.create("b")
        wb.headers = {"Authorization": "other"}  # through the proxy
        wb.create("c")
        self.assertEqual(mine, {"Authorization": "token"})
        ids = sorted((s for s in self.spans().values() if s["kind"] == "rpc"), key=lambda s: s["start_ms"])
        self.assertEqual([seen["X-Hero-Parent-Span"] for seen in client.seen], [s["span_id"] for s in ids])
        self.assertEqual([seen.get("Authorization") for seen in client.seen], [None, "token", "other"])

    def test_a_span_the_client_opens_inside_its_call_keeps_the_rpc_span_as_parent(self) -> None:
        class Api:
            def __init__(self) -> None:
                self.headers: Dict[str, str] = {}
                self.seen: List[Dict[str, str]] = []

            def call(self) -> None:
                with flow.step("encode"):
                    self.seen.append(dict(self.headers))

        client = Api()
        with flow.step("outside"):
            instrument(client).call()
            self.assertEqual(dict(client.headers), {})  # no call in flight here: nothing added
        self.assertEqual(client.seen[0]["X-Hero-Parent-Span"], by_name(self.spans(), "rpc:Api.call")["span_id"])

    def test_a_headers_property_gets_each_lone_call_and_never_another_calls_span(self) -> None:
        n = 8
        client = PropertyHeaders(n)
        wb = instrument(client)
        self.assertIs(type(client.headers), dict)
        wb.call(100, False)
        wb.call(101, False)
        with ThreadPoolExecutor(n) as pool:
            list(pool.map(wb.call, range(n)))
        self.assertEqual(client.headers, {"User-Agent": "t"})
        rpc_of = {s["start_event"]["tags"]["args"][0]: s["span_id"] for s in self.spans().values()}
        for i in (100, 101):  # alone: its own span
            self.assertEqual(client.sent[i]["X-Hero-Parent-Span"], rpc_of[i])
        for i in range(n):  # overlapping: its own span or none, never another call's
            self.assertIn(client.sent[i].get("X-Hero-Parent-Span"), (None, rpc_of[i]))

    def test_standalone_leaves_the_headers_alone(self) -> None:
        _spans._configure(None)
        client = Board()
        instrument(client).create("a")
        self.assertIs(type(client.headers), dict)
        self.assertEqual(client.seen, [{"User-Agent": "t"}])
