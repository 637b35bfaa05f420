"""A durable attempt (docs/durable.md, "Replay rules"): which effects replay, which run live, when
the history stops being used, and the records appended for live effects. The effects themselves
(instrumented calls, ``flow.invoke``, step functions, ``flow.pause``) call ``begin`` and then either
``replay`` or ``live_span`` + ``finish_ok``/``finish_error``."""

from __future__ import annotations

import bisect
import threading
from typing import Any, Dict, List, Optional, Set, Tuple

from . import _durable_keys, _spans
from ._durable_history import History, Writer
from ._durable_keys import Scope, ScopedSpan, current_scope, key_of, site_of
from ._durable_values import encode_error, encode_result, error_text, rebuild_error
from ._errors import _Paused
from ._spans import _classify, _LiveSpan, _span_done
from ._wire import _RPC_TAG_LIMIT, _ENC_TAG, _json_line, _now_ms, _quote, _value_json

ANOTHER_PATH = "the code took another path"
_NONE = object()


class Effect:
    """One effect of this attempt: where it is, its key, and what the history says of it."""

    __slots__ = ("kind", "name", "index", "scope", "key", "_site", "record", "note")

    def __init__(self, kind: str, name: str, scope: Scope, index: int) -> None:
        self.kind = kind
        self.name = name
        self.index = index
        self.scope = scope
        self.key = key_of(scope, name, index)
        self._site: Optional[str] = None  # hashed when needed: a replay by key never needs it
        self.record: Optional[Dict[str, Any]] = None  # set: replay it
        self.note: Optional[str] = None  # a log line for the effect's span

    @property
    def site(self) -> str:
        site = self._site
        if site is None:
            site = self._site = site_of(self.scope, self.name, self.index)
        return site


