"""N instrumented RPC calls in a durable play, timed inside Python: prints seconds as JSON.

    python3 durable_rpc.py MODE N HISTORY
MODE: record (attempt 1: every call runs and is recorded), replay (attempt 2, a resume: every call
returns its recorded result without running), stub (the same loop calling the client directly:
no span, no record), live (no durable request: traced calls, as before durable plays)."""
import json
import os
import sys
import time

from hero_tracing import FlowInfo, instrument
from hero_tracing import _runtime as sdk

mode, n, history = sys.argv[1], int(sys.argv[2]), sys.argv[3]
here = os.path.abspath(__file__)


class Boards:
    def create(self, i):
        return {"id": i, "name": "board-%d" % i, "owner": "bench"}


if mode != "live":
    attempt = 2 if mode == "replay" else 1
    request = {"history": history, "attempt": attempt, "mode": "resume" if attempt == 2 else "run", "prefill": {"by_key": {}, "in_order": []}, "prefill_only": False}
    sdk.open_durable(request, here)
    sdk.start_durable(FlowInfo("Durable bench", None, None, "", here, 1, lambda inputs: None))
client = instrument(Boards())
call = Boards().create if mode == "stub" else client.create
start, cpu = time.perf_counter(), time.process_time()
for i in range(n):
    call(i)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
sdk.end_durable()
# CPU time too: on a shared machine the wall clock also counts waiting for a core (and a full socket)
print(json.dumps({"seconds": seconds, "cpu": cpu}))
