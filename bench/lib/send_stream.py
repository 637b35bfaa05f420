"""Replays a recorded event stream into a Unix socket, the way a flow's process would.

usage: send_stream.py SOCKET FILE MODE   (MODE: bulk = 64 KiB writes, event = one write per line,
like the SDK's one sendall per event)
"""
import socket
import sys

path, file, mode = sys.argv[1], sys.argv[2], sys.argv[3]
with open(file, "rb") as f:
    data = f.read()
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(path)
if mode == "bulk":
    view = memoryview(data)
    for i in range(0, len(data), 65536):
        sock.sendall(view[i:i + 65536])
else:
    send = sock.sendall
    for line in data.splitlines(keepends=True):
        send(line)
sock.close()
