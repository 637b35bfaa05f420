"""Where a traced span's time goes, in one process, the variants interleaved 9 times (CPU time,
medians), N spans each: the floor (the step's two lines, two bare sendall), the same two lines
through the SDK's transport (its lock and checks), the SDK with its writes made no-ops (the Python
side: span object, ids, clocks, context, formatting, transport), and the SDK as it runs."""
import json
import os
import statistics
import sys
import time

from hero_tracing import _spans, flow

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from step_loop import captured_lines, steps  # noqa: E402

n = int(sys.argv[1])
start, end = captured_lines()
_spans._configure(os.environ["HERO_FLOW_SPAN_SOCK"])
steps(2000)  # connects
transport = _spans._T
sock = transport.sock
real_write = sys.modules["hero_tracing._wire"]._write


def floor():
    send = sock.sendall
    for _ in range(n):
        send(start)
        send(end)


def through_transport():
    send = transport.send
    for _ in range(n):
        send(start)
        send(end)


def python_side():
    wire = sys.modules["hero_tracing._wire"]
    wire._write = lambda fd, data: len(data)  # every write a no-op that "sent" everything
    try:
        steps(n)
    finally:
        wire._write = real_write


def sdk():
    steps(n)


variants = {"floor": floor, "transport": through_transport, "python_side": python_side, "sdk": sdk}
times = {name: [] for name in variants}
for _ in range(9):
    for name, body in variants.items():
        t = time.process_time()
        body()
        times[name].append((time.process_time() - t) / n)
parts = {name: statistics.median(values) for name, values in times.items()}
print(json.dumps({"seconds": parts["sdk"] * n, "parts": parts}))
