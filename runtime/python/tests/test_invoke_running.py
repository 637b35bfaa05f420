"""flow.invoke runs the flow: in-process under a `subflow` span, sync or async either way,
standalone without a runtime, and as a child play through the runtime's answers on its own
connection (here a real socket peer speaking the runtime's side; the real runtime is tested in
test/runtime/childPlays.test.ts)."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import socket
import threading
import unittest
from typing import Any, Dict, List, Optional

from hero_tracing import _spans
from hero_tracing import flow

from tests._support import SpanSink, TracedTestCase, by_name, children, clean_env, line_of, run_python


@flow("Running target", inputs={"n": int})
def running_target(inputs: Dict[str, Any]) -> Dict[str, Any]:
    with flow.step("double"):
        return {"doubled": inputs["n"] * 2, "thread": threading.get_ident()}


@flow("Running async target", inputs={"n": int})
async def running_async_target(inputs: Dict[str, Any]) -> int:
    async with flow.step("await"):
        await asyncio.sleep(0)
        return inputs["n"] + 1


@flow("Running failing target")
def running_failing_target(inputs: Dict[str, Any]) -> None:
    with flow.step("refuse"):
        raise flow.Failed("no free seat")


@flow("Running sync middle")
def running_sync_middle(inputs: Dict[str, Any]) -> int:
    # A sync flow invoked from an async one runs off the loop, so it invokes synchronously.
    return flow.invoke("Running async target", n=10)


class InProcessTest(TracedTestCase):
    def test_the_target_runs_inside_a_subflow_span_at_the_call_site(self) -> None:
        with flow.step("caller") as caller:
            result = flow.invoke("Running target", n=4)  # MARK-INVOKE
        self.assertEqual(result["doubled"], 8)
        self.assertEqual(result["thread"], threading.get_ident())
        spans = self.spans()
        sub = by_name(spans, "Running target")
        self.assertEqual((sub["kind"], sub["status"], sub["parent_id"]), ("subflow", "ok", caller.id))
        self.assertEqual(sub["tags"], {"flow": "Running target", "spawn": False, "inputs": {"n": 4}})
        self.assertEqual(sub["source_file"], os.path.abspath(__file__))
        self.assertEqual(sub["source_line"], line_of(__file__, "# MARK-INVOKE"))
        self.assertEqual([s["name"] for s in children(spans, sub)], ["double"])

    def test_a_failure_of_the_target_fails_the_subflow_span_and_propagates(self) -> None:
        with self.assertRaises(flow.Failed) as caught:
            flow.invoke("Running failing target")
        self.assertEqual(caught.exception.reason, "no free seat")
        spans = self.spans()
        sub = by_name(spans, "Running failing target")
        self.assertEqual((sub["status"], sub["error"]), ("failed", "no free seat"))
        self.assertEqual(by_name(spans, "refuse")["parent_id"], sub["span_id"])

    def test_an_unknown_name_fails_the_subflow_span(self) -> None:
        os.environ["HERO_FLOW_WORKSPACE"] = os.path.dirname(os.path.abspath(__file__))
        try:
            with self.assertRaises(flow.Failed):
                flow.invoke("Running targte", n=1)
        finally:
            del os.environ["HERO_FLOW_WORKSPACE"]
        sub = by_name(self.spans(), "Running targte")
        self.assertEqual((sub["kind"], sub["status"]), ("subflow", "failed"))
        self.assertTrue(sub["error"].startswith("no flow named 'Running targte'; did you mean 'Running target'"), sub["error"])

    def test_spawn_without_a_runtime_that_starts_child_plays_runs_in_process(self) -> None:
        self.assertIsNone(os.environ.get("HERO_FLOW_CHILD_PLAYS"))
        self.assertEqual(flow.invoke("Running target", spawn=True, n=1)["thread"], threading.get_ident())
        sub = by_name(self.spans(), "Running target")
        self.assertEqual((sub["tags"]["spawn"], "child_play_id" in sub["tags"]), (True, False))


class AsyncTest(TracedTestCase):
    def test_an_async_target_called_without_a_loop_runs_to_completion(self) -> None:
        self.assertEqual(flow.invoke("Running async target", n=1), 2)
        spans = self.spans()
        self.assertEqual(by_name(spans, "await")["parent_id"], by_name(spans, "Running async target")["span_id"])

    def test_inside_a_loop_invoke_returns_an_awaitable_for_any_target(self) -> None:
        seen: Dict[str, Any] = {}

        async def caller() -> List[Any]:
            seen["loop thread"] = threading.get_ident()
            pending = flow.invoke("Running async target", n=1)
            seen["awaitable"] = inspect.isawaitable(pending)
            first = await pending
            second = await flow.invoke("Running target", n=3)
            third = await flow.invoke("Running sync middle")
            together = await asyncio.gather(*(flow.invoke("Running async target", n=i) for i in range(3)))
            return [first, second, third, together]

        with flow.step("async caller") as outer:
            first, second, third, together = asyncio.run(caller())
        self.assertTrue(seen["awaitable"])
        self.assertEqual((first, second["doubled"], third, together), (2, 6, 11, [1, 2, 3]))
        self.assertNotEqual(second["thread"], seen["loop thread"], "a sync target runs off the loop")
        spans = self.spans()
        subs = [s for s in spans.values() if s["kind"] == "subflow"]
        self.assertEqual(len(subs), 7)
        for sub in subs:
            self.assertEqual(sub["status"], "ok")
        middle = by_name(spans, "Running sync middle")
        self.assertEqual(middle["parent_id"], outer.id)
        inner = [s for s in children(spans, middle) if s["kind"] == "subflow"]
        self.assertEqual([s["name"] for s in inner], ["Running async target"])
        self.assertEqual([s["name"] for s in children(spans, by_name(spans, "Running target"))], ["double"])

    def test_a_failure_inside_an_awaited_invoke_propagates(self) -> None:
        async def caller() -> None:
            await flow.invoke("Running failing target")

        with self.assertRaises(flow.Failed):
            asyncio.run(caller())
        self.assertEqual(by_name(self.spans(), "Running failing target")["status"], "failed")


STANDALONE = r"""
import asyncio, os, sys
from hero_tracing import flow

