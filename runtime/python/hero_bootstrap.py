"""What the Hero Flows runtime spawns to run one play.

    python3 hero_bootstrap.py        (the SDK's directory on PYTHONPATH)

Environment: HERO_FLOW_SPAN_SOCK (the span socket), HERO_FLOW_PLAY_ID, HERO_FLOW_TRACE_ID, and
optionally HERO_FLOW_PARENT_SPAN (the parent of the play's root span), HERO_FLOW_WORKSPACE (where
flow.invoke looks for flows by name) and HERO_FLOW_CHILD_PLAYS=1 (the runtime answers the SDK's
invoke_request, so flow.invoke(..., spawn=True) starts child plays) and HERO_FLOW_SDK=installed
(import the interpreter's own hero_tracing rather than the bundled one beside this file). HERO_FLOW_PROCESS_MARK lists
the plays this process belongs to: everything the flow starts inherits it, so the runtime (and our
parent-death watchdog) can find and end them even after they leave the process group.
HERO_FLOW_PYCACHE: where the bundled SDK's bytecode is kept (default ~/.cache/hero-flows/pycache, or
under XDG_CACHE_HOME; "" or "0": none): see "The bundled SDK's bytecode" below.

It uses the SDK only through hero_tracing._runtime, whose docstring is that contract. The inputs
are checked there by the SDK's own rules, the same ones flow.invoke uses: one set of rules for a
play and for an invoked flow.

Standard input: ONE JSON request, then EOF or a newline:
    {"file": "/abs/flow.py", "flow": "Name" | null, "inputs": {typed values}, "raw_inputs": {"k": "v"},
     "durable": {"history": "/abs/history.jsonl", "attempt": n, "mode": "run"|"resume"|"retry"|"retry_reuse",
                 "prefill": {"by_key": {…}, "in_order": […]}, "prefill_only": bool}?}
With "durable" (docs/durable.md) the history is read before the file loads (a corrupt one rejects
the play, naming the line), every side effect is recorded or replayed, and a flow.pause without an
answer parks the play: play_paused on the socket, exit 75. play_replay is sent before the flow ends.
After reading it, standard input is /dev/null: a flow calling input() gets EOF instead of hanging.

The bootstrap never prints to stdout (the flow's stdout belongs to the play). It reports on the span
socket, besides the SDK's span events:
    {"type":"play_rejected","reason":"…","t_ms":…}            the play could not start → exit 2
    {"type":"play_flow","name":…,"source_file":…,"source_line":…,"inputs":{…},"t_ms":…}
    {"type":"play_output","output":<JSON value or repr string>,"t_ms":…}
Exit codes: 0 ok, 1 the flow failed, 2 rejected, 75 paused, 130 cancelled (SIGTERM / SIGINT).
When the span socket is unavailable, a rejection's reason goes to stderr instead.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import marshal
import os
import signal
import sys
import threading
import time
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NoReturn, Optional

if TYPE_CHECKING:  # asyncio costs ~20 ms to import: only async flows pay for it
    import asyncio


# --------------------------------------------------------------------------------------------------
# The bundled SDK's bytecode, compiled once per interpreter version
# --------------------------------------------------------------------------------------------------

# The bundled SDK ships as source (packages carry no .pyc), and a read-only install or
# PYTHONDONTWRITEBYTECODE (set here) would compile it on every play: a third of a play's start. Its
# bytecode is kept instead in a cache of the user's own, one file per module and interpreter
# version, mirroring the source's path as sys.pycache_prefix does. Only the bundled hero_tracing
# package goes through it: the flow's own modules import exactly as Python would import them.
# HERO_FLOW_PYCACHE names the cache folder ("" or "0": no cache, compile every time).
_PYCACHE_ENV = "HERO_FLOW_PYCACHE"
_PYC_MAGIC = importlib.util.MAGIC_NUMBER


def _pycache_root() -> Optional[str]:
    """The cache folder: made private to this user, and used only while it is (a .pyc is code)."""
    root = os.environ.get(_PYCACHE_ENV)
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "hero-flows", "pycache")
    if root in ("", "0") or not os.path.isabs(root):
        return None
    try:
        os.makedirs(root, mode=0o700, exist_ok=True)
        st = os.stat(root)
    except (OSError, ValueError):
        return None
    if st.st_uid != os.geteuid() or st.st_mode & 0o022:
        return None  # someone else could write code into it
    return root


def _u32(n: float) -> bytes:
    return (int(n) & 0xFFFFFFFF).to_bytes(4, "little")


class _CachedSdkLoader(importlib.machinery.SourceFileLoader):
    """A module of the bundled SDK: its bytecode read from the cache when the header matches the
    source (magic, size and mtime, as a timestamp .pyc), else compiled and written there (atomically)."""

    cache_root = ""

    def get_code(self, fullname: str) -> Any:
        source = self.get_filename(fullname)
        cached = os.path.join(
            self.cache_root, os.path.dirname(source).lstrip(os.sep), "%s.%s.pyc" % (os.path.basename(source)[:-3], sys.implementation.cache_tag)
        )
        st = os.stat(source)
        header = _PYC_MAGIC + b"\0\0\0\0" + _u32(st.st_mtime) + _u32(st.st_size)
        try:
            with open(cached, "rb") as f:
                data = f.read()
            if data[:16] == header:
                code = marshal.loads(memoryview(data)[16:])
                if type(code) is types.CodeType:
                    return code
        except (OSError, EOFError, ValueError, TypeError):
            pass  # none yet, or unreadable: compiled below
        code = self.source_to_code(self.get_data(source), source)
        try:
            os.makedirs(os.path.dirname(cached), mode=0o700, exist_ok=True)
            temp = "%s.%d.tmp" % (cached, os.getpid())
            with open(temp, "wb") as f:
                f.write(header + marshal.dumps(code))
            os.replace(temp, cached)
        except OSError:
            pass  # a full disk, a read-only cache: compiled next time too
        return code


class _CachedSdkFinder:
    """Hands the bundled hero_tracing package's modules to _CachedSdkLoader; nothing else."""

    def __init__(self, sdk_dir: str) -> None:
        self.package_dir = os.path.join(sdk_dir, "hero_tracing")

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "hero_tracing" and not fullname.startswith("hero_tracing."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader:
            return None
        if os.path.dirname(spec.origin or "") != self.package_dir:
            return None  # another hero_tracing (the interpreter's own): Python's usual import
        spec.loader = _CachedSdkLoader(fullname, spec.origin or "")
        return spec


def _cache_sdk_bytecode() -> None:
    root = _pycache_root()
    if root is None:
        return
    _CachedSdkLoader.cache_root = root
    sys.meta_path.insert(0, _CachedSdkFinder(os.path.dirname(os.path.abspath(__file__))))


_cache_sdk_bytecode()


def _prefer_installed_sdk() -> None:
    """HERO_FLOW_SDK=installed: the runtime found this interpreter's own hero_tracing to be its
    version, so the flow imports that one, not the bundled package beside this file (sys.path[0]).
    Should it not import after all, the bundled one is used and stderr says so."""
    if os.environ.get("HERO_FLOW_SDK") != "installed" or not sys.path:
        return
    here = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
    if os.path.realpath(sys.path[0] or os.curdir) != here:
        return
    del sys.path[0]
    try:
        importlib.import_module("hero_tracing")
    except ImportError as exc:
        sys.path.insert(0, here)
        sys.stderr.write("hero_bootstrap: the installed hero_tracing did not import (%s); using the bundled one\n" % exc)


_prefer_installed_sdk()

from hero_tracing import FlowInfo  # noqa: E402  (after the SDK's location is decided)
from hero_tracing import _runtime as sdk  # noqa: E402

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REJECTED = 2
EXIT_PAUSED = 75
EXIT_CANCELLED = 130


class _Rejected(Exception):
    """The play cannot start; the message is the one-line reason."""


# --------------------------------------------------------------------------------------------------
# Process plumbing
# --------------------------------------------------------------------------------------------------


# Set by the runtime on this process, so inherited by everything the flow starts: the ids of the
# plays a process belongs to, comma-separated (runtime/src/processTree.ts reads the same).
_PROCESS_MARK = "HERO_FLOW_PROCESS_MARK"


def _kill_marked_processes() -> None:
    """Kill every other process that carries this play's mark: the daemons that left our process
    group (setsid) and were reparented away, which killpg cannot reach. Linux only (/proc)."""
    play_id = os.environ.get("HERO_FLOW_PLAY_ID", "").encode()
    prefix = _PROCESS_MARK.encode() + b"="
    if not play_id or not os.path.isdir("/proc"):
        return
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as environ:
                entries = environ.read().split(b"\0")
        except OSError:
            continue  # gone, or not ours
        for entry in entries:
            if entry.startswith(prefix):
                if play_id in entry[len(prefix) :].split(b","):
                    try:
                        os.kill(int(name), signal.SIGKILL)
                    except OSError:
                        pass
                break


def _start_parent_watchdog(interval: float = 0.5) -> None:
    """If the runtime that spawned us dies, kill every process of the play so no orphan survives."""
    parent = os.getppid()
    if parent <= 1:
        return

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                _kill_marked_processes()
                try:
                    if os.getpgrp() == os.getpid():  # we lead our group: take every descendant along
                        os.killpg(os.getpgrp(), signal.SIGKILL)
                    else:
                        os.kill(os.getpid(), signal.SIGKILL)
                except OSError:
                    os._exit(EXIT_CANCELLED)

    threading.Thread(target=watch, name="hero-parent-watchdog", daemon=True).start()


class _Cancellation:
    """SIGTERM handling: a sync flow gets ``_Cancelled`` raised where it is; an async flow's main
    task is cancelled (a second SIGTERM raises ``_Cancelled`` wherever the loop is stuck)."""

    def __init__(self) -> None:
        self.requested = False
        self.armed = True  # False once the flow is over: a late SIGTERM no longer interrupts us
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.task: Optional[asyncio.Task[Any]] = None

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, signum: int, frame: Optional[types.FrameType]) -> None:
        first = not self.requested
        self.requested = True
        if not self.armed:
            # The flow is over and we are on the way out (maybe waiting for its threads):
            # leave now, once replayed spans still queued are in the socket's buffer too.
            sdk.flush_events()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(EXIT_CANCELLED)
        loop, task = self.loop, self.task
        if first and loop is not None and task is not None and not task.done():
            try:
                loop.call_soon_threadsafe(task.cancel)
                return
            except RuntimeError:  # the loop is closed
                pass
        raise sdk.Cancelled("SIGTERM")


