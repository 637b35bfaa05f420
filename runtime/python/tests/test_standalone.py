"""Standalone and broken-runtime behaviour, in real subprocesses: silent no-ops, no socket."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from tests._support import SDK_DIR, SpanSink, clean_env, run_python

# Uses every public helper; records every socket audit event into the file named by argv[1].
EXERCISE = r"""
import os, sys, asyncio, threading
events = []
package = os.sep + "hero_tracing" + os.sep
def hook(name, args):
    # socket events raised from inside hero_tracing (asyncio's own self-pipe does not count)
    if name.startswith("socket."):
        f = sys._getframe(1)
        while f is not None:
            if package in f.f_code.co_filename:
                events.append(name)
                return
            f = f.f_back
sys.addaudithook(hook)
from hero_tracing import flow, instrument, Failed

class Client:
    headers = {}
    def call(self, x):
        return x * 2
    async def acall(self, x):
        return x + 1

@flow("Standalone", inputs={"n": int})
def run(inputs):
    wb = instrument(Client())
    with flow.step("a", k=1) as s:
        s.tag(more=2)
        s.log("hello")
        flow.current_span.tag(x=1)
        flow.current_span.log("x")
        with flow.span("b"):
            v = wb.call(inputs["n"])
    assert wb is not None and Client.headers == {}, Client.headers
    try:
        with flow.step("c"):
            raise Failed("nope")
    except Failed:
        pass
    async def amain():
        async with flow.step("d"):
            return await asyncio.gather(wb.acall(1), wb.acall(2))
    r = asyncio.run(amain())
    t = threading.Thread(target=lambda: flow.step("t").__enter__())
    t.start(); t.join()
    assert flow.current_span.id is None
    return {"v": v, "r": r, "same_client": type(wb).__name__}

result = run({"n": 21})
for _ in range(%(loops)d):
    with flow.step("loop"):
        pass
open(sys.argv[1] if len(sys.argv) > 1 else %(out)r, "w").write(repr((result, events)))
"""


class StandaloneTest(unittest.TestCase):
    def _exercise(self, env: dict, loops: int = 100) -> tuple:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.txt")
            proc = run_python(EXERCISE % {"out": out, "loops": loops}, env)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout, "")
            self.assertEqual(proc.stderr, "")
            with open(out) as f:
                return eval(f.read())  # noqa: S307 - our own repr

    def test_no_output_and_no_socket_without_runtime(self) -> None:
        result, socket_events = self._exercise(clean_env())
        self.assertEqual(result, {"v": 42, "r": [2, 3], "same_client": "Client"})  # instrument() returned the client
        self.assertEqual(socket_events, [])

    def test_the_audit_hook_does_see_sockets_when_traced(self) -> None:
        # Proves the test above can fail: with a runtime, the same code opens a socket.
        sink = SpanSink()
        try:
            result, socket_events = self._exercise(clean_env(HERO_FLOW_SPAN_SOCK=sink.path))
            self.assertIn("socket.connect", socket_events)
            self.assertEqual(result["same_client"], "_Instrumented")
            events = sink.drain()
            self.assertGreater(len(events), 10)
        finally:
            sink.close()

    def test_unreachable_socket_is_silent(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            result, _ = self._exercise(clean_env(HERO_FLOW_SPAN_SOCK=os.path.join(tmp, "nobody.sock")))
        self.assertEqual(result["v"], 42)

    def test_standalone_step_allocates_nothing(self) -> None:
        # Standalone, every step is the one shared null step (a span that is also a decorator):
        # no object, no clock read, no id.
        # The cost in µs is measured by `npm run bench -- sdk-overhead`, never asserted here.
        code = r"""
from hero_tracing import flow
a, b = flow.step("a", k=1), flow.step("b")
with a as inner:
    pass
print(a is b, inner is a, type(a).__name__)
"""
        proc = run_python(code, clean_env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.split(), ["True", "True", "StepSpan"])

    def test_traced_steps_are_distinct_spans(self) -> None:
        # Proves the test above can fail: with a runtime, each step is a span of its own.
        sink = SpanSink()
        try:
            code = "from hero_tracing import flow\nprint(flow.step('a') is flow.step('b'))"
            proc = run_python(code, clean_env(HERO_FLOW_SPAN_SOCK=sink.path))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout.strip(), "False")
        finally:
            sink.close()


COPIED_FLOW = """
import os
import hero_tracing
from hero_tracing import flow

@flow("Copied", inputs={"n": int})
def run(inputs):
    with flow.step("double"):
        return flow.invoke("Half", n=inputs["n"] * 4)

@flow("Half", inputs={"n": int})
def half(inputs):
    return inputs["n"] // 2

assert run({"n": 21}) == 42
assert hero_tracing.__file__ == os.path.join(os.path.dirname(os.path.abspath(__file__)), "hero_tracing", "__init__.py")
"""


class CopiedPackageTest(unittest.TestCase):
    def test_a_flow_file_next_to_a_copy_of_the_package_runs_with_plain_python(self) -> None:
        # The standalone promise of the README: copy the hero_tracing folder next to my_flow.py,
        # run `python3 my_flow.py` with no runtime and nothing on PYTHONPATH.
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(SDK_DIR, "hero_tracing"), os.path.join(tmp, "hero_tracing"))
            path = os.path.join(tmp, "my_flow.py")
            with open(path, "w") as f:
                f.write(COPIED_FLOW)
            env = {k: v for k, v in clean_env().items() if k != "PYTHONPATH"}
            proc = subprocess.run([sys.executable, path], env=env, cwd=tmp, capture_output=True, text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "", ""))


class DeadRuntimeTest(unittest.TestCase):
    def test_runtime_closing_the_socket_mid_run(self) -> None:
        code = r"""
import sys, time
from hero_tracing import flow, instrument
class C:
    headers = {}
    def m(self):
        return 1
wb = instrument(C())
with flow.step("first"):
    pass
sys.stdin.readline()  # the test closes the socket, then lets us go on
n = 0
for i in range(20000):
    with flow.step("after", i=i) as s:
        s.log("x")
        n += wb.m()
print("done", n)
"""
        sink = SpanSink()
        try:
            import subprocess
            import sys

            proc = subprocess.Popen(
                [sys.executable, "-c", code],
                env=clean_env(HERO_FLOW_SPAN_SOCK=sink.path),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            sink.wait_for(lambda evs: len(evs) >= 2)
            sink.drop_connections()
            out, err = proc.communicate("go\n", timeout=60)
            self.assertEqual(proc.returncode, 0, err)
            self.assertEqual(out, "done 20000\n")
            self.assertEqual(err, "")
            self.assertEqual([e["type"] for e in sink.events()][:2], ["span_start", "span_end"])
        finally:
            sink.close()


if __name__ == "__main__":
    unittest.main()
