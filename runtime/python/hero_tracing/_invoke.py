"""``flow.invoke``: finding a flow by its name (the folder walk is _workspace_walk.py) and running
it, in-process or as a child play (_child_play.py). Loaded by the first ``flow.invoke`` call."""

from __future__ import annotations

import contextvars
import os
import re
import sys
import threading
import types
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import _flow, _spans
from ._child_play import _ChildPlay
from ._errors import Failed, _load_error, _safe_repr
from ._flow import _ALL_FLOWS, _REGISTRY, FlowInfo
from ._inputs import _check_signature, _InputError, _resolve_inputs
from ._instrument import _is_coroutine_function
from ._spans import _NULL_SPAN, Span, _LiveSpan
from ._wire import _RPC_TAG_LIMIT, _tags_json, _value_json
from ._workspace_walk import MAX_WORKSPACE_FILES_ENV, MAX_WORKSPACE_FILES_SETTING, max_workspace_files, py_files

_WORKSPACE_ENV = "HERO_FLOW_WORKSPACE"
_CHILD_PLAYS_ENV = "HERO_FLOW_CHILD_PLAYS"
_resolve_lock = threading.RLock()  # imports run one at a time, whatever the threads of the flow
_imported: Dict[str, Optional[str]] = {}  # candidate file -> None when imported, else why it failed


def _search_roots() -> List[str]:
    """Where flows are looked for, nearest first: the play's folder, then the workspace
    (``HERO_FLOW_WORKSPACE``). Without a workspace: the running script's folder, else the current
    directory."""
    roots = [os.path.dirname(_flow._play_file)] if _flow._play_file else []
    workspace = os.environ.get(_WORKSPACE_ENV) or ""
    if workspace and os.path.isdir(workspace):
        if os.path.abspath(workspace) not in roots:
            roots.append(os.path.abspath(workspace))
        return roots
    if not roots:
        main = getattr(sys.modules.get("__main__"), "__file__", None)
        roots = [os.path.dirname(os.path.abspath(main)) if isinstance(main, str) and main else os.getcwd()]
    return roots


def _loaded_files() -> set:
    """Real paths of the source files of every module already imported (``__main__`` included)."""
    found = set()
    for module in list(sys.modules.values()):
        try:
            f = getattr(module, "__file__", None) or getattr(getattr(module, "__spec__", None), "origin", None)
        except Exception:
            continue
        if isinstance(f, str) and f.endswith(".py"):
            found.add(os.path.realpath(f))
    return found


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


#: ``flow("Name"`` / ``flow(name='Name'``: where a flow is (very likely) declared. Compiled on first use.
_DECLARED_SOURCE = rb"""(?<!\w)flow\s*\(\s*(?:name\s*=\s*)?[rRuU]?(?:"([^"\\\n]+)"|'([^'\\\n]+)')"""


def _candidates(files: List[str], wanted: bytes, declared_names: set) -> Tuple[List[str], List[str]]:
    """Files that may define the flow named ``wanted``: those that declare it (``flow("name"``)
    first, then those that only spell it as a string literal. Adds every declared name it sees to
    ``declared_names`` (for suggestions)."""
    loaded = _loaded_files()
    declared = re.compile(_DECLARED_SOURCE)  # re caches it
    quoted = (b'"' + wanted + b'"', b"'" + wanted + b"'")
    defines: List[str] = []
    mentions: List[str] = []
    for path in files:
        data = _read(path)
        if b"hero_tracing" not in data:
            continue  # a file that does not import the SDK cannot define a flow
        hits = [m.group(1) or m.group(2) for m in declared.finditer(data)]
        declared_names.update(h.decode("utf-8", "replace") for h in hits)
        if not (quoted[0] in data or quoted[1] in data) or os.path.realpath(path) in loaded:
            continue
        (defines if wanted in hits else mentions).append(path)
    return defines, mentions


