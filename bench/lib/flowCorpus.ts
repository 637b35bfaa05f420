// A generated flow library for benchmarks: N flow files that invoke each other, every one of
// them invoking the hub flow "Flow 0000" (so renaming the hub touches N files), plus the CPython
// standard library of this machine as the bulk of ordinary Python a workspace holds. The files are
// spread over folders, so that, as in a real library, a scan meets many invoked flows only after
// their invokers (about a third of the invokes here).

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HUB_FLOW = 'Flow 0000';

export function flowName(i: number): string {
  return `Flow ${String(i).padStart(4, '0')}`;
}

function flowFile(i: number): string {
  const callee = i > 0 ? flowName(Math.max(0, i - 7)) : null;
  return `"""Generated flow ${i}: a few steps, helpers, and invokes of other flows."""
from typing import Any, Dict

from hero_tracing import flow, instrument


def normalise(value: str) -> str:
    return " ".join(value.strip().split()).lower()


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@flow(
    "${flowName(i)}",
    inputs={
        "name": {"type": "str", "description": "what to work on"},
        "count": {"type": "int", "default": ${i % 5}, "description": "how many times"},
        "ratio": {"type": float, "default": 0.5},
        "tags": {"type": "list", "default": []},
    },
    outputs={"id": int, "summary": str},
    description="Generated flow number ${i}",
)
def run_${i}(inputs: Dict[str, Any]) -> Dict[str, Any]:
    with flow.step("prepare", name=inputs["name"]):
        name = normalise(inputs["name"])
        batches = list(chunks(list(range(inputs["count"] * 3)), 4))
    with flow.step("work"):
        total = 0
        for batch in batches:
            total += sum(batch)
            flow.current_span.tag(total=total)
${i > 0 ? `        flow.invoke("${HUB_FLOW}", name=name, count=2)\n        flow.invoke("${callee}", name=name, ratio=0.25)` : '        pass'}
    with flow.step("finish"):
        flow.current_span.log("done with %s" % name)
    return {"id": ${i}, "summary": "%s: %d" % (name, total)}
`;
}

const FOLDERS = 20;

/** Writes `count` flow files under `dir` (flow i in folder i mod 20); returns their paths, flow 0 first. */
export function writeFlowCorpus(dir: string, count: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `part_${String(i % FOLDERS).padStart(2, '0')}`);
    if (i < FOLDERS) mkdirSync(folder, { recursive: true });
    const path = join(folder, `flow_${String(i).padStart(4, '0')}.py`);
    writeFileSync(path, flowFile(i));
    paths.push(path);
  }
  return paths;
}

/** The standard library folder of this machine's python3. */
export function stdlibDir(): string {
  const result = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  return result.stdout.trim();
}