@flow("Standalone target", inputs={"n": int})
def target(inputs):
    with flow.step("inside"):
        return {"n": inputs["n"], "pid": os.getpid()}

@flow("Standalone async caller")
async def caller(inputs):
    return await flow.invoke("Standalone target", spawn=True, n=2)

print(flow.invoke("Standalone target", n=1) == {"n": 1, "pid": os.getpid()})
print(flow.invoke("Standalone target", spawn=True, n=1)["pid"] == os.getpid())
print(asyncio.run(caller({}))["n"])
try:
    flow.invoke("Standalone targte")
except flow.Failed as exc:
    print(str(exc).split(";")[0])
"""


class StandaloneTest(unittest.TestCase):
    def test_invoke_runs_flows_without_a_runtime_and_prints_nothing_of_its_own(self) -> None:
        proc = run_python(STANDALONE, clean_env())
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        self.assertEqual(proc.stdout.splitlines(), ["True", "True", "2", "no flow named 'Standalone targte'"])


class RuntimeStandIn(SpanSink):
    """The runtime's side of the span socket, answering an invoke_request with `answers`."""

    def __init__(
        self, answers: List[Dict[str, Any]], close_after: Optional[int] = None, gate: Optional[threading.Event] = None
    ) -> None:
        self.answers = answers
        self.close_after = close_after
        self.gate = gate  # the last answer waits for it (an answer only the caller's progress unlocks)
        self.requests: List[Dict[str, Any]] = []
        super().__init__()

    def _received(self, conn: socket.socket, lines: List[bytes]) -> bool:
        for line in lines:
            event = json.loads(line)
            if event.get("type") != "invoke_request":
                continue
            self.requests.append(event)
            for i, answer in enumerate(self.answers):
                if self.close_after is not None and i == self.close_after:
                    conn.shutdown(socket.SHUT_RDWR)
                    return False
                if self.gate is not None and i == len(self.answers) - 1 and not self.gate.wait(30):
                    answer = {"type": "invoke_finished", "status": "failed", "error": "the caller's loop never ran"}
                conn.sendall((json.dumps(answer) + "\n").encode())
        return True


