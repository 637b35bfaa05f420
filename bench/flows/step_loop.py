"""N empty `with flow.step("s"):` blocks, timed inside Python: prints best-of-3 seconds as JSON.
Traced when HERO_FLOW_SPAN_SOCK is set, standalone otherwise."""
import json
import sys
import time

from hero_tracing import flow

n = int(sys.argv[1])
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
