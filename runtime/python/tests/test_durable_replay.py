"""Durable plays end to end: the real bootstrap with a durable request, a real span socket, a real
history file in a temp folder; side effects count their executions in a file of their own."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import textwrap
import time
import unittest
from typing import Any, Dict, List, Optional

from tests._support import BootstrapResult, SpanSink, by_name, clean_env, run_python, start_bootstrap

PRELUDE = '''
import os, json
from hero_tracing import flow, instrument, ReplayedError

HERE = os.path.dirname(os.path.abspath(__spec__.origin))

def ran(what):
    with open(os.path.join(HERE, "ran.log"), "a") as f:
        f.write(what + "\\n")

def flag(name):
    return os.path.exists(os.path.join(HERE, name))

class Client:
    def create(self, n):
        ran("create %s" % n)
        return {"id": n}
    def flaky(self):
        ran("flaky")
        if not flag("fixed"):
            raise TimeoutError("timed out")
        return "fine"
'''


class Play:
    def __init__(self, test: unittest.TestCase, source: str) -> None:
        self.dir = tempfile.mkdtemp(prefix="hero-durable-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.file = os.path.join(self.dir, "flow.py")
        self.history = os.path.join(self.dir, "history.jsonl")
        self.write(source)
        self.attempt = 0

    def write(self, source: str) -> None:
        with open(self.file, "w") as f:
            f.write(PRELUDE + textwrap.dedent(source))

    def run(self, mode: Optional[str] = None, prefill: Any = None, prefill_only: bool = False, durable: bool = True, env: Optional[Dict[str, str]] = None, flow: Optional[str] = None) -> BootstrapResult:
        self.attempt += 1
        request: Dict[str, Any] = {"file": self.file, "flow": flow, "inputs": {}, "raw_inputs": {}}
        if durable:
            request["durable"] = {
                "history": self.history,
                "attempt": self.attempt,
                "mode": mode or ("run" if self.attempt == 1 else "resume"),
                "prefill": prefill or {"by_key": {}, "in_order": []},
                "prefill_only": prefill_only,
            }
        sink = SpanSink()
        try:
            proc = start_bootstrap(request, sink, env, start_new_session=True)
            out, err = proc.communicate(timeout=60)
            return BootstrapResult(proc.returncode, out.decode(), err.decode(), sink.drain())
        finally:
            sink.close()

    def ran(self) -> List[str]:
        try:
            with open(os.path.join(self.dir, "ran.log")) as f:
                return f.read().split("\n")[:-1]
        except FileNotFoundError:
            return []

    def lines(self, kind: Optional[str] = None) -> List[Dict[str, Any]]:
        with open(self.history) as f:
            return [r for r in map(json.loads, f) if kind is None or r["type"] == kind]

    def touch(self, name: str) -> None:
        open(os.path.join(self.dir, name), "w").close()


def replay_event(result: BootstrapResult) -> Dict[str, Any]:
    events = result.of_type("play_replay")
    assert events, result
    return events[-1]


def output(result: BootstrapResult) -> Any:
    return result.of_type("play_output")[0]["output"]


APPROVAL = '''
@flow("Approval")
def approval(inputs):
    c = instrument(Client())
    with flow.step("boards"):
        ids = [c.create(n)["id"] for n in range(3)]
    answer = flow.pause("Deploy %d boards?" % len(ids), inputs={"approve": bool, "note": {"type": "str", "default": ""}}, key="approve")
    ran("after pause %s" % answer["approve"])
    c.create(99)
    return {"ids": ids, "answer": answer}
'''


class PauseResumeTest(unittest.TestCase):
    def test_exactly_once_across_a_pause_and_a_resume(self) -> None:
        play = Play(self, APPROVAL)
        first = play.run()
        self.assertEqual(first.returncode, 75, first)
        self.assertEqual(play.ran(), ["create 0", "create 1", "create 2"])
        paused = first.of_type("play_paused")[0]
        self.assertEqual(paused["key"], "approve")
        self.assertEqual(paused["prompt"], "Deploy 3 boards?")
        self.assertEqual(paused["fields"]["approve"], {"type": "bool", "required": True})
        pause_span = first.spans()[paused["span_id"]]
        self.assertEqual((pause_span["kind"], pause_span["status"], pause_span["tags"]["waiting"]), ("pause", "ok", True))
        self.assertEqual(pause_span["tags"]["prompt"], "Deploy 3 boards?")
        self.assertEqual(replay_event(first), {**replay_event(first), "replayed": 0, "live": 3, "diverged": None})
        self.assertEqual(first.of_type("play_output"), [])
        pause_line = play.lines("pause")[0]
        self.assertEqual((pause_line["pause_key"], pause_line["span_id"], pause_line["attempt"]), ("approve", paused["span_id"], 1))
        self.assertEqual(os.stat(play.history).st_mode & 0o777, 0o600)

        second = play.run(prefill={"by_key": {"approve": {"approve": True}}, "in_order": []})
        self.assertEqual(second.returncode, 0, second)
        self.assertEqual(output(second), {"ids": [0, 1, 2], "answer": {"approve": True, "note": ""}})
        self.assertEqual(play.ran(), ["create 0", "create 1", "create 2", "after pause True", "create 99"])
        spans = second.spans()
        replayed = [s for s in spans.values() if s["start_event"].get("replayed")]
        self.assertEqual(len(replayed), 3)
        self.assertTrue(all(s["name"] == "rpc:Client.create" and s["status"] == "ok" for s in replayed))
        pause = by_name(spans, "pause:approve")
        self.assertEqual((pause["tags"]["prefilled"], pause["tags"]["answer"]), (True, {"approve": True, "note": ""}))
        self.assertEqual(replay_event(second)["replayed"], 3)
        self.assertEqual(replay_event(second)["live"], 2)

        third = play.run()  # every effect recorded: only the code between effects runs again
        self.assertEqual(third.returncode, 0, third)
        self.assertEqual(play.ran()[5:], ["after pause True"])
        self.assertEqual((replay_event(third)["replayed"], replay_event(third)["live"]), (5, 0))
        self.assertTrue(by_name(third.spans(), "pause:approve")["start_event"]["replayed"])

    def test_prefill_in_order_and_prefill_only(self) -> None:
        source = '''
        @flow("Two pauses")
        def two(inputs):
            a = flow.pause("first?", inputs={"n": int})
            b = flow.pause("second?", inputs={"n": int})
            return a["n"] + b["n"]
        '''
        play = Play(self, source)
        both = play.run(prefill={"by_key": {"second?": {"n": 10}}, "in_order": [{"n": 1}, {"n": 99}]})
        self.assertEqual((both.returncode, output(both)), (0, 11))
        spans = both.spans()
        self.assertTrue(by_name(spans, "pause:first?")["tags"]["prefilled"])
        self.assertTrue(by_name(spans, "pause:second?")["tags"]["prefilled"])

        play2 = Play(self, source)
        failed = play2.run(prefill={"by_key": {}, "in_order": [{"n": 1}]}, prefill_only=True)
        self.assertEqual(failed.returncode, 1, failed)
        self.assertEqual(failed.root()["error"], "pause 'second?' has no prefilled answer")
        self.assertEqual(failed.of_type("play_paused"), [])

        bad = Play(self, source).run(prefill={"by_key": {"first?": {"n": "one"}}, "in_order": []})
        self.assertEqual(bad.returncode, 1)
        self.assertIn("pause 'first?': input 'n' expects int", bad.root()["error"])

    def test_without_a_durable_request_a_pause_fails_clearly(self) -> None:
        result = Play(self, APPROVAL).run(durable=False)
        self.assertEqual(result.returncode, 1, result)
        self.assertIn("needs a play run by hero-flows or the editor", result.root()["error"])
        self.assertEqual(result.of_type("play_replay"), [])

    def test_standalone_python_records_nothing_and_a_pause_fails_clearly(self) -> None:
        code = textwrap.dedent(
            """
            from hero_tracing import flow, instrument

            class C:
                def get(self):
                    return 1

            @flow.step("s")
            def s():
                return 2

            print(instrument(C()).get() + s())
            try:
                flow.pause("Approve?")
            except flow.Failed as exc:
                print(exc.reason)
            """
        )
        proc = run_python(code, clean_env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[0], "3")
        self.assertTrue(lines[1].startswith("flow.pause('Approve?') needs a play run by hero-flows or the editor"), lines)

    def test_a_corrupt_history_rejects_the_attempt_naming_the_line(self) -> None:
        play = Play(self, APPROVAL)
        play.run()
        with open(play.history, "a") as f:
            f.write('{"type":"effect","key":1}\n{"type":"attempt"}\n')
        result = play.run()
        self.assertEqual(result.returncode, 2, result)
        self.assertRegex(result.rejected or "", r"history .*history\.jsonl is corrupt at line 6: ")
        self.assertEqual(play.ran(), ["create 0", "create 1", "create 2"])  # no code of the flow ran


RETRY = '''
@flow("Retry")
def retry(inputs):
    c = instrument(Client())
    c.create(1)
    return c.flaky()
'''


class RetryTest(unittest.TestCase):
    def test_retry_re_executes_recorded_failures_and_replays_successes(self) -> None:
        play = Play(self, RETRY)
        self.assertEqual(play.run().returncode, 1)
        play.touch("fixed")
        again = play.run(mode="retry")
        self.assertEqual((again.returncode, output(again)), (0, "fine"))
        self.assertEqual(play.ran(), ["create 1", "flaky", "flaky"])

    def test_resume_replays_failures_as_failures_with_their_classes(self) -> None:
        source = '''
        class Weird(Exception):
            pass

        @flow.step("custom")
        def custom():
            ran("custom")
            raise Weird("odd")

        @flow.step("failing")
        def failing():
            ran("failing")
            raise flow.Failed("no seat")

        @flow("Catches")
        def catches(inputs):
            c = instrument(Client())
            seen = []
            for call in (c.flaky, custom, failing):
                try:
                    call()
                except flow.Failed as exc:
                    seen.append(["Failed", exc.reason])
                except TimeoutError as exc:
                    seen.append(["TimeoutError", str(exc)])
                except ReplayedError as exc:
                    seen.append(["ReplayedError", exc.type_name, exc.message])
                except Weird as exc:
                    seen.append(["Weird", str(exc)])
            flow.pause("go on?")
            return seen
        '''
        play = Play(self, source)
        self.assertEqual(play.run().returncode, 75)
        resumed = play.run(prefill={"by_key": {"go on?": {}}, "in_order": []})
        self.assertEqual(resumed.returncode, 0, resumed)
        seen = output(resumed)
        self.assertEqual(seen[0], ["TimeoutError", "timed out"])  # a built-in: its own class
        self.assertEqual((seen[1][0], seen[1][1].rsplit(".", 1)[-1], seen[1][2]), ("ReplayedError", "Weird", "odd"))
        self.assertEqual(seen[2], ["Failed", "no seat"])
        self.assertEqual(play.ran(), ["flaky", "custom", "failing"])  # none ran twice
        failed = [s for s in resumed.spans().values() if s["start_event"].get("replayed") and s["status"] == "failed"]
        self.assertEqual(len(failed), 3)

    def test_a_changed_version_runs_fresh_unless_retrying_reusing_results(self) -> None:
        play = Play(self, RETRY)
        play.run()
        play.write(RETRY + "\n# edited\n")
        play.touch("fixed")
        fresh = play.run(mode="retry")
        self.assertEqual(fresh.returncode, 0, fresh)
        self.assertEqual(play.ran(), ["create 1", "flaky", "create 1", "flaky"])
        self.assertIn("version changed", replay_event(fresh)["diverged"])
        self.assertIn("history not used from here: the flow's version changed", by_name(fresh.spans(), "rpc:Client.create")["logs"][0])

        reuse = Play(self, RETRY)
        reuse.run()
        reuse.write(RETRY + "\n# edited\n")
        reuse.touch("fixed")
        kept = reuse.run(mode="retry_reuse")
        self.assertEqual((kept.returncode, output(kept)), (0, "fine"))
        self.assertEqual(reuse.ran(), ["create 1", "flaky", "flaky"])  # create replayed across the edit
        self.assertIsNone(replay_event(kept)["diverged"])
        after = reuse.run(mode="resume")  # the reused record was recorded under the new version too
        self.assertEqual(reuse.ran(), ["create 1", "flaky", "flaky"])
        self.assertEqual(replay_event(after)["replayed"], 2)

    def test_version_sid_overrides_the_file_hash(self) -> None:
        play = Play(self, RETRY)
        env = {"HERO_FLOW_VERSION_SID": "release-1"}
        play.run(env=env)
        play.write(RETRY + "\n# edited, same release\n")
        play.touch("fixed")
        again = play.run(mode="retry", env=env)
        self.assertEqual(play.ran(), ["create 1", "flaky", "flaky"])
        self.assertEqual(replay_event(again)["version"], "release-1")


class ParkingTest(unittest.TestCase):
    def test_a_swallowed_pause_or_one_in_a_thread_still_parks_the_play(self) -> None:
        source = '''
        import threading

        @flow("Swallows")
        def swallows(inputs):
            box = []
            t = threading.Thread(target=lambda: box.append(flow.pause("from a thread?")))
            t.start()
            t.join()
            try:
                flow.pause("second?")
            except BaseException:
                ran("swallowed")
            return "not an output"
        '''
        play = Play(self, source)
        result = play.run()
        self.assertEqual(result.returncode, 75, result)
        self.assertEqual(result.of_type("play_output"), [])
        self.assertEqual([e["key"] for e in result.of_type("play_paused")], ["from a thread?"])
        self.assertEqual(play.ran(), ["swallowed"])  # the second pause parked at once, writing nothing
        self.assertEqual([r["pause_key"] for r in play.lines("pause")], ["from a thread?"])
        self.assertNotIn("Traceback", result.stderr)  # a thread that parked is not an error

    def test_a_hostile_recorded_value_replays_as_plain_data(self) -> None:
        source = '''
        @flow.step("fetch")
        def fetch():
            ran("fetch")
            return {"safe": 1}

        @flow("Hostile")
        def hostile(inputs):
            value = fetch()
            flow.pause("ok?")
            return [type(value).__name__, sorted(value)]
        '''
        play = Play(self, source)
        play.run()
        with open(play.history) as f:
            lines = f.read().splitlines()
        record = json.loads(lines[1])
        record["result"] = {"__proto__": {"polluted": True}, "__class__": "os.system", "constructor": 1}
        lines[1] = json.dumps(record)
        with open(play.history, "w") as f:
            f.write("\n".join(lines) + "\n")
        result = play.run(prefill={"by_key": {"ok?": {}}, "in_order": []})
        self.assertEqual(result.returncode, 0, result)
        self.assertEqual(output(result), ["dict", ["__class__", "__proto__", "constructor"]])
        self.assertEqual(play.ran(), ["fetch"])


class DivergenceTest(unittest.TestCase):
    def test_another_path_stops_using_the_history_and_drops_what_is_left(self) -> None:
        source = '''
        @flow("Branches")
        def branches(inputs):
            c = instrument(Client())
            c.create(1)
            if flag("left"):
                c.create(2)
                c.create(3)
            else:
                with flow.step("right"):
                    c.create(4)
            flow.pause("done?")
        '''
        play = Play(self, source)
        play.touch("left")
        self.assertEqual(play.run().returncode, 75)
        os.remove(os.path.join(play.dir, "left"))
        second = play.run(prefill={"by_key": {"done?": {}}, "in_order": []})
        self.assertEqual(second.returncode, 0, second)
        self.assertEqual(play.ran(), ["create 1", "create 2", "create 3", "create 4"])
        self.assertEqual(replay_event(second)["diverged"], "the code took another path")
        right_call = [s for s in second.spans().values() if s["name"] == "rpc:Client.create" and not s["start_event"].get("replayed")][0]
        self.assertEqual(right_call["logs"], ["history not used from here: the code took another path"])
        drop = play.lines("drop")
        self.assertEqual(len(drop), 1)
        self.assertEqual(len(drop[0]["keys"]), 2)
        play.touch("left")  # back to the old path: the dropped results are never replayed
        play.run()
        self.assertEqual(play.ran()[-2:], ["create 2", "create 3"])

    def test_unrecordable_results_are_tagged_and_run_again(self) -> None:
        source = '''
        @flow.step("render")
        def render():
            ran("render")
            return {1, 2}

        @flow.step("big")
        def big():
            ran("big")
            return "x" * (300 * 1024)

        @flow("Unrecordable")
        def unrecordable(inputs):
            render()
            big()
            flow.pause("ok?")
        '''
        play = Play(self, source)
        first = play.run()
        self.assertEqual(first.returncode, 75)
        spans = first.spans()
        self.assertEqual(by_name(spans, "render")["tags"]["history"], "unrecorded: result is not JSON: set")
        self.assertIn("over the 256 KiB limit", by_name(spans, "big")["tags"]["history"])
        self.assertEqual([r["unrecorded"][:22] for r in play.lines("effect")], ["result is not JSON: se", "result is 300 KiB of J"])
        second = play.run(prefill={"by_key": {"ok?": {}}, "in_order": []})
        self.assertEqual(second.returncode, 0, second)
        self.assertEqual(play.ran(), ["render", "big", "render", "big"])
        self.assertIsNone(replay_event(second)["diverged"])

    def test_async_gather_and_in_process_invoke_replay(self) -> None:
        source = '''
        import asyncio

        class AsyncClient:
            async def get(self, n):
                await asyncio.sleep(0.01 * (4 - n))
                ran("get %d" % n)
                return n * 10

        @flow("Child")
        def child(inputs):
            return instrument(Client()).create(inputs["n"])

        @flow("Parent")
        async def parent(inputs):
            c = instrument(AsyncClient())
            values = await asyncio.gather(*(c.get(n) for n in range(4)))
            made = await flow.invoke("Child", n=7)
            flow.pause("more?")
            return [values, made]
        '''
        play = Play(self, source.replace('@flow("Child")\n        def child(inputs):', '@flow("Child", inputs={"n": int})\n        def child(inputs):'))
        first = play.run(flow="Parent")
        self.assertEqual(first.returncode, 75, first)
        second = play.run(prefill={"by_key": {"more?": {}}, "in_order": []}, flow="Parent")
        self.assertEqual(second.returncode, 0, second)
        self.assertEqual(output(second), [[0, 10, 20, 30], {"id": 7}])
        self.assertEqual(sorted(play.ran()), sorted(["get 0", "get 1", "get 2", "get 3", "create 7"]))
        self.assertIsNone(replay_event(second)["diverged"])
        self.assertEqual(replay_event(second)["replayed"], 5)
        inner = [r for r in play.lines("effect") if r["name"] == "Client.create"][0]
        self.assertEqual(inner["path"], "Child#0")


if __name__ == "__main__":
    unittest.main()


WAITS_AFTER_REPLAY = '''
import time

@flow("Waits after replay")
def waits(inputs):
    c = instrument(Client())
    for n in range(3):
        c.create(n)
    ran("calls done")
    while not flag("release"):  # a long stretch without a span: replayed spans must not wait for one
        time.sleep(0.01)
    if flag("second"):  # a new effect after the replayed ones: it runs live
        c.create(99)
    return {}
'''


class ReplayedSpansOnTheWireTest(unittest.TestCase):
    """Replayed spans are queued for one write (their records are in the history already): they
    still reach the runtime in order, and soon, even when no other event follows for a while."""

    def test_queued_replayed_spans_arrive_without_a_later_event_and_before_the_next_one(self) -> None:
        play = Play(self, WAITS_AFTER_REPLAY)
        play.touch("release")
        self.assertEqual(play.run().returncode, 0)
        os.remove(os.path.join(play.dir, "release"))
        play.touch("second")

        request = {"file": play.file, "flow": None, "inputs": {}, "raw_inputs": {}, "durable": {
            "history": play.history, "attempt": 2, "mode": "resume", "prefill": {"by_key": {}, "in_order": []}, "prefill_only": False}}
        sink = SpanSink()
        self.addCleanup(sink.close)
        proc = start_bootstrap(request, sink, start_new_session=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())

        def replayed_ends() -> int:
            with sink.lock:
                lines = [json.loads(line) for line in sink.lines]
            starts = {e["span_id"] for e in lines if e["type"] == "span_start" and e.get("replayed")}
            return sum(1 for e in lines if e["type"] == "span_end" and e["span_id"] in starts)

        deadline = time.monotonic() + 30  # a hang guard: the queue's timer flushes in milliseconds
        while replayed_ends() < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(replayed_ends(), 3, "the replayed spans waited for a later event")
        self.assertEqual(proc.poll(), None, "the flow is still in its stretch without spans")
        play.touch("release")
        proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0)

        events = [e for e in sink.drain() if e["type"] in ("span_start", "span_end")]
        names = {e["span_id"]: e["name"] for e in events if e["type"] == "span_start"}
        order = [(e["type"], names[e["span_id"]], bool(e.get("replayed"))) for e in events]
        replayed = [i for i, e in enumerate(events) if e["type"] == "span_start" and e.get("replayed")]
        live_create = next(i for i, (kind, name, was) in enumerate(order) if kind == "span_start" and name == "rpc:Client.create" and not was)
        self.assertEqual(len(replayed), 3)
        self.assertLess(max(replayed), live_create, order)
        self.assertEqual(play.ran()[-2:], ["calls done", "create 99"])
