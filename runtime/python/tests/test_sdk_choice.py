"""HERO_FLOW_SDK=installed: the bootstrap imports the interpreter's own hero_tracing instead of the
bundled package beside it, and falls back to the bundled one (saying so on stderr) when there is none.
The installed case with a real wheel in a venv is test/package/sdkWheel.test.ts."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tests._support import SDK_DIR, run_bootstrap

FLOW = """
import hero_tracing
from hero_tracing import flow

@flow("Where")
def where(inputs):
    return hero_tracing.__file__
"""


def _installed_elsewhere() -> bool:
    """Whether this interpreter has a hero_tracing of its own (outside the source tree)."""
    code = "import importlib.util, sys; s = importlib.util.find_spec('hero_tracing'); print(s.origin if s else '')"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True).stdout.strip()
    return bool(out) and not os.path.realpath(out).startswith(os.path.realpath(SDK_DIR))


class InstalledSdkChoiceTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="hero-sdk-choice-")
        self.file = os.path.join(self.dir, "where.py")
        with open(self.file, "w") as f:
            f.write(FLOW)

    def tearDown(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    @unittest.skipIf(_installed_elsewhere(), "this interpreter has hero_tracing installed")
    def test_installed_missing_falls_back_to_the_bundled_sdk_and_says_so(self) -> None:
        result = run_bootstrap(self.file, env={"HERO_FLOW_SDK": "installed", "PYTHONPATH": ""})
        self.assertEqual(result.returncode, 0, result)
        self.assertIn("the installed hero_tracing did not import", result.stderr)
        self.assertIn("using the bundled one", result.stderr)

    def test_bundled_by_default_says_nothing(self) -> None:
        result = run_bootstrap(self.file, env={"PYTHONPATH": ""})
        self.assertEqual(result.returncode, 0, result)
        self.assertEqual(result.stderr, "")


if __name__ == "__main__":
    unittest.main()
