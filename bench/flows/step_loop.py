"""N empty `with flow.step("s"):` blocks, timed inside Python in CPU time (time.process_time: on
a shared machine, wall time counts the other processes' turns): prints the median of 5 loops'
seconds as JSON. Traced when HERO_FLOW_SPAN_SOCK is set, standalone otherwise; with a second
argument (a history path) under a durable request, as hero_bootstrap.py starts one (docs/durable.md).

With ``--floor`` it times the floor instead: the two lines one such step writes (captured from the
SDK itself, so the bytes are the same), sent N times by two bare ``socket.sendall`` calls."""
import json
import os
import socket
import sys
import tempfile
import time

from hero_tracing import flow

LOOPS = 5


def timed(body, n):
    times = []
    for _ in range(LOOPS):
        start = time.process_time()
        body(n)
        times.append(time.process_time() - start)
    return sorted(times)[LOOPS // 2]


def steps(n):
    step = flow.step
    for _ in range(n):
        with step("s"):
            pass


def captured_lines():
    """The two lines the SDK writes for one step of ``steps``: read back from a listener of our own."""
    from hero_tracing import _spans

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "capture.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(1)
        _spans._configure(path)
        steps(1)
        _spans._configure(None)
        conn, _ = listener.accept()
        data = b""
        while data.count(b"\n") < 2:
            data += conn.recv(65536)
        conn.close()
        listener.close()
    start, end = data.splitlines(keepends=True)[:2]
    return start, end


def floor_loop(n):
    start, end = captured_lines()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(os.environ["HERO_FLOW_SPAN_SOCK"])
    send = sock.sendall

    def body(count):
        for _ in range(count):
            send(start)
            send(end)

    body(2000)  # warm up, as the SDK's loop does
    return timed(body, n)


def main():
    args = [a for a in sys.argv[1:] if a != "--floor"]
    n = int(args[0])
    if "--floor" in sys.argv:
        print(json.dumps({"seconds": floor_loop(n)}))
        return
    if len(args) > 1:
        from hero_tracing import FlowInfo
        from hero_tracing import _runtime as sdk

        here = os.path.abspath(__file__)
        sdk.open_durable({"history": args[1], "attempt": 1, "mode": "run", "prefill": {"by_key": {}, "in_order": []}, "prefill_only": False}, here)
        sdk.start_durable(FlowInfo("Step loop", None, None, "", here, 1, lambda inputs: None))
    steps(2000)  # warm up; connects the socket when traced
    print(json.dumps({"seconds": timed(steps, n)}))


if __name__ == "__main__":
    main()
