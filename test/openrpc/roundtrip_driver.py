"""Calls every method of a generated client, sync and async, against a server, and prints one JSON
line per call.

    python3 test/openrpc/roundtrip_driver.py MODULE.py DOC.json URL [--instrument]

Each method is called with values synthesized from its param schemas (schema_values.py, the test
server's synthesizer), by keyword: with every param, then (if it has optional ones) with the
required ones only. A line: ``{"client": "sync"|"async", "variant": "all"|"required", "method": wire name,
"python": python name, "params": {param: value sent}, "result": ..., "error": ..., "received":
params as the server got them, "problem": the server's paramStructure complaint or null,
"headers": the server-received headers}``. With ``--instrument`` the clients are wrapped in
``hero_tracing.instrument`` (spans go to ``$HERO_FLOW_SPAN_SOCK``).
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import json
import os
import re
import sys
import traceback
from typing import Any, Dict, List, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_values import params_for, resolve  # noqa: E402


def load(path: str) -> Any:
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def clients(module: Any) -> Tuple[type, type]:
    found = {"sync": None, "async": None}
    for value in vars(module).values():
        if isinstance(value, type) and value.__module__ == module.__name__ and isinstance(getattr(value, "_rpc_methods_", None), dict):
            found["async" if issubclass(value, module._AsyncJsonRpcClient) else "sync"] = value
    assert found["sync"] and found["async"], "no client classes in %s" % module.__name__
    return found["sync"], found["async"]  # type: ignore[return-value]


def _candidates(name: str) -> List[str]:
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    out = []
    for base in (name, snake, re.sub(r"\W", "_", name), re.sub(r"\W", "_", snake)):
        out += [base, base + "_", "rpc_" + base, "rpc_" + base + "_"]  # kept, a keyword's, a leading digit's or _'s
    return out


def arguments(fn: Any, declared: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Keyword arguments for ``fn``: each declared param's value under its python name."""
    names = [p for p in inspect.signature(fn).parameters if p != "self"]
    kwargs: Dict[str, Any] = {}
    unmatched = []
    for param in declared:
        python = next((c for c in _candidates(param["name"]) if c in names and c not in kwargs), None)
        if python is None:
            unmatched.append(param)
        else:
            kwargs[python] = param["value"]
    rest = [n for n in names if n not in kwargs]
    for param, python in zip(unmatched, rest):
        kwargs[python] = param["value"]
    return kwargs


def plan(module: Any, doc: Dict[str, Any], cls: type) -> List[Tuple[str, str, str, Dict[str, Any], Dict[str, Any]]]:
    """(variant, python name, wire name, params by spec name, kwargs) for every method of ``cls``:
    with every param ("all"), and, when some are optional, with the required ones only."""
    methods = {m["name"]: m for m in (resolve(doc, m) for m in doc["methods"])}
    out = []
    for python, wire in cls._rpc_methods_.items():  # type: ignore[attr-defined]
        declared = params_for(doc, methods[wire])
        fn = getattr(cls, python)
        out.append(("all", python, wire, {p["name"]: p["value"] for p in declared}, arguments(fn, declared)))
        required = [p for p in declared if p.get("required")]
        if len(required) < len(declared):
            kwargs = arguments(fn, declared)
            keep = set(arguments(fn, required))  # the python names of the required params
            out.append(("required", python, wire, {p["name"]: p["value"] for p in required}, {k: v for k, v in kwargs.items() if k in keep}))
    return out


def fetch_requests(module: Any, url: str) -> List[Dict[str, Any]]:
    conn, _ = module._endpoint(url, 30.0)
    try:
        conn.request("GET", "/__requests__")
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=repr))


def main(argv: List[str]) -> None:
    module_path, doc_path, url = argv[:3]
    traced = "--instrument" in argv
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
    module = load(module_path)
    sync_cls, async_cls = clients(module)
    wrap: Any = (lambda c: c)
    if traced:
        from hero_tracing import instrument

        wrap = instrument
    lines: List[Dict[str, Any]] = []

    def record(kind: str, variant: str, python: str, wire: str, params: Dict[str, Any], outcome: Dict[str, Any]) -> None:
        lines.append({"client": kind, "variant": variant, "method": wire, "python": python, "params": params, **outcome})

    client = wrap(sync_cls(url))
    for variant, python, wire, params, kwargs in plan(module, doc, sync_cls):
        try:
            record("sync", variant, python, wire, params, {"result": jsonable(getattr(client, python)(**kwargs)), "error": None})
        except Exception as exc:
            record("sync", variant, python, wire, params, {"result": None, "error": "%s: %s" % (type(exc).__name__, exc)})

    async def run_async() -> None:
        aclient = wrap(async_cls(url))
        for variant, python, wire, params, kwargs in plan(module, doc, async_cls):
            try:
                record("async", variant, python, wire, params, {"result": jsonable(await getattr(aclient, python)(**kwargs)), "error": None})
            except Exception as exc:
                record("async", variant, python, wire, params, {"result": None, "error": "%s: %s" % (type(exc).__name__, exc)})

    asyncio.run(run_async())
    received = fetch_requests(module, url)[-len(lines):]  # this run's: the server may have served others before
    for i, line in enumerate(lines):
        got = received[i] if i < len(received) else {}
        line.update({"received": got.get("params"), "problem": got.get("problem"), "headers": got.get("headers"), "received_method": got.get("method")})
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception:
        traceback.print_exc()
        sys.exit(1)