_CANCEL = _Cancellation()


def _finish(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    sdk.shutdown()
    if code == EXIT_CANCELLED:
        os._exit(code)  # do not wait for the flow's lingering threads
    sys.exit(code)


def _reject(reason: str, flow_name: Optional[str] = None) -> NoReturn:
    reason = " ".join(reason.split("\n")) if "\n" in reason else reason
    event: Dict[str, Any] = {"type": "play_rejected", "reason": reason, "t_ms": sdk.now_ms()}
    if flow_name is not None:
        event["name"] = flow_name  # the flow was found; its inputs were what was wrong
    if not sdk.emit(event):
        try:
            sys.stderr.write("hero-flows: %s\n" % reason)
        except Exception:
            pass
    _finish(EXIT_REJECTED)


def _read_request() -> Dict[str, Any]:
    """One JSON object from stdin: stops at the first line that completes it, or at EOF."""
    data = b""
    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        data += line
        if data.strip():
            try:
                value = json.loads(data.decode("utf-8"))
                break
            except (ValueError, UnicodeDecodeError):
                if not line:
                    raise _Rejected("bad request on stdin: not a JSON object")
                continue
        if not line:
            raise _Rejected("bad request on stdin: empty")
    if not isinstance(value, dict):
        raise _Rejected("bad request on stdin: not a JSON object")
    return value


def _detach_stdin() -> None:
    try:
        fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(fd, 0)
        os.close(fd)
    except OSError:
        pass
    sys.stdin = open(os.devnull, "r")


# --------------------------------------------------------------------------------------------------
# Loading the file and finding the flow
# --------------------------------------------------------------------------------------------------


def _load_module(path: str) -> types.ModuleType:
    if not os.path.isfile(path):
        raise _Rejected("%s: no such file" % path)
    stem = os.path.splitext(os.path.basename(path))[0]
    name = stem if stem.isidentifier() and stem not in sys.modules else "__hero_flow_%d" % abs(hash(path))
    folder = os.path.dirname(path)
    if not sys.path or sys.path[0] != folder:
        sys.path.insert(0, folder)
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader, origin=path)
    if spec is None:
        raise _Rejected("%s: cannot be loaded as a Python module" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        raise _Rejected(sdk.load_error(exc, path)) from None
    return module


def _info(fn: Callable[..., Any]) -> FlowInfo:
    return getattr(fn, "__hero_flow__")


def _flows_in(module: types.ModuleType) -> List[Callable[..., Any]]:
    found: List[Callable[..., Any]] = []
    seen = set()
    candidates = sdk.flows_defined() + list(vars(module).values())
    for fn in candidates:
        info = getattr(fn, "__hero_flow__", None)
        if not isinstance(info, FlowInfo) or getattr(fn, "__module__", None) != module.__name__:
            continue
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        found.append(fn)
    found.sort(key=lambda f: _info(f).source_line)
    return found


def _pick_flow(module: types.ModuleType, path: str, wanted: Optional[str]) -> Callable[..., Any]:
    flows = _flows_in(module)
    names = ", ".join(repr(_info(f).name) for f in flows)
    if wanted is not None:
        for fn in flows:
            if _info(fn).name == wanted:
                return fn
        for fn in flows:
            if getattr(fn, "__name__", None) == wanted:
                return fn
        if flows:
            raise _Rejected("no flow named %r in %s; flows here: %s" % (wanted, path, names))
        raise _Rejected("no flow named %r in %s; %s defines no @flow" % (wanted, path, path))
    if not flows:
        raise _Rejected("%s defines no @flow" % path)
    if len(flows) > 1:
        raise _Rejected("%s defines several flows (%s); choose one with --flow" % (path, names))
    return flows[0]


# --------------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------------


def _run_flow(fn: Callable[..., Any], inputs: Dict[str, Any]) -> Any:
    if sdk.is_coroutine_function(fn):
        return _run_async(lambda: fn(inputs))
    result = fn(inputs)
    if isinstance(result, types.CoroutineType):  # a plain function that returned a coroutine
        return _run_async(lambda: result)
    return result


def _user_traceback(tb: Optional[types.TracebackType]) -> Optional[types.TracebackType]:
    """``tb`` without its leading frames of this file and of asyncio: the root span's error
    starts where the flow does."""
    aio = sys.modules.get("asyncio")
    asyncio_dir = os.path.dirname(aio.__file__ or "") if aio is not None else None
    start = tb
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename != __file__ and not (asyncio_dir and filename.startswith(asyncio_dir)):
            return tb
        tb = tb.tb_next
    return start


def _run_async(make: Callable[[], Any]) -> Any:
    import asyncio

    async def main() -> Any:
        _CANCEL.loop = asyncio.get_running_loop()
        _CANCEL.task = asyncio.current_task()
        try:
            if _CANCEL.requested:  # SIGTERM arrived before the loop ran
                raise sdk.Cancelled("SIGTERM")
            return await make()
        finally:
            _CANCEL.loop = None
            _CANCEL.task = None

    return asyncio.run(main())


def main() -> NoReturn:
    _start_parent_watchdog()
    _CANCEL.install()
    info: Optional[Any] = None
    try:
        try:
            request = _read_request()
        finally:
            _detach_stdin()
        path = request.get("file")
        if not isinstance(path, str) or not path:
            raise _Rejected("bad request on stdin: 'file' must be a path")
        path = os.path.abspath(path)
        wanted = request.get("flow")
        if wanted is not None and not isinstance(wanted, str):
            raise _Rejected("bad request on stdin: 'flow' must be a string or null")
        typed = request.get("inputs") or {}
        raw = request.get("raw_inputs") or {}
        if not isinstance(typed, dict) or not isinstance(raw, dict):
            raise _Rejected("bad request on stdin: 'inputs' and 'raw_inputs' must be objects")
        durable = request.get("durable")
        if durable is not None:
            sdk.open_durable(durable, path)  # before any of the file's code runs
        sys.argv = [path]
        sdk.set_play_file(path)  # where flow.invoke starts looking for flows by name
        module = _load_module(path)
        fn = _pick_flow(module, path, wanted or None)
        info = _info(fn)
        inputs = sdk.resolve_inputs(info, typed, raw)
        sdk.check_signature(fn, info)
    except (_Rejected, sdk.InputError, sdk.DurableError) as exc:
        _reject(str(exc), info.name if info is not None else None)
    except (sdk.Cancelled, KeyboardInterrupt):
        _finish(EXIT_CANCELLED)

    try:
        sdk.emit(
            {
                "type": "play_flow",
                "name": info.name,
                "source_file": info.source_file,
                "source_line": info.source_line,
                "inputs": inputs,
                "t_ms": sdk.now_ms(),
            }
        )
        root = sdk.start_root_span(info)
        sdk.start_durable(info)
    except (sdk.Cancelled, KeyboardInterrupt):
        _finish(EXIT_CANCELLED)

    code = EXIT_OK
    try:
        error: Optional[str] = None
        try:
            result = _run_flow(fn, inputs)
        except SystemExit as exc:
            result = None
            if exc.code is not None and exc.code != 0:
                error = "the flow called sys.exit(%s)" % sdk.safe_repr(exc.code)
        _CANCEL.armed = False
        if sdk.durable_paused():  # parked, even if the flow swallowed the pause
            sdk.end_span(root, "ok")
            code = EXIT_PAUSED
        elif error is None:
            sdk.end_durable()
            sdk.emit_output(result)
            sdk.end_span(root, "ok")
        else:
            sdk.end_durable()
            sdk.end_span(root, "failed", error)
            code = EXIT_FAILED
    except BaseException as exc:  # the flow failed, was cancelled, or parked
        _CANCEL.armed = False
        if isinstance(exc, sdk.Paused) or sdk.durable_paused():
            sdk.end_span(root, "ok")
            _finish(EXIT_PAUSED)
        sdk.end_durable()
        status, error = sdk.classify(type(exc), exc, _user_traceback(exc.__traceback__))
        sdk.end_span(root, status, error)
        code = EXIT_CANCELLED if status == "cancelled" else EXIT_FAILED
    _finish(code)


if __name__ == "__main__":
    main()
