"""The examples/ workspace: each flow as a play through the bootstrap, and each file standalone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from typing import Any, Dict

from tests._support import EXAMPLES, BootstrapResult, SpanSink, by_name, children, clean_env, run_bootstrap, start_bootstrap


def example(name: str) -> str:
    return os.path.join(EXAMPLES, name)


class ExamplePlaysTest(unittest.TestCase):
    def test_create_workspace_makes_the_ten_span_tree(self) -> None:
        r = run_bootstrap(example("create_workspace.py"), raw_inputs={"name": "acme", "seats": "5"})
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout + r.stderr, "")
        spans = r.spans()
        self.assertEqual(len(spans), 10)
        root = r.root()
        self.assertEqual((root["name"], root["status"]), ("Create workspace", "ok"))
        steps = children(spans, root)
        self.assertEqual([s["name"] for s in steps], ["create workspace", "create board", "add members"])
        rpc_names = []
        for step in steps:
            self.assertEqual(step["kind"], "step")
            rpcs = children(spans, step)
            self.assertEqual(len(rpcs), 2, step["name"])
            for rpc in rpcs:
                self.assertEqual((rpc["kind"], rpc["status"]), ("rpc", "ok"))
                self.assertEqual(children(spans, rpc), [])
                rpc_names.append(rpc["name"])
        self.assertEqual(
            rpc_names,
            [
                "rpc:whiteboard.workspace_create",
                "rpc:whiteboard.workspace_get",
                "rpc:whiteboard.board_create",
                "rpc:whiteboard.board_share",
                "rpc:whiteboard.member_add",
                "rpc:whiteboard.member_add",
            ],
        )
        create = by_name(spans, "rpc:whiteboard.workspace_create")
        self.assertEqual(create["tags"]["kwargs"], {"name": "acme", "seats": 5})
        self.assertEqual(create["tags"]["result"]["name"], "acme")
        self.assertEqual(r.of_type("play_output")[0]["output"], {"workspace_id": 1})

    def test_failing_flow_fails_cleanly_in_its_second_step(self) -> None:
        r = run_bootstrap(example("failing_flow.py"), raw_inputs={"email": "ada@example.com"})
        self.assertEqual(r.returncode, 1, r)
        root = r.root()
        steps = children(r.spans(), root)
        self.assertEqual([(s["name"], s["status"]) for s in steps], [("create workspace", "ok"), ("check seats", "failed")])
        reason = "workspace 'onboarding' has no free seat for ada@example.com (1 of 1 used)"
        self.assertEqual(steps[1]["error"], reason)
        self.assertEqual((root["status"], root["error"]), ("failed", reason))

    def test_crashing_flow_reports_a_traceback(self) -> None:
        r = run_bootstrap(example("crashing_flow.py"))
        self.assertEqual(r.returncode, 1, r)
        step = by_name(r.spans(), "price")
        self.assertEqual(step["status"], "failed")
        self.assertIn("Traceback (most recent call last)", step["error"])
        self.assertTrue(step["error"].endswith("KeyError: 'enterprise'"), step["error"])

    def test_async_fanout_attaches_tasks_to_the_gathering_step(self) -> None:
        r = run_bootstrap(example("async_fanout.py"))
        self.assertEqual(r.returncode, 0, r)
        spans = r.spans()
        add = by_name(spans, "add members")
        invites = children(spans, add)
        self.assertEqual(len(invites), 4)
        for inv in invites:
            self.assertTrue(inv["name"].startswith("invite "))
            self.assertEqual([c["name"] for c in children(spans, inv)], ["rpc:whiteboard.member_add"])
        # the invites overlap in time: they ran concurrently
        self.assertLess(max(i["start_ms"] for i in invites), min(i["end_ms"] for i in invites))
        self.assertEqual(len(r.of_type("play_output")[0]["output"]["members"]), 4)

    def test_onboarding_invokes_create_workspace_in_process(self) -> None:
        # Through the bootstrap alone (no runtime to start child plays) spawn=True runs in-process
        # too; the child play itself is tested with the real runtime in test/runtime/childPlays.test.ts.
        r = run_bootstrap(example("onboarding.py"))
        self.assertEqual(r.returncode, 0, r)
        spans = r.spans()
        create = by_name(spans, "Create workspace")
        self.assertEqual((create["kind"], create["tags"]["spawn"]), ("subflow", False))
        self.assertEqual(create["parent_id"], by_name(spans, "set up workspace")["span_id"])
        self.assertEqual([s["name"] for s in children(spans, create)], ["create workspace", "create board", "add members"])
        invite = by_name(spans, "Invite team")
        self.assertEqual((invite["kind"], invite["tags"]["spawn"]), ("subflow", True))
        self.assertEqual(r.of_type("play_output")[0]["output"], {"workspace_id": 1, "invited": 2})

    def test_tier2_steps_tags_and_logs(self) -> None:
        r = run_bootstrap(example("tier2_steps.py"), raw_inputs={"team": "design", "emails": '["a@x.io", "b@x.io"]'})
        self.assertEqual(r.returncode, 0, r)
        spans = r.spans()
        self.assertEqual(by_name(spans, "validate")["logs"], ["2 addresses look fine"])
        self.assertEqual(by_name(spans, "create workspace")["tags"], {"team": "design", "workspace_id": 1})
        invite = by_name(spans, "invite")
        self.assertEqual(invite["tags"], {"role": "editor", "dry_run": False, "invited": 2})
        self.assertEqual(invite["logs"], ["invited a@x.io", "invited b@x.io"])
        self.assertEqual(r.of_type("play_output")[0]["output"], {"workspace_id": 1, "invited": 2})


class ApprovalExampleTest(unittest.TestCase):
    """examples/approval_flow.py as the runtime plays it: parked at its pause, then resumed."""

    def attempt(self, history: str, number: int, prefill: Dict[str, Any]) -> BootstrapResult:
        request: Dict[str, Any] = {
            "file": example("approval_flow.py"), "flow": None, "inputs": {}, "raw_inputs": {"team": "design", "seats": "3"},
            "durable": {"history": history, "attempt": number, "mode": "run" if number == 1 else "resume", "prefill": prefill, "prefill_only": False},
        }
        sink = SpanSink()
        try:
            proc = start_bootstrap(request, sink, start_new_session=True)
            out, err = proc.communicate(timeout=60)
            return BootstrapResult(proc.returncode, out.decode(), err.decode(), sink.drain())
        finally:
            sink.close()

    def test_parks_at_the_approval_then_resumes_replaying_the_plan(self) -> None:
        folder = tempfile.mkdtemp(prefix="hero-approval-")
        self.addCleanup(shutil.rmtree, folder, True)
        history = os.path.join(folder, "history.jsonl")

        first = self.attempt(history, 1, {"by_key": {}, "in_order": []})
        self.assertEqual(first.returncode, 75, first)
        paused = first.of_type("play_paused")[0]
        self.assertEqual(paused["key"], "approve rollout")
        self.assertEqual(paused["prompt"], "Approve the rollout of design-workspace: 3 seats, 2 boards, 2 invites?")
        self.assertEqual(sorted(paused["fields"]), ["approve", "note", "seats"])
        self.assertEqual([s["name"] for s in children(first.spans(), first.root())], ["plan rollout", "pause:approve rollout"])

        answer = {"approve": True, "seats": 1, "note": "one seat for now"}
        second = self.attempt(history, 2, {"by_key": {"approve rollout": answer}, "in_order": []})
        self.assertEqual(second.returncode, 0, second)
        self.assertEqual(second.of_type("play_output")[0]["output"], {"workspace_id": 1, "boards": 2, "invited": 1})
        spans = second.spans()
        self.assertTrue(by_name(spans, "plan rollout")["start_event"].get("replayed"), "the recorded plan is not planned again")
        self.assertEqual(by_name(spans, "pause:approve rollout")["tags"]["answer"], answer)
        self.assertEqual([r["effect"] for r in map(json.loads, open(history)) if r["type"] == "effect"].count("step"), 1)


class ExamplesStandaloneTest(unittest.TestCase):
    def run_file(self, name: str, with_sdk: bool = True) -> subprocess.CompletedProcess[str]:
        env = clean_env()
        if not with_sdk:
            env.pop("PYTHONPATH")
        return subprocess.run(
            [sys.executable, example(name)], env=env, capture_output=True, text=True, timeout=60, cwd=os.path.dirname(EXAMPLES)
        )

    def test_each_example_runs_without_a_runtime(self) -> None:
        expected = {
            "create_workspace.py": "{'workspace_id': 1}\n",
            "tier2_steps.py": "{'workspace_id': 1, 'invited': 2}\n",
            "failing_flow.py": "failed: workspace 'onboarding' has no free seat for ada@example.com (1 of 1 used)\n",
            "async_fanout.py": "{'workspace_id': 1, 'members': ['ada@example.com', 'alan@example.com']}\n",
            "onboarding.py": "{'workspace_id': 1, 'invited': 2}\n",
            "approval_flow.py": "failed: flow.pause('approve rollout') needs a play run by hero-flows or the editor: a pause parks"
            " the play until someone answers it, and this run (plain python, or a runtime without durable plays) keeps no"
            " history to resume from\n",
        }
        for name, out in expected.items():
            with self.subTest(name=name):
                proc = self.run_file(name)
                self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, out, ""))

    def test_tier1_needs_no_sdk(self) -> None:
        proc = self.run_file("tier1_standalone.py", with_sdk=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(proc.stdout.startswith("workspace 1 board 2 members"), proc.stdout)

    def test_crashing_example_crashes_standalone(self) -> None:
        proc = self.run_file("crashing_flow.py")
        self.assertEqual(proc.returncode, 1)
        self.assertTrue(proc.stderr.rstrip().endswith("KeyError: 'enterprise'"), proc.stderr)

    def test_with_mistakes_is_rejected_at_import(self) -> None:
        # its deliberate malformed input type (the editor's diagnostics show it before any run)
        proc = self.run_file("with_mistakes.py")
        self.assertEqual(proc.returncode, 1)
        self.assertTrue(
            proc.stderr.rstrip().endswith(
                "TypeError: @flow('Set up team'): input 'seats' has unknown type 'integr' "
                "(expected one of: str, int, float, bool, list, dict, any)"
            ),
            proc.stderr,
        )

    def test_every_flow_file_is_tested_here(self) -> None:
        covered = {
            "create_workspace.py", "tier2_steps.py", "failing_flow.py", "async_fanout.py",
            "crashing_flow.py", "tier1_standalone.py", "with_mistakes.py", "onboarding.py", "approval_flow.py",
        }
        present = {f for f in os.listdir(EXAMPLES) if f.endswith(".py")}
        self.assertEqual(present, covered)


if __name__ == "__main__":
    unittest.main()
