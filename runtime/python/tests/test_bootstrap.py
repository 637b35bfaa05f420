"""hero_bootstrap.py end to end: a real subprocess, a real span socket."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from typing import Any, Dict, List

from tests._support import (
    BOOTSTRAP,
    HEX16,
    BootstrapResult,
    SpanSink,
    by_name,
    children,
    clean_env,
    run_bootstrap,
    start_bootstrap,
)

FLOWS = {
    "ok_flow.py": '''
        from hero_tracing import flow

        @flow("Greet", inputs={"name": str, "times": {"type": int, "default": 2}}, description="says hi")
        def greet(inputs):
            print("hello from the flow")
            with flow.step("compose", name=inputs["name"]):
                text = " ".join(["hi " + inputs["name"]] * inputs["times"])
            return {"text": text, "inputs": inputs}
    ''',
    "failing.py": '''
        from hero_tracing import flow

        @flow("Fails")
        def fails(inputs):
            with flow.step("one"):
                pass
            with flow.step("two"):
                raise flow.Failed("no free seat")
    ''',
    "crashing.py": '''
        from hero_tracing import flow

        def lookup(d):
            return d["missing"]

        @flow("Crashes")
        def crashes(inputs):
            with flow.step("lookup"):
                return lookup({})
    ''',
    "syntax_error.py": '''
        from hero_tracing import flow

        @flow("Broken")
        def broken(inputs):
            return (1 +
    ''',
    "import_error.py": '''
        from hero_tracing import flow
        import not_a_module_anywhere_xyz
    ''',
    "no_flow.py": '''
        def helper(inputs):
            return 1
    ''',
    "several.py": '''
        from hero_tracing import flow

        @flow("Alpha")
        def alpha(inputs):
            return "a"

        @flow("Beta")
        def beta(inputs):
            return "b"
    ''',
    "imports_flow.py": '''
        from hero_tracing import flow
        from several import alpha  # a flow of another file does not count here

        @flow("Local")
        def local(inputs):
            return alpha(inputs) + "-local"
    ''',
    "typed.py": '''
        from hero_tracing import flow

        @flow("Create workspace", inputs={
            "name": str,
            "seats": {"type": "int", "default": 3},
            "ratio": {"type": float, "default": 0.5},
            "public": {"type": bool, "default": False},
            "tags": {"type": list, "default": []},
            "meta": {"type": dict, "default": {}},
            "extra": {"type": "any", "required": False},
        })
        def create(inputs):
            return inputs
    ''',
    "untyped.py": '''
        from hero_tracing import flow

        @flow("Untyped")
        def untyped(inputs):
            return inputs
    ''',
    "slow_sync.py": '''
        import time
        from hero_tracing import flow

        @flow("Slow sync")
        def slow(inputs):
            with flow.step("outer"):
                with flow.step("sleeping"):
                    time.sleep(60)
            return "never"
    ''',
    "slow_async.py": '''
        import asyncio
        from hero_tracing import flow

        @flow("Slow async")
        async def slow(inputs):
            async def child(i):
                async with flow.step("child %d" % i):
                    await asyncio.sleep(60)
            with flow.step("gather"):
                await asyncio.gather(child(1), child(2))
            return "never"
    ''',
    "async_ok.py": '''
        import asyncio
        from hero_tracing import flow

        @flow("Async ok", inputs={"n": int})
        async def run(inputs):
            async def sq(i):
                async with flow.step("square %d" % i):
                    await asyncio.sleep(0.01)
                    return i * i
            with flow.step("fan out"):
                values = await asyncio.gather(*(sq(i) for i in range(inputs["n"])))
            return sum(values)
    ''',
    "reads_input.py": '''
        from hero_tracing import flow

        @flow("Reads input")
        def run(inputs):
            try:
                return "got " + input("your name? ")
            except EOFError:
                return "eof"
    ''',
    "exits.py": '''
        import sys
        from hero_tracing import flow

        @flow("Exits", inputs={"code": {"type": "any", "default": 0}})
        def run(inputs):
            with flow.step("exit"):
                sys.exit(inputs["code"])
    ''',
    "odd_output.py": '''
        from hero_tracing import flow

        class Thing:
            def __repr__(self):
                return "<Thing 42>"

        @flow("Odd output", inputs={"kind": str})
        def run(inputs):
            if inputs["kind"] == "object":
                return Thing()
            if inputs["kind"] == "huge":
                return "x" * (3 * 1024 * 1024)
            if inputs["kind"] == "nan":
                return {"v": float("nan")}
            return None
    ''',
    "bad_signature.py": '''
        from hero_tracing import flow

        @flow("No params")
        def run():
            return 1
    ''',
    "with_main.py": '''
        from hero_tracing import flow

        @flow("With main")
        def run(inputs):
            return "flow ran"

        if __name__ == "__main__":
            print("the __main__ block must not run under the bootstrap")
    ''',
    "lingering.py": '''
        import threading, time
        from hero_tracing import flow

        @flow("Lingering")
        def run(inputs):
            threading.Thread(target=time.sleep, args=(60,)).start()  # not a daemon
            return "done"
    ''',
    "spawns.py": '''
        import subprocess, sys, time
        from hero_tracing import flow

        @flow("Spawns")
        def run(inputs):
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            with open(inputs["pidfile"], "w") as f:
                f.write(str(child.pid))
            with flow.step("waiting"):
                time.sleep(120)
    ''',
}


def alive(pid: int) -> bool:
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


class BootstrapTest(unittest.TestCase):
    tmp: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.mkdtemp(prefix="hero-flows-")
        for name, source in FLOWS.items():
            with open(os.path.join(cls.tmp, name), "w") as f:
                f.write(textwrap.dedent(source).lstrip())

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name: str) -> str:
        return os.path.join(self.tmp, name)

    def run_flow(self, name: str, **kw: Any) -> BootstrapResult:
        return run_bootstrap(self.path(name), **kw)

    def assertRejected(self, result: BootstrapResult, reason: str) -> None:
        self.assertEqual(result.returncode, 2, result)
        self.assertEqual(result.rejected, reason, result)
        self.assertEqual([e["type"] for e in result.events], ["play_rejected"])
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, "")

    # -- success ------------------------------------------------------------------------------

    def test_ok_flow_with_output(self) -> None:
        r = self.run_flow("ok_flow.py", raw_inputs={"name": "ada"})
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout, "hello from the flow\n")  # only the flow's own output
        self.assertEqual(r.stderr, "")
        types_ = [e["type"] for e in r.events]
        self.assertEqual(types_, ["play_flow", "span_start", "span_start", "span_end", "play_output", "span_end"])
        play = r.events[0]
        self.assertEqual(play["name"], "Greet")
        self.assertEqual(play["source_file"], self.path("ok_flow.py"))
        self.assertEqual(play["source_line"], 3)  # co_firstlineno: the @flow line
        self.assertEqual(play["inputs"], {"name": "ada", "times": 2})
        self.assertIsInstance(play["t_ms"], (int, float))
        root = r.root()
        self.assertEqual((root["name"], root["kind"], root["status"]), ("Greet", "flow_root", "ok"))
        self.assertIsNone(root["parent_id"])
        self.assertRegex(root["span_id"], HEX16)
        self.assertEqual((root["source_file"], root["source_line"]), (self.path("ok_flow.py"), 3))
        step = by_name(r.spans(), "compose")
        self.assertEqual(step["parent_id"], root["span_id"])
        self.assertEqual(step["tags"], {"name": "ada"})
        self.assertEqual(
            r.of_type("play_output")[0]["output"], {"text": "hi ada hi ada", "inputs": {"name": "ada", "times": 2}}
        )

    def test_parent_span_from_environment(self) -> None:
        r = self.run_flow("ok_flow.py", inputs={"name": "x"}, env={"HERO_FLOW_PARENT_SPAN": "b7ad6b7169203331"})
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.root()["parent_id"], "b7ad6b7169203331")

    def test_async_flow(self) -> None:
        r = self.run_flow("async_ok.py", raw_inputs={"n": "4"})
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.of_type("play_output")[0]["output"], 0 + 1 + 4 + 9)
        spans = r.spans()
        fan = by_name(spans, "fan out")
        self.assertEqual(fan["parent_id"], r.root()["span_id"])
        self.assertEqual(len(children(spans, fan)), 4)

    def test_input_gets_eof(self) -> None:
        r = self.run_flow("reads_input.py", timeout=30)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.of_type("play_output")[0]["output"], "eof")

    def test_input_gets_eof_even_when_the_runtime_keeps_stdin_open(self) -> None:
        sink = SpanSink()
        try:
            request = {"file": self.path("reads_input.py"), "flow": None, "inputs": {}, "raw_inputs": {}}
            proc = start_bootstrap(request, sink, start_new_session=True)  # stdin stays open
            try:
                proc.wait(timeout=20)
            finally:
                proc.kill()
                proc.communicate()
            self.assertEqual(proc.returncode, 0)
            result = BootstrapResult(0, "", "", sink.drain())
            self.assertEqual(result.of_type("play_output")[0]["output"], "eof")
        finally:
            sink.close()

    def test_main_block_does_not_run(self) -> None:
        r = self.run_flow("with_main.py")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.of_type("play_output")[0]["output"], "flow ran")

    def test_non_json_and_huge_outputs(self) -> None:
        r = self.run_flow("odd_output.py", raw_inputs={"kind": "object"})
        self.assertEqual(r.of_type("play_output")[0]["output"], "<Thing 42>")
        r = self.run_flow("odd_output.py", raw_inputs={"kind": "nan"})
        self.assertEqual(r.of_type("play_output")[0]["output"], "{'v': nan}")
        r = self.run_flow("odd_output.py", raw_inputs={"kind": "none"})
        self.assertIsNone(r.of_type("play_output")[0]["output"])
        r = self.run_flow("odd_output.py", raw_inputs={"kind": "huge"})
        self.assertEqual(r.returncode, 0, r)
        out = r.of_type("play_output")[0]["output"]
        self.assertIsInstance(out, str)
        self.assertLessEqual(len(json.dumps(out)), 1024 * 1024)
        self.assertIn("truncated", out)
        self.assertEqual(r.root()["status"], "ok")

    def test_sys_exit(self) -> None:
        r = self.run_flow("exits.py", inputs={"code": 0})
        self.assertEqual(r.returncode, 0, r)
        self.assertIsNone(r.of_type("play_output")[0]["output"])
        self.assertEqual(r.root()["status"], "ok")
        r = self.run_flow("exits.py", inputs={"code": 3})
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(r.of_type("play_output"), [])
        self.assertEqual((r.root()["status"], r.root()["error"]), ("failed", "the flow called sys.exit(3)"))

    # -- failures -----------------------------------------------------------------------------

    def test_failed_flow(self) -> None:
        r = self.run_flow("failing.py")
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.of_type("play_output"), [])
        spans = r.spans()
        self.assertEqual(by_name(spans, "one")["status"], "ok")
        self.assertEqual((by_name(spans, "two")["status"], by_name(spans, "two")["error"]), ("failed", "no free seat"))
        self.assertEqual((r.root()["status"], r.root()["error"]), ("failed", "no free seat"))

    def test_crashing_flow_gets_a_traceback_from_the_flow_down(self) -> None:
        r = self.run_flow("crashing.py")
        self.assertEqual(r.returncode, 1, r)
        err = r.root()["error"]
        self.assertTrue(err.startswith("Traceback (most recent call last):\n  File \"%s\"" % self.path("crashing.py")), err)
        self.assertNotIn("hero_bootstrap", err)
        self.assertIn("in lookup", err)
        self.assertTrue(err.endswith("KeyError: 'missing'"), err)
        self.assertEqual(by_name(r.spans(), "lookup")["status"], "failed")

    # -- rejections ---------------------------------------------------------------------------

    def test_syntax_error(self) -> None:
        r = self.run_flow("syntax_error.py")
        self.assertEqual(r.returncode, 2, r)
        self.assertRegex(r.rejected or "", r"^%s:5:\d+: SyntaxError: " % self.path("syntax_error.py").replace(".", r"\."))
        self.assertEqual([e["type"] for e in r.events], ["play_rejected"])
        self.assertEqual(r.stdout + r.stderr, "")

    def test_import_error(self) -> None:
        r = self.run_flow("import_error.py")
        self.assertRejected(
            r, "%s:2: ModuleNotFoundError: No module named 'not_a_module_anywhere_xyz'" % self.path("import_error.py")
        )

    def test_no_flow(self) -> None:
        p = self.path("no_flow.py")
        self.assertRejected(self.run_flow("no_flow.py"), "%s defines no @flow" % p)

    def test_several_flows(self) -> None:
        p = self.path("several.py")
        self.assertRejected(
            self.run_flow("several.py"), "%s defines several flows ('Alpha', 'Beta'); choose one with --flow" % p
        )
        r = self.run_flow("several.py", flow="Beta")
        self.assertEqual(r.of_type("play_output")[0]["output"], "b")
        r = self.run_flow("several.py", flow="alpha")  # the Python function name works too
        self.assertEqual(r.of_type("play_output")[0]["output"], "a")

    def test_unknown_flow_name(self) -> None:
        p = self.path("several.py")
        self.assertRejected(
            self.run_flow("several.py", flow="Gamma"), "no flow named 'Gamma' in %s; flows here: 'Alpha', 'Beta'" % p
        )

    def test_flows_imported_from_other_files_do_not_count(self) -> None:
        r = self.run_flow("imports_flow.py")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.of_type("play_flow")[0]["name"], "Local")
        self.assertEqual(r.of_type("play_output")[0]["output"], "a-local")

    def test_missing_file_and_bad_signature(self) -> None:
        p = self.path("nope.py")
        self.assertRejected(run_bootstrap(p), "%s: no such file" % p)
        r = self.run_flow("bad_signature.py")
        self.assertEqual(r.returncode, 2, r)
        self.assertIn("must take exactly one positional parameter", r.rejected or "")

    def test_rejection_goes_to_stderr_without_a_socket(self) -> None:
        proc = subprocess.run(
            [sys.executable, BOOTSTRAP],
            input=json.dumps({"file": self.path("no_flow.py"), "flow": None, "inputs": {}, "raw_inputs": {}}),
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=30,
        )
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(proc.stderr, "hero-flows: %s defines no @flow\n" % self.path("no_flow.py"))

    # -- inputs -------------------------------------------------------------------------------

    def test_input_conversion_and_defaults(self) -> None:
        r = self.run_flow(
            "typed.py",
            raw_inputs={"name": "acme", "seats": "7", "ratio": "2", "public": "YES", "tags": '["a","b"]', "extra": "[1]"},
        )
        self.assertEqual(r.returncode, 0, r)
        expected = {"name": "acme", "seats": 7, "ratio": 2.0, "public": True, "tags": ["a", "b"], "meta": {}, "extra": [1]}
        self.assertEqual(r.of_type("play_flow")[0]["inputs"], expected)
        self.assertEqual(r.of_type("play_output")[0]["output"], expected)

        r = self.run_flow("typed.py", raw_inputs={"name": "acme", "extra": "not json"})
        self.assertEqual(
            r.of_type("play_output")[0]["output"],
            {"name": "acme", "seats": 3, "ratio": 0.5, "public": False, "tags": [], "meta": {}, "extra": "not json"},
        )
        r = self.run_flow("typed.py", inputs={"name": "a", "seats": 4, "ratio": 1, "public": False, "meta": {"k": 1}})
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.of_type("play_flow")[0]["inputs"]["ratio"], 1.0)
        for word, value in (("false", False), ("0", False), ("no", False), ("True", True), ("1", True)):
            r = self.run_flow("typed.py", raw_inputs={"name": "a", "public": word})
            self.assertEqual(r.of_type("play_flow")[0]["inputs"]["public"], value, word)

    def test_bad_inputs_are_rejected_with_a_precise_reason(self) -> None:
        cases = [
            ({"raw_inputs": {"name": "a", "seats": "abc"}}, "input 'seats' expects int, got 'abc'"),
            ({"raw_inputs": {"name": "a", "seats": "2.5"}}, "input 'seats' expects int, got '2.5'"),
            ({"raw_inputs": {"name": "a", "ratio": "nan"}}, "input 'ratio' expects float, got 'nan'"),
            ({"raw_inputs": {"name": "a", "public": "maybe"}}, "input 'public' expects bool, got 'maybe' (use true/false, yes/no or 1/0)"),
            ({"raw_inputs": {"name": "a", "tags": "a,b"}}, "input 'tags' expects list, got 'a,b' (not JSON)"),
            ({"raw_inputs": {"name": "a", "tags": '{"a": 1}'}}, "input 'tags' expects list, got '{\"a\": 1}'"),
            ({"inputs": {"name": "a", "seats": True}}, "input 'seats' expects int, got true (bool)"),
            ({"inputs": {"name": "a", "seats": 2.5}}, "input 'seats' expects int, got 2.5 (float)"),
            ({"inputs": {"name": 3}}, "input 'name' expects str, got 3 (int)"),
            ({"inputs": {"name": None}}, "input 'name' expects str, got null"),
            ({"inputs": {"name": "a", "public": "yes"}}, "input 'public' expects bool, got \"yes\" (str)"),
            (
                {"raw_inputs": {"name": "a", "sets": "3"}},
                "unknown input 'sets'; 'Create workspace' declares: name, seats, ratio, public, tags, meta, extra",
            ),
            ({"raw_inputs": {"seats": "3"}}, "missing required input 'name' (str)"),
            ({}, "missing required input 'name' (str)"),
        ]
        for kw, reason in cases:
            with self.subTest(kw=kw):
                self.assertRejected(self.run_flow("typed.py", **kw), reason)

    def test_undeclared_inputs_pass_through(self) -> None:
        r = self.run_flow("untyped.py", inputs={"a": [1]}, raw_inputs={"b": "2"})
        self.assertEqual(r.of_type("play_output")[0]["output"], {"a": [1], "b": "2"})

    # -- cancellation and the parent watchdog -------------------------------------------------

    def _sigterm(self, name: str, running: str, extra: List[str]) -> None:
        sink = SpanSink()
        try:
            request = {"file": self.path(name), "flow": None, "inputs": {}, "raw_inputs": {}}
            proc = start_bootstrap(request, sink, start_new_session=True)
            sink.wait_for(lambda evs: any(e.get("name") == running for e in evs), timeout=30)
            time.sleep(0.1)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)  # the flow sleeps 60 s: ending before proves the cancel
            self.assertEqual(proc.returncode, 130, err)
            self.assertEqual(out + err, b"")
            spans = BootstrapResult(0, "", "", sink.drain()).spans()
            for s in spans.values():
                self.assertEqual(s["status"], "cancelled", s["name"])
            self.assertEqual(sorted(s["name"] for s in spans.values()), sorted(extra))
        finally:
            sink.close()

    def test_sigterm_cancels_a_sync_flow(self) -> None:
        self._sigterm("slow_sync.py", "sleeping", ["Slow sync", "outer", "sleeping"])

    def test_sigterm_cancels_an_async_flow(self) -> None:
        self._sigterm("slow_async.py", "child 2", ["Slow async", "gather", "child 1", "child 2"])

    def test_sigterm_after_the_flow_returned_does_not_wait_for_its_threads(self) -> None:
        sink = SpanSink()
        try:
            request = {"file": self.path("lingering.py"), "flow": None, "inputs": {}, "raw_inputs": {}}
            proc = start_bootstrap(request, sink, start_new_session=True)
            sink.wait_for(lambda evs: any(e.get("type") == "play_output" for e in evs), timeout=30)
            time.sleep(0.2)
            self.assertIsNone(proc.poll())  # Python waits for the non-daemon thread
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 130)
            result = BootstrapResult(0, "", "", sink.drain())
            self.assertEqual(result.of_type("play_output")[0]["output"], "done")
            self.assertEqual(result.root()["status"], "ok")
        finally:
            sink.close()

    def test_parent_death_kills_the_process_group(self) -> None:
        pidfile = self.path("spawned.pid")
        sink = SpanSink()
        # An intermediate "runtime" that spawns the bootstrap as a group leader, then dies.
        launcher = textwrap.dedent(
            """
            import json, subprocess, sys, time
            p = subprocess.Popen([sys.executable, %r], stdin=subprocess.PIPE, start_new_session=True)
            p.stdin.write(json.dumps(%r).encode() + b"\\n"); p.stdin.flush()
            print(p.pid, flush=True)
            time.sleep(120)
            """
        ) % (BOOTSTRAP, {"file": self.path("spawns.py"), "flow": None, "inputs": {"pidfile": pidfile}, "raw_inputs": {}})
        runtime = subprocess.Popen(
            [sys.executable, "-c", launcher], env=clean_env(HERO_FLOW_SPAN_SOCK=sink.path), stdout=subprocess.PIPE
        )
        try:
            assert runtime.stdout is not None
            boot_pid = int(runtime.stdout.readline())
            sink.wait_for(lambda evs: any(e.get("name") == "waiting" for e in evs), timeout=30)
            with open(pidfile) as f:
                grandchild = int(f.read())
            self.assertTrue(alive(boot_pid) and alive(grandchild))
            runtime.kill()
            runtime.wait()
            deadline = time.monotonic() + 10
            while (alive(boot_pid) or alive(grandchild)) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertFalse(alive(boot_pid), "the bootstrap outlived its parent")
            self.assertFalse(alive(grandchild), "the flow's child outlived the runtime")
        finally:
            runtime.kill()
            runtime.wait()
            if runtime.stdout is not None:
                runtime.stdout.close()
            sink.close()


if __name__ == "__main__":
    unittest.main()
