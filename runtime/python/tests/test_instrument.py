"""instrument(client): rpc spans, tags, truncation, passthrough, async methods, headers."""

from __future__ import annotations

import asyncio
import json
import os
import re
from typing import Any, Dict, List

import hero_tracing as ht
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
        old = ht._trace_id
        try:
            ht._trace_id = None
            os.environ["HERO_FLOW_TRACE_ID"] = "4BF92F3577B34DA6A3CE929D0E0E4736"
            client = Board()
            instrument(client).create("x")
            self.assertTrue(client.seen[0]["traceparent"].startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
            ht._trace_id = None
            os.environ["HERO_FLOW_TRACE_ID"] = "play-1234"  # not 32 hex: hashed into one
            client = Board()
            instrument(client).create("x")
            self.assertRegex(client.seen[0]["traceparent"], TRACEPARENT)
        finally:
            os.environ.pop("HERO_FLOW_TRACE_ID", None)
            ht._trace_id = old

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
        ht._configure(None)
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
        self.assertFalse(ht._enabled())
        wb.create("last")
        self.assertNotIn("X-Hero-Parent-Span", client.seen[-1])
