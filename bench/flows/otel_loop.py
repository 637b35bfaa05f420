"""The OpenTelemetry Python SDK doing what step_loop.py does: N empty spans, each exported when it
ends as one compact JSON line written to the same kind of socket (SimpleSpanProcessor: one write
per span, the nearest like for like). Prints the median of 5 loops' CPU seconds as JSON. Runs only in
a private venv where ``opentelemetry-sdk`` is installed (bench/sdk-overhead.ts makes it)."""
import json
import os
import socket
import sys
import time

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

LOOPS = 5


class SocketExporter(SpanExporter):
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)

    def export(self, spans):
        for s in spans:
            ctx = s.get_span_context()
            line = {"span_id": "%016x" % ctx.span_id, "name": s.name, "start": s.start_time, "end": s.end_time}
            self.sock.sendall((json.dumps(line, separators=(",", ":")) + "\n").encode())
        return SpanExportResult.SUCCESS

    def shutdown(self):
        self.sock.close()


def main():
    n = int(sys.argv[1])
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(SocketExporter(os.environ["HERO_FLOW_SPAN_SOCK"])))
    tracer = provider.get_tracer("bench")
    span = tracer.start_as_current_span

    def body(count):
        for _ in range(count):
            with span("s"):
                pass

    body(2000)
    times = []
    for _ in range(LOOPS):
        start = time.process_time()
        body(n)
        times.append(time.process_time() - start)
    print(json.dumps({"seconds": sorted(times)[LOOPS // 2]}))
    provider.shutdown()


main()
