"""N empty `with flow.step("s"):` blocks, timed inside Python: prints best-of-3 seconds as JSON.
Traced when HERO_FLOW_SPAN_SOCK is set, standalone otherwise; with a second argument (a history
path) under a durable request, as hero_bootstrap.py starts one (docs/durable.md)."""
import json
import os
import sys
import time

from hero_tracing import flow

n = int(sys.argv[1])
if len(sys.argv) > 2:
    from hero_tracing import FlowInfo
    from hero_tracing import _runtime as sdk

    here = os.path.abspath(__file__)
    sdk.open_durable({"history": sys.argv[2], "attempt": 1, "mode": "run", "prefill": {"by_key": {}, "in_order": []}, "prefill_only": False}, here)
    sdk.start_durable(FlowInfo("Step loop", None, None, "", here, 1, lambda inputs: None))
step = flow.step
for _ in range(2000):  # warm up; connects the socket when traced
    with step("s"):
        pass
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    for _ in range(n):
        with step("s"):
            pass
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best}))