def _import_candidate(path: str) -> Optional[str]:
    """Imports a workspace file under a name of its own; None, or why it failed. Flows a file
    registered before it failed are taken back: a half-imported file runs nothing."""
    if path in _imported:
        return _imported[path]
    import importlib.machinery
    import importlib.util

    stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
    name = "__hero_flow_%s_%x" % (stem, hash(path) & 0xFFFFFFFFFFFF)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.append(folder)  # its own imports resolve as they would next to it, after the play's
    error: Optional[str] = None
    try:
        loader = importlib.machinery.SourceFileLoader(name, path)
        spec = importlib.util.spec_from_file_location(name, path, loader=loader)
        if spec is None:
            raise ImportError("cannot be loaded as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        error = _load_error(exc, path)
        sys.modules.pop(name, None)
        for flow_name, fn in list(_REGISTRY.items()):
            if getattr(fn, "__module__", None) == name:
                del _REGISTRY[flow_name]
        _ALL_FLOWS[:] = [fn for fn in _ALL_FLOWS if getattr(fn, "__module__", None) != name]
    _imported[path] = error
    return error


def _resolve_flow(name: str) -> Callable[..., Any]:
    """The flow named ``name``: one registered in this process, else one found in the workspace.
    Raises ``Failed`` with what was searched, the closest names and any import that failed."""
    fn = _REGISTRY.get(name)
    if fn is not None:
        return fn
    with _resolve_lock:
        fn = _REGISTRY.get(name)
        if fn is not None:
            return fn
        roots = _search_roots()
        wanted = name.encode("utf-8", "surrogatepass")
        declared_names = set(_REGISTRY)
        failures: List[Tuple[str, str]] = []
        defined_in: List[str] = []
        seen: set = set()
        capped_roots: List[str] = []
        # Nearest root first, and stop there: a play in a small folder never walks a big workspace.
        # Within a root, the first file in walk order that declares the name (its last definition:
        # a later decoration replaces an earlier one). The analyzer states the same rule:
        # server/src/analyzer/invokeResolution.ts (test/analyzer/invokeResolution.test.ts asks both).
        for root in roots:
            walked, capped = py_files(root)
            if capped:
                capped_roots.append(root)
            files = [path for path in walked if path not in seen]
            seen.update(files)
            defines, mentions = _candidates(files, wanted, declared_names)
            defined_in.extend(defines)
            for path in defines + mentions:
                error = _import_candidate(path)
                fn = _REGISTRY.get(name)
                if fn is not None:
                    return fn
                if error is not None:
                    failures.append((path, error))
    where = " and ".join(roots)
    for path, error in failures:
        if path in defined_in:
            raise Failed("flow %r is defined in %s, which failed to import: %s" % (name, path, error))
    import difflib

    by_lower: Dict[str, str] = {}
    for known in sorted(declared_names):
        by_lower.setdefault(known.lower(), known)
    close = [by_lower[k] for k in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)]
    message = "no flow named %r" % name
    if close:
        message += "; did you mean %s?" % " or ".join(repr(c) for c in close)
    message += " (looked in the flows loaded in this process and in %d Python files under %s)" % (len(seen), where)
    if capped_roots:
        message += (
            "; the search stopped after the first %d Python files of %s, which has more: it may be defined further on"
            " (raise %s, or the setting %s)" % (max_workspace_files(), " and ".join(capped_roots), MAX_WORKSPACE_FILES_ENV, MAX_WORKSPACE_FILES_SETTING)
        )
    if failures:
        message += "; these files mention it but failed to import: %s" % "; ".join(e for _, e in failures)
    raise Failed(message)


def _invoke_target(name: object, inputs: Mapping[str, Any]) -> Tuple[Callable[..., Any], FlowInfo, Dict[str, Any]]:
    """The flow to invoke, its metadata and its inputs checked as a play's would be."""
    if not isinstance(name, str) or not name:
        raise Failed("flow.invoke needs a flow name (a non-empty string), got %s" % _safe_repr(name))
    fn = _resolve_flow(name)
    info: FlowInfo = getattr(fn, "__hero_flow__")
    try:
        args = _resolve_inputs(info, inputs, {})
        _check_signature(fn, info)
    except _InputError as exc:
        raise Failed("cannot invoke %r: %s" % (name, exc)) from None
    return fn, info, args


