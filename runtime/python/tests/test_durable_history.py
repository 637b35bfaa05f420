"""The history file read as untrusted data: a torn last line is ignored (and cut before appending),
anything else that is not a valid record refuses the attempt naming the line; hostile values stay
data. Includes a fuzz pass: whatever the bytes, reading gives a history or HistoryCorrupt."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import unittest

from hero_tracing._durable_history import HistoryCorrupt, Writer, _split_result, parse, read

KEY = "0123456789abcdef0123456789abcdef"
SITE = "fedcba9876543210fedcba9876543210"


def effect(key: str = KEY, **extra: object) -> str:
    rec = {"type": "effect", "key": key, "site": SITE, "effect": "rpc", "name": "C.m", "path": "", "index": 0, "attempt": 1, "span_id": "ab", "ok": True, "result": {"id": 1}}
    rec.update(extra)
    return json.dumps(rec)


ATTEMPT = json.dumps({"type": "attempt", "attempt": 1, "mode": "run", "version": "v1", "t_ms": 1})


def history(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


class ReadTest(unittest.TestCase):
    def test_a_valid_history_maps_keys_to_their_latest_record_and_drop_removes_them(self) -> None:
        other = "1" * 32
        h = parse(
            history(ATTEMPT, effect(), effect(result={"id": 2}), effect(other), json.dumps({"type": "drop", "keys": [other], "attempt": 2, "reason": "x"})),
            "h",
        )
        self.assertEqual(list(h.records), [KEY])
        self.assertEqual(h.records[KEY]["result"], {"id": 2})
        self.assertEqual(h.records[KEY]["_version"], "v1")

    def test_a_torn_last_line_is_ignored_and_cut_before_the_next_append(self) -> None:
        data = history(ATTEMPT, effect()) + b'{"type":"effect","key":"01'
        h = parse(data, "h")
        self.assertEqual(list(h.records), [KEY])
        tmp = tempfile.mkdtemp()
        try:
            path = os.path.join(tmp, "history.jsonl")
            with open(path, "wb") as f:
                f.write(data)
            writer = Writer(path, read(path).good_size)
            writer.append(ATTEMPT + "\n")
            self.assertEqual(len(read(path).records), 1)  # no glued line, nothing corrupt
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        finally:
            shutil.rmtree(tmp)

    def test_a_corrupt_line_refuses_naming_it(self) -> None:
        with self.assertRaisesRegex(HistoryCorrupt, r"history h is corrupt at line 2: not JSON"):
            parse(history(ATTEMPT, "{not json", effect()), "h")

    def test_non_object_and_unknown_lines_are_corrupt(self) -> None:
        for bad, why in [
            ("[1,2]", "not a JSON object"),
            ('"effect"', "not a JSON object"),
            ("null", "not a JSON object"),
            ('{"type":"party"}', "unknown line type"),
            ("{}", "no 'type'"),
            ("", "not JSON"),
            (effect(key="x" * 32), "32 hex"),
            (effect(index=-1), "whole numbers"),
            (effect(index=True), "whole numbers"),
            (effect(effect="exec"), "unknown effect"),
            (effect(ok="yes"), "'ok' must be"),
            (effect(ok=False), "'error' object"),
            (effect(ok=False, error={"type": "X", "message": 1, "builtin": False}), "'error' needs"),
            (json.dumps({"type": "drop", "keys": [1]}), "list of keys"),
            ('{"type":"effect","key":NaN}', "NaN is not JSON"),
        ]:
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(HistoryCorrupt, "line 2: .*" + why):
                    parse(history(ATTEMPT, bad), "h")

    def test_hostile_values_stay_data(self) -> None:
        hostile = {"__proto__": {"polluted": True}, "constructor": {"prototype": 1}, "__class__": "os.system", "__import__": "os"}
        h = parse(history(ATTEMPT, effect(result=hostile, __proto__={"x": 1}), effect("2" * 32, ok=False, error={"type": "os.system", "builtin": False, "message": "rm -rf /"})), "h")
        self.assertEqual(h.records[KEY]["result"], hostile)
        self.assertEqual(type(h.records[KEY]["result"]), dict)

    def test_deep_nesting_is_refused_without_recursion(self) -> None:
        deep = "[" * 100_000 + "]" * 100_000
        with self.assertRaisesRegex(HistoryCorrupt, "line 2"):
            parse(history(ATTEMPT, effect()[:-1] + ', "x": ' + deep + "}"), "h")
        nested = {"a": 1}
        for _ in range(80):
            nested = {"a": nested}
        with self.assertRaisesRegex(HistoryCorrupt, "line 2: nested deeper than"):
            parse(history(ATTEMPT, effect(result=nested)), "h")

    def test_huge_lines_are_refused(self) -> None:
        with self.assertRaisesRegex(HistoryCorrupt, "line 2: the line is over 1024 KiB"):
            parse(history(ATTEMPT, effect(result="x" * (1 << 20))), "h")

    def test_fuzz_any_bytes_give_a_history_or_a_clear_refusal(self) -> None:
        rng = random.Random(13)
        base = history(ATTEMPT, effect(), effect("2" * 32, ok=False, error={"type": "ValueError", "builtin": True, "message": "m"}), json.dumps({"type": "pause", "key": KEY, "site": SITE, "pause_key": "k", "prompt": "p", "fields": {}, "attempt": 1, "span_id": "s", "t_ms": 1}))
        alphabet = b'{}[]":,\n\\0123456789abcdefxyz-.eE \x00\xff\xc3'
        for _ in range(3000):
            data = bytearray(base)
            for _ in range(rng.randint(1, 6)):
                op = rng.random()
                i = rng.randrange(len(data) + 1)
                if op < 0.4 and data:
                    data[min(i, len(data) - 1)] = rng.choice(alphabet)
                elif op < 0.7:
                    data[i:i] = bytes([rng.choice(alphabet)]) * rng.randint(1, 3)
                else:
                    del data[i : i + rng.randint(1, 8)]
            try:
                h = parse(bytes(data), "h")
            except HistoryCorrupt as exc:
                self.assertIn("history h", str(exc))
                continue
            for rec in h.records.values():
                self.assertIsInstance(rec["key"], str)


class ResultTextTest(unittest.TestCase):
    """A replay shows the recorded result's JSON text as its span's tag (spliced into the event
    raw), so the text kept must be exactly one JSON value: the line's top-level result."""

    def writer_line(self, result_text: str) -> str:  # as Attempt._line writes it
        return '{"type":"effect","key":"%s","site":"%s","effect":"rpc","name":"C.m","path":"","index":0,"attempt":1,"span_id":"ab","ok":true,"result":%s}' % (KEY, SITE, result_text)

    def test_the_writers_result_text_is_kept_and_means_the_same_as_the_whole_line(self) -> None:
        for text in ['{"id":1}', "[1,2,{}]", '"a\\\"b"', "null", "-0.5e3", '{"ok":true,"result":{"ok":true,"result":1}}', '"\\u00e9\\ud83d\\ude00"']:
            with self.subTest(text=text):
                line = self.writer_line(text)
                rec = parse(history(ATTEMPT, line), "h").records[KEY]
                self.assertEqual(rec["_text"], text)
                self.assertEqual(rec["result"], json.loads(line)["result"])

    def test_a_marker_that_is_not_the_top_level_result_keeps_no_text(self) -> None:
        crafted = [
            # the marker inside an earlier member's object: the head does not balance
            '{"x":{"a":1,"ok":true,"result":2},"type":"effect","key":"%s","site":"%s","effect":"rpc","name":"C.m","path":"","index":0,"attempt":1,"span_id":"ab","ok":true,"result":3}' % (KEY, SITE),
            # the marker's words inside a string (quotes escaped): never the marker
            self.writer_line('"\",\"ok\":true,\"result\":1"'),
            # a value followed by more members: not one whole value
            self.writer_line('1,"status":"ok"'),
        ]
        for line in crafted:
            with self.subTest(line=line):
                try:
                    rec = parse(history(ATTEMPT, line), "h").records[KEY]
                except HistoryCorrupt:
                    continue
                whole = json.loads(line)
                self.assertEqual(rec["result"], whole["result"])
                if "_text" in rec:
                    self.assertEqual(json.loads(rec["_text"]), whole["result"])
                    self.assertEqual(rec["_text"], line[line.rindex(':', 0, len(line) - len(rec["_text"])) + 1 : -1])

    def test_a_files_own_text_field_never_survives(self) -> None:
        line = '{"type":"effect","key":"%s","site":"%s","effect":"rpc","name":"C.m","path":"","index":0,"attempt":1,"span_id":"ab","_text":"1},{\\"evil\\":1","ok": true,"result":1}' % (KEY, SITE)
        rec = parse(history(ATTEMPT, line), "h").records[KEY]
        self.assertNotIn("_text", rec)
        rec = parse(history(ATTEMPT, self.writer_line("7")[:-1].replace('"ok":true', '"_text":"x","ok":true') + "}"), "h").records[KEY]
        self.assertEqual(rec["_text"], "7")

    def test_fuzz_kept_text_is_always_the_results_json(self) -> None:
        rng = random.Random(31)
        alphabet = '{}[]":,\\0123456789okresultrue '
        base = self.writer_line('{"a":[1,{"ok":true,"result":2}],"b":"s"}')
        kept = 0
        for _ in range(5000):
            chars = list(base)
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(chars))
                if rng.random() < 0.5:
                    chars[i] = rng.choice(alphabet)
                else:
                    chars.insert(i, rng.choice(alphabet))
            text = "".join(chars)
            rec = _split_result(text)
            if rec is None:
                continue
            whole = json.loads(text)  # what the split read must be what a whole read gives
            kept += 1
            self.assertEqual(rec["result"], whole["result"])
            self.assertEqual(json.loads(rec["_text"]), whole["result"])
            self.assertEqual({k: v for k, v in rec.items() if k != "_text"}, whole)
        self.assertGreater(kept, 100)  # the fuzz reached the split, not only refusals


if __name__ == "__main__":
    unittest.main()