class Attempt:
    def __init__(
        self,
        history_path: str,
        attempt: int,
        mode: str,
        prefill: Dict[str, Any],
        prefill_only: bool,
        history: History,
        version: str,
    ) -> None:
        self.path = history_path
        self.attempt = attempt
        self.mode = mode
        self.prefill_by_key: Dict[str, Any] = dict(prefill.get("by_key") or {})
        self.in_order: List[Any] = list(prefill.get("in_order") or [])
        self.prefill_only = prefill_only
        self.version = version
        self.lock = threading.Lock()
        self.writer = Writer(history_path, history.good_size)
        self.replayed = 0
        self.live = 0
        self.diverged: Optional[str] = None
        self.using = True
        self.paused = False
        self.reuse = mode == "retry_reuse"
        self.retry = mode in ("retry", "retry_reuse")
        self.pause_keys = history.pause_keys
        # The latest record of each site: an effect whose site is there under another key ran under
        # another version (the key hashes the version with the site's parts).
        self.by_site: Dict[str, Dict[str, Any]] = {}
        for rec in sorted(history.records.values(), key=lambda r: r["_line"]):
            self.by_site[rec["site"]] = rec
        #: recorded effects not yet met this attempt: meeting a new effect while some remain is another path
        self.latest: Dict[str, Dict[str, Any]] = {rec["key"]: rec for rec in self.by_site.values()}
        self.pending: Set[str] = {
            rec["key"] for rec in self.by_site.values() if self.reuse or rec["_version"] == version
        }
        self._under: Optional[Dict[str, List[str]]] = None  # path -> keys recorded there
        self._paths: List[str] = []
        #: replayed effects whose inner records are still pending: settled only when it matters
        self._unsettled: List[Tuple[str, str, int]] = []  # (path, name, index): no Effect kept alive

    # -- deciding ---------------------------------------------------------------------------------

    def begin(self, kind: str, name: str) -> Effect:
        """The effect ``name`` starts now, in the current scope: its index, key, and fate."""
        scope = current_scope()
        eff = Effect(kind, name, scope, scope.next_index(name))
        with self.lock:
            if not self.using:
                return eff
            rec = self.latest.get(eff.key)
            if rec is None:
                rec = self.by_site.get(eff.site)
            if rec is not None and (rec["key"] == eff.key or self.reuse):
                if "unrecorded" in rec or (rec["ok"] is False and self.retry):
                    self.pending.discard(rec["key"])
                    return eff  # runs again: unrecordable, or the failure a retry retries
                pending = self.pending
                pending.discard(rec["key"])
                if pending:
                    self._unsettled.append((eff.scope.path, name, eff.index))
                eff.record = rec
                self.replayed += 1
            elif rec is not None:
                eff.note = self._diverge(
                    "the flow's version changed (this effect was recorded under another version; this attempt runs %s)"
                    % self.version,
                    drop=False,
                )
            elif self.pending and eff.key not in self.pause_keys and self._settle():
                eff.note = self._diverge(ANOTHER_PATH, drop=True)
        return eff

    def _settle(self) -> bool:
        """Whether records are still pending once those inside replayed effects are taken out (what
        ran inside an effect is not met again when it replays: it is not another path). Deferred to
        here, where a new effect asks, so a replay does not pay for it (the lock is held)."""
        unsettled, pending = self._unsettled, self.pending
        if unsettled and pending:
            # The paths under an effect are one run of the sorted paths (no per-prefix index: a
            # hostile history's long paths cannot blow it up).
            if self._under is None:
                by_path: Dict[str, List[str]] = {}
                for rec in self.by_site.values():
                    by_path.setdefault(rec["path"], []).append(rec["key"])
                self._under = by_path
                self._paths = sorted(by_path)
            by_path, paths = self._under, self._paths
            for path, name, index in unsettled:
                own_path = _durable_keys.own_path(path, name, index)
                for inner in by_path.get(own_path, ()):
                    pending.discard(inner)
                prefix = own_path + "/"
                i = bisect.bisect_left(paths, prefix)
                while i < len(paths) and paths[i].startswith(prefix):
                    for inner in by_path[paths[i]]:
                        pending.discard(inner)
                    i += 1
                if not pending:
                    break
        unsettled.clear()
        return bool(pending)

    def _diverge(self, reason: str, drop: bool) -> str:
        """Stop using the history (the lock is held); the note for the effect's span."""
        self.using = False
        self.diverged = self.diverged or reason
        if drop and self.pending:
            line = '{"type":"drop","keys":%s,"attempt":%d,"reason":%s}\n' % (
                _ENC_TAG.encode(sorted(self.pending)),
                self.attempt,
                _quote(reason),
            )
            self.writer.append(line)
            self.pending.clear()
        self.send_replay()
        return "history not used from here: " + reason

    # -- replaying --------------------------------------------------------------------------------

    def replay(
        self, eff: Effect, span_name: str, span_kind: str, start_tags: str, file: str, line: int, result_tag: str = "result"
    ) -> Any:
        """The recorded outcome of ``eff``: its span (marked replayed) is sent, and its result
        returned or its exception raised."""
        rec = eff.record
        assert rec is not None
        tags = ',"replayed":true' + start_tags
        value = rec.get("result")
        if rec["ok"]:
            text = rec.get("_text")  # the recorded JSON, as the live span showed it
            shown = text if text is not None and len(text) <= _RPC_TAG_LIMIT else _value_json(value, _RPC_TAG_LIMIT)
            end_tags = ',"tags":{%s:%s}' % (_quote(result_tag), shown)
            span_id = _span_done(span_name, span_kind, tags, file, line, "ok", None, end_tags)
        else:
            span_id = _span_done(span_name, span_kind, tags, file, line, "failed", error_text(rec["error"]), "")
        if rec["key"] != eff.key:  # reused across versions: recorded again under this version's key
            with self.lock:
                self.writer.append(self._line(eff, span_id, _rekeyed_outcome(rec)))
        if rec["ok"]:
            return value
        raise rebuild_error(rec["error"])

    # -- running live -----------------------------------------------------------------------------

    def live_span(self, eff: Effect, span_name: str, span_kind: str, start_tags: str, file: str, line: int) -> ScopedSpan:
        """The entered span of a live effect (the scope of what runs inside it)."""
        span = ScopedSpan(span_name, span_kind, start_tags, file, line)
        span.outer = eff.scope
        span.index = eff.index
        span.scope = None
        span.__enter__()
        if eff.note is not None:
            span.log(eff.note)
        return span

    def _record_text(self, eff: Effect, span_id: Optional[str], text: Optional[str], why: Optional[str]) -> None:
        """Append the effect's result (its JSON), or why it could not be recorded."""
        outcome = ',"ok":true,"result":%s' % text if why is None else ',"unrecorded":%s' % _quote(why or "")
        with self.lock:
            self.live += 1
            self.writer.append(self._line(eff, span_id, outcome))

    def record_error(self, eff: Effect, span_id: Optional[str], exc: BaseException) -> None:
        if not isinstance(exc, Exception):  # cancelled, paused, exiting: the effect did not complete
            return
        outcome = ',"ok":false,"error":%s' % _ENC_TAG.encode(encode_error(exc))
        with self.lock:
            self.live += 1
            self.writer.append(self._line(eff, span_id, outcome))

    def finish_ok(self, eff: Effect, span: _LiveSpan, value: object, result_tag: Optional[str] = "result") -> None:
        text, why = encode_result(value)
        self._record_text(eff, span.id, text, why)
        tags = []
        if result_tag is not None:  # the recorded JSON is the tag's JSON when it is small enough
            shown = text if text is not None and len(text) <= _RPC_TAG_LIMIT else _value_json(value, _RPC_TAG_LIMIT)
            tags.append("%s:%s" % (_quote(result_tag), shown))
        if why is not None:
            tags.append('"history":%s' % _quote("unrecorded: " + why))
        span._end("ok", None, ',"tags":{%s}' % ",".join(tags) if tags else "")

    def finish_error(self, eff: Effect, span: _LiveSpan, exc: BaseException) -> None:
        self.record_error(eff, span.id, exc)
        status, error = _classify(type(exc), exc, exc.__traceback__)
        span._end(status, error)

    def _line(self, eff: Effect, span_id: Optional[str], outcome: str) -> str:
        return '{"type":"effect","key":"%s","site":"%s","effect":"%s","name":%s,"path":%s,"index":%d,"attempt":%d,"span_id":%s%s}\n' % (
            eff.key,
            eff.site,
            eff.kind,
            _quote(eff.name),
            _quote(eff.scope.path),
            eff.index,
            self.attempt,
            _quote(span_id or ""),
            outcome,
        )

    # -- pauses ----------------------------------------------------------------------------------

    def take_prefill(self, pause_key: str) -> Any:
        """The prefilled answer for a pause (its key's, else the next in order), used once; else _NONE."""
        with self.lock:
            if pause_key in self.prefill_by_key:
                return self.prefill_by_key.pop(pause_key)
            if self.in_order:
                return self.in_order.pop(0)
        return _NONE

    def park(self, eff: Effect, pause_key: str, prompt: str, fields: Dict[str, Any], span_id: str) -> None:
        """The pause line (fsynced: a paused play survives the machine), then play_replay and play_paused."""
        fields_json = _ENC_TAG.encode(fields)
        with self.lock:
            self.paused = True
            self.writer.append(
                '{"type":"pause","key":"%s","site":"%s","pause_key":%s,"prompt":%s,"fields":%s,"attempt":%d,"span_id":%s,"t_ms":%r}\n'
                % (eff.key, eff.site, _quote(pause_key), _quote(prompt), fields_json, self.attempt, _quote(span_id), _now_ms()),
                sync=True,
            )
        self.send_replay()
        _spans._T.send(
            (
                '{"type":"play_paused","key":%s,"prompt":%s,"fields":%s,"span_id":%s,"t_ms":%r}\n'
                % (_quote(pause_key), _quote(prompt), fields_json, _quote(span_id), _now_ms())
            ).encode()
        )

    # -- the attempt as a whole -------------------------------------------------------------------

    def write_attempt_line(self) -> None:
        self.writer.append(
            '{"type":"attempt","attempt":%d,"mode":"%s","version":%s,"t_ms":%r}\n'
            % (self.attempt, self.mode, _quote(self.version), _now_ms())
        )

    def send_replay(self) -> None:
        """``play_replay``: how this attempt used the history so far."""
        _spans._T.send(
            _json_line(
                {
                    "type": "play_replay",
                    "version": self.version,
                    "replayed": self.replayed,
                    "live": self.live,
                    "diverged": self.diverged,
                    "t_ms": _now_ms(),
                }
            )
        )


def _rekeyed_outcome(rec: Dict[str, Any]) -> str:
    if rec["ok"]:
        return ',"ok":true,"result":%s' % _ENC_TAG.encode(rec["result"])
    return ',"ok":false,"error":%s' % _ENC_TAG.encode(rec["error"])


def attempt() -> Optional[Attempt]:
    return _spans._DUR


_hooked = False


def _quiet_parked_threads() -> None:
    """A thread that parked the play ends on ``_Paused``: not an error to print."""
    global _hooked
    if _hooked:
        return
    _hooked = True
    previous = threading.excepthook

    def hook(args: Any) -> None:
        if args.exc_type is not None and issubclass(args.exc_type, _Paused):
            return
        previous(args)

    threading.excepthook = hook


def start(attempt: Attempt, flow_name: str, version: str) -> None:
    """Make ``attempt`` the process's: effects record and replay from now on."""
    _quiet_parked_threads()
    _durable_keys.set_root(Scope(flow_name, version, ""))
    _spans._DUR_STEP = _durable_keys.StepScope
    _spans._DUR = attempt
