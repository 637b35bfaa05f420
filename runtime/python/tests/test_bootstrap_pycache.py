"""The bundled SDK's bytecode cache (hero_bootstrap.py, HERO_FLOW_PYCACHE): compiled once per
interpreter version into a private folder, used only for the bundled hero_tracing package, and
never trusted when it does not match the source or when others could write into it."""
from __future__ import annotations

import glob
import json
import os
import sys
import tempfile
import textwrap
import unittest

from tests._support import SDK_DIR, run_bootstrap, write_flow

FLOW = textwrap.dedent(
    """
    import sys
    import hero_tracing
    import helper
    from hero_tracing import flow

    @flow("Loaders")
    def loaders(inputs):
        return {
            "sdk": type(hero_tracing.__spec__.loader).__name__,
            "helper": type(helper.__spec__.loader).__name__,
            "durable": type(sys.modules["hero_tracing._durable"].__spec__.loader).__name__,
        }
    """
)


class BytecodeCache(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.flows = os.path.join(self.tmp.name, "flows")
        os.mkdir(self.flows)
        write_flow(self.flows, "helper.py", "VALUE = 1\n")
        self.flow = write_flow(self.flows, "loaders.py", FLOW)
        self.cache = os.path.join(self.tmp.name, "cache")

    def play(self, cache: str | None = None) -> dict:
        r = run_bootstrap(self.flow, env={"HERO_FLOW_PYCACHE": self.cache if cache is None else cache, "PYTHONDONTWRITEBYTECODE": "1"})
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.of_type("play_output")[0]["output"]

    def sdk_pycs(self) -> list:
        mirrored = os.path.join(self.cache, os.path.abspath(SDK_DIR).lstrip(os.sep), "hero_tracing")
        return sorted(glob.glob(os.path.join(mirrored, "*.%s.pyc" % sys.implementation.cache_tag)))

    def test_the_sdk_is_cached_and_the_flows_own_modules_are_not(self) -> None:
        self.assertEqual(self.play(), {"sdk": "_CachedSdkLoader", "helper": "SourceFileLoader", "durable": "_CachedSdkLoader"})
        names = [os.path.basename(p).split(".")[0] for p in self.sdk_pycs()]
        self.assertIn("__init__", names)
        self.assertIn("_spans", names)
        everything = glob.glob(os.path.join(self.cache, "**", "*.pyc"), recursive=True)
        self.assertFalse([p for p in everything if "helper" in p or "loaders" in p], everything)
        self.assertFalse(os.path.exists(os.path.join(self.flows, "__pycache__")))  # PYTHONDONTWRITEBYTECODE kept
        self.assertEqual(os.stat(self.cache).st_mode & 0o777, 0o700)

    def test_a_second_play_reads_what_the_first_wrote(self) -> None:
        self.play()
        before = {p: os.stat(p).st_mtime_ns for p in self.sdk_pycs()}
        self.play()
        self.assertEqual({p: os.stat(p).st_mtime_ns for p in self.sdk_pycs()}, before)

    def test_a_corrupt_or_stale_file_is_compiled_again(self) -> None:
        self.play()
        pycs = self.sdk_pycs()
        spans = [p for p in pycs if os.path.basename(p).startswith("_spans.")][0]
        init = [p for p in pycs if os.path.basename(p).startswith("__init__.")][0]
        with open(spans, "r+b") as f:  # a valid header, garbage after it
            f.seek(16)
            f.write(b"\xff" * 64)
        with open(init, "r+b") as f:  # another source's size: stale
            f.seek(12)
            f.write(b"\0\0\0\0")
        self.assertEqual(self.play()["sdk"], "_CachedSdkLoader")
        with open(init, "rb") as f:
            self.assertNotEqual(f.read(16)[12:16], b"\0\0\0\0")

    def test_a_folder_others_can_write_is_not_used(self) -> None:
        os.makedirs(self.cache, mode=0o700)
        os.chmod(self.cache, 0o777)
        self.assertEqual(self.play()["sdk"], "SourceFileLoader")
        self.assertEqual(self.sdk_pycs(), [])

    def test_off_when_set_empty(self) -> None:
        self.assertEqual(self.play(cache="")["sdk"], "SourceFileLoader")


if __name__ == "__main__":
    unittest.main()
