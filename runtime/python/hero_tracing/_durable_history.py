"""A play's history file (docs/durable.md, "The history file"): reading it whole as untrusted data,
and appending one line per record with a single ``write`` on an ``O_APPEND`` descriptor."""

from __future__ import annotations

import json
import math
import os
import re
import threading
from typing import Any, Dict, List, Optional, Set

from ._durable_values import MAX_DEPTH

# The bounds of common/src/historyLimits.ts (the runtime reads histories too; a parity test holds them equal)
FILE_LIMIT = 256 * 1024 * 1024
LINE_LIMIT = 1024 * 1024  # one line: a result is at most 256 KiB, an error message 16 KiB
NESTING_LIMIT = MAX_DEPTH + 2  # arrays/objects in a line, its own object counted: a value inside the record and its result
MODES = ("run", "resume", "retry", "retry_reuse")
EFFECTS = ("pause", "rpc", "invoke", "step")
_HEX32 = re.compile(r"[0-9a-f]{32}\Z")


class HistoryCorrupt(Exception):
    """The history cannot be used; the message names the file and the line."""


class History:
    """What an attempt reads: key → the effect record a line left (later lines replace earlier
    ones, ``drop`` lines remove keys), and the keys of the pauses that parked."""

    def __init__(self) -> None:
        self.records: Dict[str, Dict[str, Any]] = {}
        self.pause_keys: Set[str] = set()
        self.attempts = 0
        #: where the last whole line ends (a torn tail past it is cut before appending)
        self.good_size = 0


def _no_constant(name: str) -> Any:
    raise ValueError("%s is not JSON" % name)