class ChildPlayProtocolTest(unittest.TestCase):
    def setUp(self) -> None:
        os.environ["HERO_FLOW_CHILD_PLAYS"] = "1"

    def tearDown(self) -> None:
        del os.environ["HERO_FLOW_CHILD_PLAYS"]
        _spans._configure(None)

    def invoke(self, answers: List[Dict[str, Any]], close_after: Optional[int] = None) -> Any:
        self.runtime = RuntimeStandIn(answers, close_after)
        self.addCleanup(self.runtime.close)
        _spans._configure(self.runtime.path)
        try:
            return flow.invoke("Running target", spawn=True, n=2)  # MARK-SPAWN
        finally:
            _spans._configure(None)
            self.events = self.runtime.drain()

    def subflow(self) -> Dict[str, Any]:
        from tests._support import build_spans

        return by_name(build_spans([e for e in self.events if e["type"].startswith("span_")]), "Running target")

    def test_the_request_the_child_play_id_and_the_output(self) -> None:
        output = self.invoke(
            [
                {"type": "invoke_started", "play_id": "20261123-000000-abcdef"},
                {"type": "something_newer"},
                {"type": "invoke_finished", "play_id": "20261123-000000-abcdef", "status": "ok", "output": {"doubled": 4}, "error": None},
            ]
        )
        self.assertEqual(output, {"doubled": 4})
        [request] = self.runtime.requests
        sub = self.subflow()
        self.assertEqual(set(request), {"type", "span_id", "file", "flow", "inputs", "t_ms"})
        self.assertEqual(
            (request["span_id"], request["file"], request["flow"], request["inputs"]),
            (sub["span_id"], os.path.abspath(__file__), "Running target", {"n": 2}),
        )
        self.assertEqual(sub["tags"], {"flow": "Running target", "spawn": True, "inputs": {"n": 2}, "child_play_id": "20261123-000000-abcdef"})
        self.assertEqual(sub["status"], "ok")
        self.assertEqual(sub["source_line"], line_of(__file__, "# MARK-SPAWN"))
        self.assertEqual([s for s in self.events if s.get("name") == "double"], [], "the flow did not run here")

    def test_a_failed_child_fails_the_call_with_its_error(self) -> None:
        with self.assertRaises(flow.Failed) as caught:
            self.invoke(
                [
                    {"type": "invoke_started", "play_id": "p-1"},
                    {"type": "invoke_finished", "play_id": "p-1", "status": "failed", "output": None, "error": "no free seat"},
                ]
            )
        self.assertEqual(caught.exception.reason, "child play p-1 of 'Running target' failed: no free seat")
        self.assertEqual((self.subflow()["status"], self.subflow()["error"]), ("failed", caught.exception.reason))

    def test_timed_out_and_cancelled_children(self) -> None:
        for status, error, expected in [
            ("timed_out", "timed out after 2 s", "child play p-2 of 'Running target' timed out: timed out after 2 s"),
            ("cancelled", "cancelled", "child play p-2 of 'Running target' was cancelled"),
        ]:
            with self.assertRaises(flow.Failed) as caught:
                self.invoke(
                    [
                        {"type": "invoke_started", "play_id": "p-2"},
                        {"type": "invoke_finished", "play_id": "p-2", "status": status, "output": None, "error": error},
                    ]
                )
            self.assertEqual(caught.exception.reason, expected)

    def test_a_refused_request_and_a_runtime_that_hangs_up(self) -> None:
        with self.assertRaises(flow.Failed) as caught:
            self.invoke([{"type": "invoke_finished", "status": "failed", "output": None, "error": "malformed invoke_request: no 'file'"}])
        self.assertEqual(caught.exception.reason, "could not start a child play of 'Running target': malformed invoke_request: no 'file'")
        with self.assertRaises(flow.Failed) as caught:
            self.invoke([{"type": "invoke_started", "play_id": "p-3"}, {}], close_after=1)
        self.assertEqual(caught.exception.reason, "the runtime closed the connection before child play p-3 of 'Running target' finished")

    def test_inputs_that_are_not_json_fail_before_any_request(self) -> None:
        self.runtime = RuntimeStandIn([])
        self.addCleanup(self.runtime.close)
        _spans._configure(self.runtime.path)

        @flow("Running any input", inputs={"thing": "any"})
        def any_input(inputs: Dict[str, Any]) -> None:
            return None

        with self.assertRaises(flow.Failed) as caught:
            flow.invoke("Running any input", spawn=True, thing=object())
        self.assertTrue(caught.exception.reason.startswith("cannot invoke 'Running any input' as a child play: its inputs are not JSON"))
        _spans._configure(None)
        self.assertEqual(self.runtime.requests, [])

    def test_in_an_async_flow_the_wait_happens_off_the_loop(self) -> None:
        # The runtime stand-in finishes the child only once another task of the caller's loop ran:
        # a wait that blocked the loop would never see that happen.
        loop_ran = threading.Event()
        self.runtime = RuntimeStandIn(
            [
                {"type": "invoke_started", "play_id": "p-4"},
                {"type": "invoke_finished", "play_id": "p-4", "status": "ok", "output": 7, "error": None},
            ],
            gate=loop_ran,
        )
        self.addCleanup(self.runtime.close)
        _spans._configure(self.runtime.path)

        async def other_task() -> None:
            while self.runtime.requests == []:
                await asyncio.sleep(0.01)
            loop_ran.set()

        async def caller() -> Any:
            other = asyncio.ensure_future(other_task())
            result = await flow.invoke("Running target", spawn=True, n=2)
            await other
            return result

        self.assertEqual(asyncio.run(caller()), 7)
        _spans._configure(None)

if __name__ == "__main__":
    unittest.main()
