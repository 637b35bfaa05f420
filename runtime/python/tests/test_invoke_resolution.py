"""flow.invoke finds flows by name (registered, then the workspace) and checks their inputs as a
play's are. Real files in a temporary workspace, imported for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from typing import Any, Dict

from hero_tracing import _flow, _workspace_walk
from hero_tracing import flow

from tests._support import SDK_DIR, clean_env, run_bootstrap


def _write(root: str, rel: str, source: str) -> str:
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    return path


def _flow_file(name: str, result: str = "'found'") -> str:
    return """
        from hero_tracing import flow

        @flow(%r, inputs={"n": {"type": int, "default": 1}})
        def run(inputs):
            return {"result": %s, "n": inputs["n"]}
    """ % (name, result)


class WorkspaceTestCase(unittest.TestCase):
    """A fresh workspace folder named by HERO_FLOW_WORKSPACE, as the runtime sets it."""

    def setUp(self) -> None:
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="hero-ws-"))
        self.saved = os.environ.get("HERO_FLOW_WORKSPACE")
        os.environ["HERO_FLOW_WORKSPACE"] = self.root

    def tearDown(self) -> None:
        if self.saved is None:
            os.environ.pop("HERO_FLOW_WORKSPACE", None)
        else:
            os.environ["HERO_FLOW_WORKSPACE"] = self.saved
        shutil.rmtree(self.root, ignore_errors=True)

    def failure(self, flow_name: object, /, **inputs: Any) -> str:
        with self.assertRaises(flow.Failed) as caught:
            flow.invoke(flow_name, **inputs)  # type: ignore[arg-type]
        return caught.exception.reason


class ResolutionTest(WorkspaceTestCase):
    def test_a_flow_registered_in_the_process_is_used_without_searching(self) -> None:
        @flow("Resolution registered", inputs={"x": int})
        def registered(inputs: Dict[str, Any]) -> int:
            return inputs["x"] * 2

        # Nothing in the workspace defines it: the registry alone answers.
        self.assertEqual(flow.invoke("Resolution registered", x=21), 42)

    def test_the_workspace_is_searched_and_the_defining_file_imported_once(self) -> None:
        target = _write(self.root, "lib/deep/target.py", _flow_file("Resolution scanned"))
        # A file that only invokes the name is not imported once the definition is found.
        _write(
            self.root,
            "a_caller.py",
            """
            import os
            from hero_tracing import flow
            os.environ["HERO_TEST_CALLER_IMPORTED"] = "1"
            flow.invoke("Resolution scanned")
            """,
        )
        self.assertEqual(flow.invoke("Resolution scanned", n=5), {"result": "found", "n": 5})
        self.assertNotIn("HERO_TEST_CALLER_IMPORTED", os.environ)
        fn = _flow._REGISTRY["Resolution scanned"]
        module = sys.modules[fn.__module__]
        self.assertTrue(fn.__module__.startswith("__hero_flow_target_"), fn.__module__)
        self.assertEqual(os.path.realpath(module.__file__ or ""), target)
        self.assertNotIn("target", sys.modules, "a workspace file never takes a plain module name")
        # Cached: the file is not imported a second time.
        self.assertEqual(flow.invoke("Resolution scanned"), {"result": "found", "n": 1})
        self.assertIs(_flow._REGISTRY["Resolution scanned"], fn)

    def test_a_name_defined_through_an_alias_is_found_among_the_files_that_mention_it(self) -> None:
        _write(
            self.root,
            "aliased.py",
            """
            from hero_tracing import flow as declare

            NAME = "Resolution aliased"

            @declare("Resolution aliased")
            def run(inputs):
                return "aliased"
            """,
        )
        self.assertEqual(flow.invoke("Resolution aliased"), "aliased")

    def test_skipped_folders_are_never_searched(self) -> None:
        places = {
            ".hidden/f.py": "Skip hidden",
            ".hero/f.py": "Skip store",
            "node_modules/pkg/f.py": "Skip node modules",
            "__pycache__/f.py": "Skip pycache",
            "lib/site-packages/f.py": "Skip site packages",
            "env/lib/f.py": "Skip virtualenv",
        }
        _write(self.root, "env/pyvenv.cfg", "home = /usr/bin\n")
        for rel, name in places.items():
            _write(self.root, rel, _flow_file(name))
        _write(self.root, "visible/f.py", _flow_file("Skip control"))
        self.assertEqual(flow.invoke("Skip control")["result"], "found")  # the search itself works
        for name in places.values():
            self.assertIn("no flow named %r" % name, self.failure(name))

    def test_the_walk_stops_at_the_cap_and_the_failure_says_so(self) -> None:
        for i in range(6):
            _write(self.root, "a_filler/m%d.py" % i, "VALUE = %d\n" % i)
        _write(self.root, "z_deep/f.py", _flow_file("Past the cap"))
        saved = os.environ.get("HERO_FLOWS_MAX_WORKSPACE_FILES")
        os.environ["HERO_FLOWS_MAX_WORKSPACE_FILES"] = "4"
        try:
            reason = self.failure("Past the cap")
        finally:
            if saved is None:
                os.environ.pop("HERO_FLOWS_MAX_WORKSPACE_FILES", None)
            else:
                os.environ["HERO_FLOWS_MAX_WORKSPACE_FILES"] = saved
        self.assertIn("no flow named 'Past the cap'", reason)
        self.assertIn("in 4 Python files under", reason)
        self.assertIn("stopped after the first 4 Python files of %s, which has more" % self.root, reason)
        self.assertIn("HERO_FLOWS_MAX_WORKSPACE_FILES, or the setting heroFlows.maxWorkspaceFiles", reason)
        _workspace_walk.walked.clear()  # the same workspace walked again under the default cap
        self.assertEqual(flow.invoke("Past the cap")["result"], "found")

    def test_an_unknown_name_suggests_the_closest_ones_from_the_workspace(self) -> None:
        _write(self.root, "ws.py", _flow_file("Create workspace"))
        reason = self.failure("Create worksapce")
        self.assertTrue(reason.startswith("no flow named 'Create worksapce'; did you mean 'Create workspace'?"), reason)
        self.assertIn("Python files under %s" % self.root, reason)
        self.assertIn("did you mean 'Create workspace'?", self.failure("create workspace"))
        self.assertNotIn("did you mean", self.failure("Something else entirely"))

    def test_an_import_error_of_the_defining_file_is_reported(self) -> None:
        path = _write(
            self.root,
            "broken.py",
            """
            from hero_tracing import flow

            @flow("Resolution half imported")
            def run(inputs):
                return "never"

            import hero_no_such_module_xyz
            """,
        )
        reason = self.failure("Resolution half imported")
        self.assertEqual(
            reason,
            "flow 'Resolution half imported' is defined in %s, which failed to import: "
            "%s:8: ModuleNotFoundError: No module named 'hero_no_such_module_xyz'" % (path, path),
        )
        # The flow it registered before failing is taken back: a half-imported file runs nothing.
        self.assertNotIn("Resolution half imported", _flow._REGISTRY)
        self.assertEqual(self.failure("Resolution half imported"), reason)

    def test_a_syntax_error_of_the_defining_file_is_reported(self) -> None:
        path = _write(self.root, "bad.py", 'from hero_tracing import flow\n@flow("Resolution syntax")\ndef run(inputs)\n    pass\n')
        reason = self.failure("Resolution syntax")
        self.assertTrue(reason.startswith("flow 'Resolution syntax' is defined in %s, which failed to import: %s:3:" % (path, path)), reason)
        self.assertIn("SyntaxError", reason)

    def test_the_name_must_be_a_string(self) -> None:
        self.assertEqual(self.failure(3), "flow.invoke needs a flow name (a non-empty string), got 3")


class InputsTest(WorkspaceTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        @flow(
            "Inputs target",
            inputs={
                "name": str,
                "seats": {"type": "int", "default": 3},
                "ratio": {"type": float, "required": False},
                "tags": {"type": list, "default": ["a"]},
            },
        )
        def target(inputs: Dict[str, Any]) -> Dict[str, Any]:
            inputs["tags"].append("touched")  # must not change the declared default
            return inputs

        @flow("Inputs bad signature")
        def bad_signature(inputs: Dict[str, Any], extra: int) -> None:
            return None

    def test_defaults_are_applied_and_an_input_may_be_called_name(self) -> None:
        self.assertEqual(flow.invoke("Inputs target", name="acme"), {"name": "acme", "seats": 3, "tags": ["a", "touched"]})
        again = flow.invoke("Inputs target", name="acme", ratio=1)
        self.assertEqual(again["tags"], ["a", "touched"], "each call gets a fresh copy of the default")
        self.assertIsInstance(again["ratio"], float)

    def test_bad_inputs_fail_with_the_play_rules(self) -> None:
        self.assertEqual(
            self.failure("Inputs target", name="acme", colour="red"),
            "cannot invoke 'Inputs target': unknown input 'colour'; 'Inputs target' declares: name, seats, ratio, tags",
        )
        self.assertEqual(self.failure("Inputs target"), "cannot invoke 'Inputs target': missing required input 'name' (str)")
        self.assertEqual(
            self.failure("Inputs target", name="acme", seats="5"),
            "cannot invoke 'Inputs target': input 'seats' expects int, got \"5\" (str)",
        )
        self.assertEqual(
            self.failure("Inputs target", name="acme", seats=True),
            "cannot invoke 'Inputs target': input 'seats' expects int, got true (bool)",
        )
        self.assertIn("must take exactly one positional parameter", self.failure("Inputs bad signature"))


class PlayFolderTest(unittest.TestCase):
    """Through the bootstrap, as a play runs: the play's own file mentions the name (it invokes
    it) and is never imported a second time; a flow next to it is found, wherever the workspace is."""

    def test_the_play_file_is_reused_and_its_neighbour_found(self) -> None:
        root = os.path.realpath(tempfile.mkdtemp(prefix="hero-play-"))
        try:
            _write(root, "helper.py", _flow_file("Neighbour flow", result="'neighbour'"))
            caller = _write(
                root,
                "caller.py",
                """
                import sys
                from hero_tracing import flow

                print("caller imported", file=sys.stderr)

                @flow("Caller")
                def run(inputs):
                    first = flow.invoke("Neighbour flow", n=2)
                    second = flow.invoke("Neighbour flow", n=3)
                    try:
                        flow.invoke("Nobody defines this")  # only this file mentions it
                    except flow.Failed as exc:
                        return [first, second, str(exc).split(";")[0]]
                """,
            )
            # The workspace is elsewhere (an empty folder): the play's own folder comes first anyway.
            elsewhere = os.path.realpath(tempfile.mkdtemp(prefix="hero-elsewhere-"))
            self.addCleanup(shutil.rmtree, elsewhere, True)
            result = run_bootstrap(caller, env={"HERO_FLOW_WORKSPACE": elsewhere})
            self.assertEqual(result.returncode, 0, result)
            self.assertEqual(result.stderr.count("caller imported"), 1, result.stderr)
            output = result.of_type("play_output")[0]["output"]
            self.assertEqual(
                output, [{"result": "neighbour", "n": 2}, {"result": "neighbour", "n": 3}, "no flow named 'Nobody defines this' (looked in the flows loaded in this process and in 2 Python files under %s and %s)" % (root, elsewhere)]
            )
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def test_a_flow_in_the_play_folder_is_found_without_walking_the_workspace(self) -> None:
        # The workspace holds another definition of the same name whose import leaves a mark, and a
        # folder the walk would have to enter: neither is touched when the play's folder answers.
        root = os.path.realpath(tempfile.mkdtemp(prefix="hero-near-"))
        self.addCleanup(shutil.rmtree, root, True)
        play_dir = _write(root, "flows/near.py", _flow_file("Nearest flow", result="'near'"))
        marker = os.path.join(root, "far-imported")
        _write(
            root,
            "far/far.py",
            """
            open(%r, "w").close()
            from hero_tracing import flow

            @flow("Nearest flow")
            def run(inputs):
                return "far"
            """ % marker,
        )
        caller = _write(
            root,
            "flows/caller.py",
            """
            from hero_tracing import flow
            from hero_tracing import _workspace_walk

            @flow("Near caller")
            def run(inputs):
                result = flow.invoke("Nearest flow")
                return [result["result"], sorted(_workspace_walk.walked)]
            """,
        )
        result = run_bootstrap(caller, env={"HERO_FLOW_WORKSPACE": root})
        self.assertEqual(result.returncode, 0, result)
        self.assertEqual(result.of_type("play_output")[0]["output"], ["near", [os.path.dirname(play_dir)]])
        self.assertFalse(os.path.exists(marker), "the farther definition was imported")

    def test_standalone_the_script_folder_is_searched(self) -> None:
        root = tempfile.mkdtemp(prefix="hero-standalone-")
        try:
            _write(root, "lib/target.py", _flow_file("Standalone target", result="'standalone'"))
            script = _write(
                root,
                "main.py",
                """
                from hero_tracing import flow
                print(flow.invoke("Standalone target", n=4))
                """,
            )
            # Run from another folder: the script's own folder is where the search starts.
            proc = subprocess.run([sys.executable, script], env=clean_env(), capture_output=True, text=True, timeout=60, cwd=SDK_DIR)
            self.assertEqual((proc.returncode, proc.stderr), (0, ""))
            self.assertEqual(proc.stdout, "{'result': 'standalone', 'n': 4}\n")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
