"""Keys of a durable play's effects (docs/durable.md, "Keys"): loops, repeated calls, nesting,
asyncio.gather order, threads. In process, with a real history file and a real span socket."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
import threading
from typing import Any, Dict, List

from hero_tracing import _durable, _durable_history, _durable_keys, _spans, flow, instrument
from tests._support import TracedTestCase, by_name


class Board:
    def create(self, n: int) -> Dict[str, int]:
        return {"id": n}

    async def acreate(self, n: int, delay: float) -> int:
        await asyncio.sleep(delay)
        return n


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


class DurableCase(TracedTestCase):
    """A durable attempt of flow "Keys" (version "v1") recording into a temp history."""

    def setUp(self) -> None:
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="hero-durable-keys-")
        self.history = os.path.join(self.dir, "history.jsonl")
        self.begin()

    def begin(self, mode: str = "run", attempt: int = 1) -> None:
        read = _durable_history.read(self.history)
        self.attempt = _durable.Attempt(self.history, attempt, mode, {}, False, read, "v1")
        self.attempt.write_attempt_line()
        _durable.start(self.attempt, "Keys", "v1")

    def tearDown(self) -> None:
        _spans._DUR = None
        _spans._DUR_STEP = None
        shutil.rmtree(self.dir, ignore_errors=True)
        super().tearDown()

    def effects(self) -> List[Dict[str, Any]]:
        with open(self.history) as f:
            return [r for r in map(json.loads, f) if r["type"] == "effect"]

    def where(self) -> List[str]:
        return ["%s/%s#%d" % (r["path"], r["name"], r["index"]) for r in self.effects()]


class KeysTest(DurableCase):
    def test_loops_and_repeated_calls_key_distinctly_and_as_documented(self) -> None:
        client = instrument(Board())
        for _ in range(2):
            with flow.step("boards"):
                for n in range(3):
                    client.create(n)
        client.create(9)
        self.assertEqual(
            self.where(),
            ["boards#0/Board.create#%d" % i for i in range(3)] + ["boards#1/Board.create#%d" % i for i in range(3)] + ["/Board.create#0"],
        )
        third_in_second = self.effects()[5]
        self.assertEqual(third_in_second["key"], _hash("v1", "Keys", "boards#1", "Board.create", "2"))
        self.assertEqual(third_in_second["site"], _hash("Keys", "boards#1", "Board.create", "2"))
        self.assertEqual(len({r["key"] for r in self.effects()}), 7)

    def test_nested_steps_build_the_path_and_spans_between_do_not_count(self) -> None:
        client = instrument(Board())
        with flow.step("deploy"):
            for _ in range(3):
                with flow.step("boards"):
                    with flow.span("just a span"):
                        client.create(1)
        self.assertEqual(self.where(), ["deploy#0/boards#%d/Board.create#0" % i for i in range(3)])

    def test_step_functions_and_effects_share_a_name_counter_and_scope_what_runs_inside(self) -> None:
        client = instrument(Board())

        @flow.step("charge")
        def charge(n: int) -> int:
            client.create(n)
            return n

        with flow.step("charge"):
            pass
        self.assertEqual(charge(4), 4)
        self.assertEqual(self.where(), ["charge#1/Board.create#0", "/charge#1"])
        spans = self.spans()
        self.assertEqual(by_name(spans, "rpc:Board.create")["parent_id"], [s for s in spans.values() if s["name"] == "charge"][1]["span_id"])

    def test_gather_gives_indexes_in_start_order_whatever_the_completion_order(self) -> None:
        client = instrument(Board())

        async def main() -> List[int]:
            with flow.step("fan"):
                return list(await asyncio.gather(*(client.acreate(n, 0.02 * (5 - n)) for n in range(5))))

        self.assertEqual(asyncio.run(main()), [0, 1, 2, 3, 4])
        by_index = {r["index"]: r["result"] for r in self.effects()}
        self.assertEqual(by_index, {n: n for n in range(5)})  # the n-th call started n-th, finished last-but-n

    def test_threads_never_share_an_index(self) -> None:
        client = instrument(Board())
        barrier = threading.Barrier(8)

        def work() -> None:
            barrier.wait()
            for n in range(50):
                client.create(n)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        indexes = sorted(r["index"] for r in self.effects())
        self.assertEqual(indexes, list(range(400)))  # a thread without the flow's context: the flow's own scope
        self.assertEqual({r["path"] for r in self.effects()}, {""})

    def test_the_version_is_the_file_hash_unless_overridden(self) -> None:
        path = os.path.join(self.dir, "f.py")
        with open(path, "wb") as f:
            f.write(b"print('x')\n")
        _durable_keys._versions.clear()
        self.assertEqual(_durable_keys.version_of(path), hashlib.sha256(b"print('x')\n").hexdigest()[:16])
        os.environ["HERO_FLOW_VERSION_SID"] = "release-7"
        try:
            self.assertEqual(_durable_keys.version_of(path), "release-7")
        finally:
            del os.environ["HERO_FLOW_VERSION_SID"]


class ReplayInProcessTest(DurableCase):
    def test_a_second_attempt_replays_in_the_same_order(self) -> None:
        calls: List[int] = []

        class Counting(Board):
            def create(self, n: int) -> Dict[str, int]:
                calls.append(n)
                return {"id": n}

        def body() -> List[Any]:
            client = instrument(Counting())
            out = []
            for _ in range(2):
                with flow.step("boards"):
                    out.extend(client.create(n) for n in range(3))
            return out

        first = body()
        self.begin(mode="resume", attempt=2)
        self.assertEqual(body(), first)
        self.assertEqual(len(calls), 6)  # not 12: the second attempt replayed all six
        self.assertEqual((self.attempt.replayed, self.attempt.live, self.attempt.diverged), (6, 0, None))


class NestedReplayTest(DurableCase):
    def test_what_ran_inside_a_replayed_step_function_is_met_not_another_path(self) -> None:
        client = instrument(Board())

        @flow.step("outer")
        def outer() -> int:
            with flow.step("inner"):
                client.create(1)
            return 5

        outer()
        self.assertEqual(self.where(), ["outer#0/inner#0/Board.create#0", "/outer#0"])
        self.begin(mode="resume", attempt=2)
        self.assertEqual(outer(), 5)
        client.create(2)  # new after everything recorded was met: not another path
        self.assertEqual((self.attempt.replayed, self.attempt.live, self.attempt.diverged), (1, 1, None))
        with open(self.history) as f:
            self.assertEqual([r for r in map(json.loads, f) if r["type"] == "drop"], [])


@flow("Durable child", inputs={"n": int})
def durable_child(inputs: Dict[str, Any]) -> int:
    return inputs["n"] * 2


class ChildPlayReplayTest(DurableCase):
    """flow.invoke(..., spawn=True) is recorded: a resume replays the child's output or failure
    without asking the runtime for another child play."""

    def setUp(self) -> None:
        from tests.test_invoke_running import RuntimeStandIn

        super().setUp()
        os.environ["HERO_FLOW_CHILD_PLAYS"] = "1"
        self.runtime = RuntimeStandIn(
            [
                {"type": "invoke_started", "play_id": "p-1"},
                {"type": "invoke_finished", "play_id": "p-1", "status": "ok", "output": {"doubled": 4}, "error": None},
            ]
        )
        _spans._configure(self.runtime.path)

    def tearDown(self) -> None:
        del os.environ["HERO_FLOW_CHILD_PLAYS"]
        _spans._configure(None)
        self.runtime.close()
        super().tearDown()

    def test_a_child_play_output_replays_without_a_new_child(self) -> None:
        self.assertEqual(flow.invoke("Durable child", spawn=True, n=2), {"doubled": 4})
        self.assertEqual(len(self.runtime.requests), 1)
        self.begin(mode="resume", attempt=2)
        self.assertEqual(flow.invoke("Durable child", spawn=True, n=2), {"doubled": 4})
        self.assertEqual(len(self.runtime.requests), 1)
        self.assertEqual(self.attempt.replayed, 1)

    def test_a_child_play_failure_replays_as_flow_failed(self) -> None:
        self.runtime.answers[1] = {"type": "invoke_finished", "play_id": "p-1", "status": "failed", "output": None, "error": "no seat"}
        with self.assertRaises(flow.Failed) as first:
            flow.invoke("Durable child", spawn=True, n=2)
        self.begin(mode="resume", attempt=2)
        with self.assertRaises(flow.Failed) as again:
            flow.invoke("Durable child", spawn=True, n=2)
        self.assertEqual(again.exception.reason, first.exception.reason)
        self.assertEqual(len(self.runtime.requests), 1)
