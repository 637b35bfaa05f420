"""Times python's own parser over the same files: ast.parse of each, in one process.

usage: ast_parse.py LISTFILE   (one path per line) → prints JSON {seconds, files, bytes, failed}
"""
import ast
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")  # invalid escape sequences in old files are not our business
paths = [line for line in open(sys.argv[1], encoding="utf-8").read().splitlines() if line]
start = time.perf_counter()
size = failed = 0
for path in paths:
    with open(path, "rb") as f:
        source = f.read()
    size += len(source)
    try:
        ast.parse(source, filename=path)
    except (SyntaxError, ValueError):
        failed += 1
print(json.dumps({"seconds": time.perf_counter() - start, "files": len(paths), "bytes": size, "failed": failed}))
