"""Spans over a real Unix socket: nesting, ids, statuses, tags, logs, context propagation,
thread safety, truncation, source locations."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import os
import sys
import threading
import time
import unittest
from typing import Any, Dict, Iterator, List

from hero_tracing import _errors, _runtime, _spans
from hero_tracing import flow

from tests._support import HEX16, SpanSink, TracedTestCase, build_spans, by_name, children, line_of, lines_of


class NestingTest(TracedTestCase):
    def test_steps_nest_and_carry_parent_ids(self) -> None:
        with flow.step("outer"):
            with flow.step("inner 1"):
                pass
            with flow.span("inner 2"):
                with flow.step("leaf"):
                    pass
        with flow.step("sibling"):
            pass
        spans = self.spans()
        outer, inner1, inner2 = by_name(spans, "outer"), by_name(spans, "inner 1"), by_name(spans, "inner 2")
        leaf, sibling = by_name(spans, "leaf"), by_name(spans, "sibling")
        self.assertIsNone(outer["parent_id"])
        self.assertIsNone(sibling["parent_id"])
        self.assertEqual(inner1["parent_id"], outer["span_id"])
        self.assertEqual(inner2["parent_id"], outer["span_id"])
        self.assertEqual(leaf["parent_id"], inner2["span_id"])
        self.assertEqual(outer["kind"], "step")
        self.assertEqual(inner2["kind"], "other")
        for s in spans.values():
            self.assertEqual(s["status"], "ok")
            self.assertLessEqual(s["start_ms"], s["end_ms"])

    def test_span_ids_are_16_lowercase_hex_and_unique(self) -> None:
        for _ in range(200):
            with flow.step("s"):
                pass
        ids = [e["span_id"] for e in self.collect() if e["type"] == "span_start"]
        self.assertEqual(len(ids), 200)
        self.assertEqual(len(set(ids)), 200)
        for i in ids:
            self.assertRegex(i, HEX16)

    def test_wire_format_of_start_and_end(self) -> None:
        with flow.step("plain"):
            pass
        with flow.step("tagged", k=1):
            pass
        events = self.collect()
        starts = lines_of(events, "span_start")
        self.assertEqual(
            set(starts[0]), {"type", "span_id", "parent_id", "name", "t_ms", "kind", "source_file", "source_line"}
        )
        self.assertNotIn("tags", starts[0])  # omitted when empty
        self.assertEqual(starts[1]["tags"], {"k": 1})
        end = lines_of(events, "span_end")[0]
        self.assertEqual(set(end), {"type", "span_id", "t_ms", "status"})
        self.assertIsInstance(end["t_ms"], float)
        self.assertAlmostEqual(end["t_ms"] / 1000, __import__("time").time(), delta=60)

    def test_enter_returns_the_span_and_current_span_follows(self) -> None:
        self.assertIsNone(flow.current_span.id)
        with flow.step("a") as a:
            self.assertIs(flow.current_span, a)
            self.assertRegex(a.id or "", HEX16)
            with flow.step("b") as b:
                self.assertIs(flow.current_span, b)
            self.assertIs(flow.current_span, a)
        self.assertIsNone(flow.current_span.id)
        self.assertFalse(flow.current_span)

    def test_source_location_is_the_with_line(self) -> None:
        with flow.step("here"):  # MARK-STEP
            pass
        with flow.span("there"):  # MARK-SPAN
            pass
        spans = self.spans()
        step_line = line_of(__file__, 'with flow.step("here"):  # MARK-STEP')
        span_line = line_of(__file__, 'with flow.span("there"):  # MARK-SPAN')
        self.assertEqual(by_name(spans, "here")["source_file"], os.path.abspath(__file__))
        self.assertEqual(by_name(spans, "here")["source_line"], step_line)
        self.assertEqual(by_name(spans, "there")["source_line"], span_line)

    def test_async_with(self) -> None:
        async def main() -> None:
            async with flow.step("async outer") as outer:
                self.assertIs(flow.current_span, outer)
                async with flow.span("async inner"):
                    await asyncio.sleep(0)

        asyncio.run(main())
        spans = self.spans()
        self.assertEqual(by_name(spans, "async inner")["parent_id"], by_name(spans, "async outer")["span_id"])


class StatusTest(TracedTestCase):
    def test_failed_gives_the_clean_reason(self) -> None:
        with self.assertRaises(flow.Failed):
            with flow.step("outer"):
                with flow.step("inner"):
                    raise flow.Failed("no free seat (3 of 3 used)")
        spans = self.spans()
        for name in ("outer", "inner"):
            self.assertEqual(by_name(spans, name)["status"], "failed")
            self.assertEqual(by_name(spans, name)["error"], "no free seat (3 of 3 used)")

    def test_other_exceptions_give_the_traceback(self) -> None:
        def boom() -> None:
            {}["missing-key"]  # noqa: B018

        with self.assertRaises(KeyError):
            with flow.step("crash"):
                boom()
        err = by_name(self.spans(), "crash")["error"]
        self.assertTrue(err.startswith("Traceback (most recent call last):"), err)
        self.assertIn("in boom", err)
        self.assertTrue(err.endswith("KeyError: 'missing-key'"), err)

    def test_cancellations(self) -> None:
        with self.assertRaises(KeyboardInterrupt):
            with flow.step("ctrl-c"):
                raise KeyboardInterrupt()
        with self.assertRaises(_errors._Cancelled):
            with flow.step("sigterm"):
                raise _errors._Cancelled("SIGTERM")

        async def main() -> None:
            async def slow() -> None:
                async with flow.step("task"):
                    await asyncio.sleep(10)

            task = asyncio.ensure_future(slow())
            await asyncio.sleep(0.01)
            task.cancel()
            with self.assertRaises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        spans = self.spans()
        for name in ("ctrl-c", "sigterm", "task"):
            self.assertEqual(by_name(spans, name)["status"], "cancelled", name)
            self.assertIsNone(by_name(spans, name)["error"])

    def test_exceptions_propagate_and_the_context_is_restored(self) -> None:
        with self.assertRaises(ValueError):
            with flow.step("a"):
                with flow.step("b"):
                    raise ValueError("x")
        self.assertIsNone(flow.current_span.id)

    def test_long_errors_are_capped_keeping_head_and_tail(self) -> None:
        reason = "HEAD" + "x" * 200_000 + "TAIL"
        with self.assertRaises(flow.Failed):
            with flow.step("big"):
                raise flow.Failed(reason)
        events = self.collect()
        end = lines_of(events, "span_end")[0]
        self.assertLess(len(end["error"]), 70 * 1024)
        self.assertTrue(end["error"].startswith("HEAD"))
        self.assertTrue(end["error"].endswith("TAIL"))
        self.assertIn("characters cut", end["error"])


class TagsAndLogsTest(TracedTestCase):
    def test_tags_and_logs(self) -> None:
        with flow.step("work", attempt=1, who="ada") as s:
            flow.current_span.tag(rows=3, ok=True)
            s.log("sent")
            flow.current_span.log("done")
            s.tag(name="shadow")  # "name" is a tag like any other
        events = self.collect()
        span = by_name(build_spans(events), "work")
        self.assertEqual(span["tags"], {"attempt": 1, "who": "ada", "rows": 3, "ok": True, "name": "shadow"})
        self.assertEqual(span["logs"], ["sent", "done"])
        tag_events = lines_of(events, "span_tag")
        self.assertEqual(tag_events[0], {"type": "span_tag", "span_id": span["span_id"], "tags": {"rows": 3, "ok": True}})
        log = lines_of(events, "span_log")[0]
        self.assertEqual(set(log), {"type", "span_id", "t_ms", "message"})

    def test_step_name_may_also_be_a_tag(self) -> None:
        with flow.step("validate", name="acme"):
            pass
        span = by_name(self.spans(), "validate")
        self.assertEqual(span["tags"], {"name": "acme"})

    def test_null_span_methods_do_nothing(self) -> None:
        null = flow.current_span
        self.assertIsNone(null.id)
        null.tag(a=1)
        null.log("nothing")
        with null:
            pass
        self.assertEqual(self.collect(), [])

    def test_non_json_tag_values_become_repr_and_unicode_survives(self) -> None:
        class Thing:
            def __repr__(self) -> str:
                return "<Thing>"

        with flow.step("ünïcødé ✓", obj=Thing(), nan=float("nan"), nested={"t": Thing()}, s="naïve \u2028 \"q\""):
            pass
        span = by_name(self.spans(), "ünïcødé ✓")
        self.assertEqual(span["tags"]["obj"], "<Thing>")
        self.assertEqual(span["tags"]["nan"], "nan")
        self.assertEqual(span["tags"]["nested"], {"t": "<Thing>"})
        self.assertEqual(span["tags"]["s"], "naïve \u2028 \"q\"")


class ContextTest(TracedTestCase):
    def test_asyncio_tasks_attach_to_the_span_open_where_created(self) -> None:
        async def child(name: str) -> str:
            async with flow.step(name):
                await asyncio.sleep(0.01)
                return flow.current_span.id or ""

        async def main() -> None:
            with flow.step("fan out"):
                t = asyncio.create_task(child("created task"))
                await asyncio.gather(child("gathered 1"), child("gathered 2"))
                await t
            with flow.step("later"):
                pass

        asyncio.run(main())
        spans = self.spans()
        fan = by_name(spans, "fan out")
        self.assertEqual(
            sorted(s["name"] for s in children(spans, fan)), ["created task", "gathered 1", "gathered 2"]
        )
        self.assertIsNone(by_name(spans, "later")["parent_id"])

    def test_threads_start_without_parent_unless_context_copied(self) -> None:
        def work(name: str) -> None:
            with flow.step(name):
                pass

        with flow.step("main"):
            plain = threading.Thread(target=work, args=("plain thread",))
            plain.start()
            plain.join()
            ctx = contextvars.copy_context()
            copied = threading.Thread(target=ctx.run, args=(work, "copied thread"))
            copied.start()
            copied.join()
        spans = self.spans()
        self.assertIsNone(by_name(spans, "plain thread")["parent_id"])
        self.assertEqual(by_name(spans, "copied thread")["parent_id"], by_name(spans, "main")["span_id"])

    def test_thread_safe_writes(self) -> None:
        threads_n, per_thread = 8, 2000

        def work(i: int) -> None:
            for j in range(per_thread):
                # every 40th line is long (~60 KB): the kernel splits such writes, so only the
                # SDK's lock keeps lines of different threads from interleaving
                with flow.step("t%d" % i, j=j, text="x" * (60_000 if j % 40 == 0 else j % 50)):
                    pass

        threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        _spans._configure(None)
        self.sink.drain()
        raw = self.sink.lines
        self.assertEqual(len(raw), threads_n * per_thread * 2)
        parsed = [json.loads(line) for line in raw]  # every line is valid JSON
        spans = build_spans(parsed)
        self.assertEqual(len(spans), threads_n * per_thread)
        self.assertTrue(all(s["status"] == "ok" and s["parent_id"] is None for s in spans.values()))


class RootSpanTest(TracedTestCase):
    @contextlib.contextmanager
    def _root(self) -> Iterator[None]:
        """The play's root span as the bootstrap opens and ends it (hero_tracing._runtime)."""

        @flow("Rooted")
        def fn(inputs: Any) -> None:
            return None

        root = _runtime.start_root_span(fn.__hero_flow__)  # type: ignore[attr-defined]
        yield
        _runtime.end_span(root, "ok")

    def test_root_parent_comes_from_the_environment(self) -> None:
        os.environ["HERO_FLOW_PARENT_SPAN"] = "00f067aa0ba902b7"
        try:
            with self._root():
                with flow.step("child"):
                    pass
        finally:
            del os.environ["HERO_FLOW_PARENT_SPAN"]
        spans = self.spans()
        root = by_name(spans, "Rooted")
        self.assertEqual(root["kind"], "flow_root")
        self.assertEqual(root["parent_id"], "00f067aa0ba902b7")
        self.assertEqual(by_name(spans, "child")["parent_id"], root["span_id"])

    def test_root_without_parent_env_has_null_parent(self) -> None:
        os.environ.pop("HERO_FLOW_PARENT_SPAN", None)
        with flow.step("outer"):
            with self._root():  # even inside another span: the root's parent is the env's
                pass
        self.assertIsNone(by_name(self.spans(), "Rooted")["parent_id"])