# --------------------------------------------------------------------------------------------------
# Running it: in-process, or as a child play (_child_play.py)
# --------------------------------------------------------------------------------------------------


def invoke(name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    """``flow.invoke`` called at ``filename:line``: its result, or in a running event loop an awaitable."""
    dur = _spans._DUR
    if dur is not None:  # a durable play: a recorded effect
        from . import _durable_invoke

        if _loop_running():
            coro = _durable_invoke.invoke_async(dur, name, spawn, inputs, filename, line)
            coro.__qualname__ = coro.__name__ = "flow.invoke(%s)" % _safe_repr(name)
            return coro
        return _durable_invoke.invoke_sync(dur, name, spawn, inputs, filename, line)
    if _loop_running():
        coro = _invoke_async(name, spawn, inputs, filename, line)
        # Named after the call, so Python's "never awaited" warning says what to fix.
        coro.__qualname__ = coro.__name__ = "flow.invoke(%s)" % _safe_repr(name)
        return coro
    return _invoke_sync(name, spawn, inputs, filename, line)


def _loop_running() -> bool:
    aio = sys.modules.get("asyncio")
    return aio is not None and aio._get_running_loop() is not None


def _child_plays_on() -> bool:
    """The runtime said it starts child plays (a plain span sink would never answer)."""
    return _spans._ON and os.environ.get(_CHILD_PLAYS_ENV) == "1"


def _subflow_span(name: object, spawn: bool, filename: str, line: int) -> Span:
    if not _spans._ON:
        return _NULL_SPAN
    tags = ',"tags":{"flow":%s,"spawn":%s}' % (_value_json(name, 1024), "true" if spawn else "false")
    return _LiveSpan(str(name), "subflow", tags, filename, line)


def _tag_inputs(span: Span, args: Dict[str, Any]) -> None:
    if span.id is not None:
        _spans._T.send(('{"type":"span_tag","span_id":"%s","tags":{"inputs":%s}}\n' % (span.id, _tags_json(args, _RPC_TAG_LIMIT))).encode())


def _call_sync(fn: Callable[..., Any], args: Dict[str, Any]) -> Any:
    result = fn(args)
    if isinstance(result, types.CoroutineType):  # an async flow, or a plain function returning a coroutine
        import asyncio

        return asyncio.run(result)
    return result


def _invoke_sync(name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    with _subflow_span(name, spawn, filename, line) as span:
        fn, info, args = _invoke_target(name, inputs)
        _tag_inputs(span, args)
        if spawn and _child_plays_on():
            return _ChildPlay(info, args, span).run()
        return _call_sync(fn, args)


async def _invoke_async(name: str, spawn: bool, inputs: Dict[str, Any], filename: str, line: int) -> Any:
    import asyncio

    loop = asyncio.get_running_loop()
    with _subflow_span(name, spawn, filename, line) as span:
        fn, info, args = _invoke_target(name, inputs)
        _tag_inputs(span, args)
        if spawn and _child_plays_on():
            child = _ChildPlay(info, args, span)
            try:
                return await _off_loop(loop, child.run)
            except BaseException:
                child.abort()  # cancelled: the runtime cancels the child when its connection closes
                raise
        if _is_coroutine_function(fn):
            return await fn(args)
        # A sync flow runs off the loop (the loop keeps serving the caller's other tasks), in a
        # copy of this context so its spans nest under the subflow span.
        ctx = contextvars.copy_context()
        return await _off_loop(loop, lambda: ctx.run(_call_sync, fn, args))


def _off_loop(loop: Any, call: Callable[[], Any]) -> Any:
    """A future of ``call()`` run in a daemon thread: unlike the loop's default executor, a
    thread still blocked when the flow is cancelled never holds up the process's exit."""
    future = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if not future.done():
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def work() -> None:
        try:
            value, ok = call(), True
        except BaseException as exc:
            value, ok = exc, False
        try:
            loop.call_soon_threadsafe(settle, ok, value)
        except RuntimeError:  # the loop is closed: nobody waits any more
            pass

    threading.Thread(target=work, name="hero-flow-invoke", daemon=True).start()
    return future