def _too_deep(value: object) -> bool:
    """Whether arrays and objects nest past NESTING_LIMIT (the record itself at depth 1)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if type(item) is dict:
            children: Any = item.values()  # type: ignore[union-attr]
        elif type(item) is list:
            children = item
        else:
            continue
        if depth > NESTING_LIMIT:
            return True
        stack.extend((v, depth + 1) for v in children)
    return False


_SAFE_INT = 2**53 - 1  # JavaScript's safe integers: the runtime reads these numbers too


def _is_int(value: object, low: int = 0) -> bool:
    """A whole JSON number the runtime reads as the same one (1.0 is 1 in JavaScript)."""
    t = type(value)
    if t is float and value.is_integer():  # type: ignore[union-attr]
        value = int(value)  # type: ignore[arg-type]
    elif t is not int:
        return False
    return low <= value <= _SAFE_INT  # type: ignore[operator]


def _is_time(value: object) -> bool:
    return (type(value) is int and abs(value) <= _SAFE_INT) or (type(value) is float and math.isfinite(value))  # type: ignore


def _is_key(value: object) -> bool:
    return type(value) is str and _HEX32.match(value) is not None  # type: ignore[arg-type]


def _str_fields(rec: Dict[str, Any], *names: str) -> Optional[str]:
    for name in names:
        if type(rec.get(name)) is not str:
            return "%r must be a string" % name
    return None


def _check_effect(rec: Dict[str, Any]) -> Optional[str]:
    why = _str_fields(rec, "key", "site", "effect", "name", "path", "span_id")
    if why:
        return why
    if not _is_key(rec["key"]) or not _is_key(rec["site"]):
        return "'key' and 'site' must be 32 hex digits"
    if rec["effect"] not in EFFECTS:
        return "unknown effect %r" % rec["effect"][:40]
    if not _is_int(rec.get("index")) or not _is_int(rec.get("attempt"), 1):
        return "'index' and 'attempt' must be whole numbers"
    if "unrecorded" in rec:
        return None if type(rec["unrecorded"]) is str else "'unrecorded' must be a string"
    ok = rec.get("ok")
    if ok is True:
        return None if "result" in rec else "a successful effect needs a 'result'"
    if ok is False:
        error = rec.get("error")
        if type(error) is not dict:
            return "a failed effect needs an 'error' object"
        if type(error.get("type")) is not str or type(error.get("message")) is not str or type(error.get("builtin")) is not bool:
            return "'error' needs 'type' and 'message' strings and a 'builtin' boolean"
        return None
    return "'ok' must be true or false (or the effect 'unrecorded')"


def _check_pause(rec: Dict[str, Any]) -> Optional[str]:
    why = _str_fields(rec, "pause_key", "prompt", "span_id")
    if why:
        return why
    if not _is_key(rec.get("key")) or not _is_key(rec.get("site")):
        return "'key' and 'site' must be 32 hex digits"
    fields = rec.get("fields")
    if type(fields) is not dict or not _is_int(rec.get("attempt"), 1) or not _is_time(rec.get("t_ms")):
        return "a pause line needs 'fields' (an object), 'attempt' and 't_ms'"
    for name, spec in fields.items():  # type: ignore[union-attr]
        if type(spec) is not dict or type(spec.get("type")) is not str:
            return "field %s has no 'type'" % json.dumps(name[:40])
    return None


def _check(rec: object) -> Optional[str]:
    """Why a parsed line is not a valid record (None when it is). The runtime applies the same rules
    (runtime/src/history.ts; test/sdk/historyParity.test.ts holds them equal)."""
    if type(rec) is not dict:
        return "not a JSON object"
    kind = rec.get("type")  # type: ignore[union-attr]
    rec_d: Dict[str, Any] = rec  # type: ignore[assignment]
    if kind == "effect":
        return _check_effect(rec_d)
    if kind == "attempt":
        if not _is_int(rec_d.get("attempt"), 1) or rec_d.get("mode") not in MODES or type(rec_d.get("version")) is not str or not _is_time(rec_d.get("t_ms")):
            return "an attempt line needs 'attempt', 'mode', 'version' and 't_ms'"
        return None
    if kind == "pause":
        return _check_pause(rec_d)
    if kind == "drop":
        keys = rec_d.get("keys")
        if type(keys) is not list or not all(_is_key(k) for k in keys):  # type: ignore[union-attr]
            return "a drop line needs 'keys', a list of keys"
        if not _is_int(rec_d.get("attempt"), 1) or type(rec_d.get("reason")) is not str:
            return "a drop line needs 'attempt' and 'reason'"
        return None
    return "unknown line type %s" % json.dumps(kind)[:60] if isinstance(kind, str) else "no 'type'"


_OK_RESULT = ',"ok":true,"result":'  # how Attempt._line ends an effect with a result


def _split_result(text: str) -> Optional[Dict[str, Any]]:
    """An effect line that ends ``,"ok":true,"result":VALUE}`` read in two parts, VALUE's text kept
    as ``_text`` (a replay shows it as the span's result tag instead of encoding it again). Sound
    for any input: the head parses as one object only when the marker is at its top level (a
    string cannot hold the marker's quotes unescaped), and VALUE only when it is one whole value.
    None: read the line whole."""
    cut = text.find(_OK_RESULT)
    if cut <= 0 or text[-1:] != "}":
        return None
    try:
        head = json.loads(text[:cut] + "}", parse_constant=_no_constant)
        value_text = text[cut + len(_OK_RESULT) : -1]
        value = json.loads(value_text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    if type(head) is not dict:
        return None
    head["ok"] = True  # later keys win, as in the whole line
    head["result"] = value
    head["_text"] = value_text
    return head


def parse(data: bytes, path: str) -> History:
    """The history in ``data``. Raises ``HistoryCorrupt`` naming the first bad line."""
    history = History()
    if len(data) > FILE_LIMIT:
        raise HistoryCorrupt("history %s is corrupt: it is over %d MiB" % (path, FILE_LIMIT >> 20))
    lines = data.split(b"\n")
    torn = lines.pop()  # b"" when the file ends with a newline; else a line cut mid-write
    history.good_size = len(data) - len(torn)
    versions: List[str] = [""]
    for number, raw in enumerate(lines, 1):
        why: Optional[str] = None
        rec: Any = None
        if len(raw) > LINE_LIMIT:
            why = "the line is over %d KiB" % (LINE_LIMIT >> 10)
        else:
            try:
                text = raw.decode("utf-8")
                split: Any = _split_result(text)
                if split is None:  # any other line
                    split = json.loads(text, parse_constant=_no_constant)
                    if type(split) is dict:
                        split.pop("_text", None)  # only _split_result sets it: a file's own would reach the wire raw
                rec = split
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                why = "not JSON (%s)" % str(exc)[:120]
            if why is None:
                # fewer openings than the bound cannot nest past it: most lines skip the walk
                deep = raw.count(b"[") + raw.count(b"{") > NESTING_LIMIT and _too_deep(rec)
                why = "nested deeper than %d levels" % NESTING_LIMIT if deep else _check(rec)
        if why is not None:
            raise HistoryCorrupt("history %s is corrupt at line %d: %s" % (path, number, why))
        kind = rec["type"]
        if kind == "effect":
            rec["_line"] = number
            rec["_version"] = versions[-1]
            history.records[rec["key"]] = rec
        elif kind == "attempt":
            history.attempts = max(history.attempts, rec["attempt"])
            versions.append(rec["version"])
        elif kind == "pause":
            history.pause_keys.add(rec["key"])
        else:
            for key in rec["keys"]:
                history.records.pop(key, None)
    return history


def read(path: str) -> History:
    """The history at ``path`` (an empty one when the file does not exist yet)."""
    try:
        with open(path, "rb") as f:
            data = f.read(FILE_LIMIT + 1)
    except FileNotFoundError:
        return History()
    except OSError as exc:
        raise HistoryCorrupt("cannot read the history %s: %s" % (path, exc.strerror or exc)) from None
    return parse(data, path)


class Writer:
    """Appends lines to the history: one ``os.write`` per line on an ``O_APPEND`` descriptor (a
    line in the kernel survives the process), under a lock so threads never interleave."""

    def __init__(self, path: str, good_size: int) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        self.fd = os.open(path, flags, 0o600)
        self.lock = threading.Lock()
        try:
            os.fchmod(self.fd, 0o600)  # the history holds results of the flow's calls: the owner's only
        except OSError:
            pass
        if os.fstat(self.fd).st_size > good_size:
            os.ftruncate(self.fd, good_size)  # a line torn by a crash: appending would glue onto it

    def append(self, line: str, sync: bool = False) -> None:
        data = line.encode("utf-8", "surrogatepass")
        with self.lock:
            view = memoryview(data)
            while view:  # a regular file takes it in one write; the loop is for a full disk's short write
                written = os.write(self.fd, view)
                view = view[written:]
            if sync:
                os.fsync(self.fd)