class DeadSocketTest(TracedTestCase):
    def test_runtime_closing_the_socket_never_raises(self) -> None:
        with flow.step("before"):
            pass
        self.sink.wait_for(lambda evs: len(evs) >= 2)
        self.sink.drop_connections()
        for i in range(2000):  # EPIPE on some write: the SDK goes quiet
            with flow.step("after %d" % i) as s:
                s.tag(i=i)
                s.log("x")
        self.assertFalse(_spans._ON)
        self.assertIsNone(flow.step("once more").id)  # the null span now

    def test_unreachable_socket_is_silent(self) -> None:
        _spans._configure(os.path.join(self.sink.dir, "nobody-listens.sock"))
        with flow.step("lost"):
            pass
        self.assertFalse(_spans._ON)


@unittest.skipUnless(hasattr(os, "fork"), "needs fork")
class DeferredEventsTest(unittest.TestCase):
    """Queued events (replayed spans) go out by one flusher thread, batch after batch, each within
    about _DEFER_SECONDS when nothing else is sent; a send sends the queue first."""

    def test_each_queue_is_sent_by_the_flusher_and_before_a_later_event(self) -> None:
        from hero_tracing._wire import _Transport

        sink = SpanSink()
        self.addCleanup(sink.close)
        transport = _Transport(sink.path, lambda _t: None)
        self.addCleanup(transport.close)

        def wait_for(count: int) -> List[bytes]:
            deadline = time.monotonic() + 30  # a hang guard: the flusher sends within ~50 ms
            while time.monotonic() < deadline:
                with sink.lock:
                    if len(sink.lines) >= count:
                        return list(sink.lines)
                time.sleep(0.005)
            self.fail("queued events were not sent")

        transport.send(b'{"n":0}\n')  # connects
        flushers = set()
        for batch in range(3):  # one flusher thread serves every queue, not only the first
            transport.defer(b'{"n":%d}\n' % (2 * batch + 1))
            transport.defer(b'{"n":%d}\n' % (2 * batch + 2))
            wait_for(2 * batch + 3)
            flushers.add(transport.flusher)
        self.assertEqual(len(flushers), 1)
        transport.defer(b'{"n":7}\n')
        transport.send(b'{"n":8}\n')  # the queue goes first
        lines = wait_for(9)
        self.assertEqual([json.loads(line)["n"] for line in lines], list(range(9)))


class ForkTest(TracedTestCase):
    def test_forked_child_opens_its_own_connection(self) -> None:
        with flow.step("parent step"):
            pass
        self.sink.wait_for(lambda evs: len(evs) >= 2)
        with flow.step("around fork"):
            pid = os.fork()
            if pid == 0:  # child
                try:
                    with flow.step("in child"):
                        pass
                    _runtime.shutdown()
                finally:
                    os._exit(0)
            _, status = os.waitpid(pid, 0)
            self.assertEqual(status, 0)
        events = self.collect()
        self.assertEqual(self.sink.connections, 2)
        used = [lines for lines in self.sink.conn_lines if lines]
        for conn_lines in used:
            for line in conn_lines:
                json.loads(line)
        child_lines = [json.loads(l) for l in used[1]]
        self.assertEqual([e["type"] for e in child_lines], ["span_start", "span_end"])
        spans = build_spans(events)
        self.assertEqual(by_name(spans, "in child")["parent_id"], by_name(spans, "around fork")["span_id"])


if __name__ == "__main__":
    unittest.main()
