// `hero-flows flows` (the built CLI): the flow library with name, file, line, inputs, outputs and
// description — the same metadata the SDK stamps on each flow at import time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowEntry } from '../../cli/src/commands/flows';
import { ANALYZER_FIXTURES } from '../helpers/analyzer';
import { EXAMPLES, ROOT, cli, tempDir } from '../helpers/cli';

/** What `@flow` stamps on every flow of examples/ (FlowInfo.to_dict()), by importing the files — all
 * but with_mistakes.py, whose unknown input type the SDK rejects at import (a TypeError). */
function sdkFlows(): { name: string; source_file: string; source_line: number; inputs: unknown; outputs: unknown; description: string }[] {
  const script = [
    'import glob, json, os, runpy, sys',
    'from hero_tracing import _runtime',
    'for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.py"))):',
    '    if os.path.basename(path) == "with_mistakes.py": continue',
    '    runpy.run_path(path, run_name="examples_" + os.path.basename(path)[:-3])',
    'print(json.dumps([f.__hero_flow__.to_dict() for f in _runtime.flows_defined()]))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, EXAMPLES], {
    env: { ...process.env, PYTHONPATH: [join(ROOT, 'runtime', 'python'), EXAMPLES].join(':'), HERO_FLOW_SPAN_SOCK: '' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('--json lists every flow of examples/ exactly as the SDK sees it', () => {
  const result = cli(['flows', EXAMPLES, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const flows = JSON.parse(result.stdout) as FlowEntry[];
  for (const flow of flows) assert.deepEqual(Object.keys(flow), ['name', 'file', 'line', 'inputs', 'outputs', 'description']);
  const expected = sdkFlows().map((info) => ({
    name: info.name,
    file: join(EXAMPLES, info.source_file.slice(info.source_file.lastIndexOf('/') + 1)),
    line: info.source_line,
    inputs: info.inputs,
    outputs: info.outputs,
    description: info.description,
  }));
  assert.ok(expected.length >= 5);
  const mistakes = join(EXAMPLES, 'with_mistakes.py');
  assert.deepEqual(
    flows.map((flow) => ({ ...flow, file: join(ROOT, flow.file) })).filter((flow) => flow.file !== mistakes),
    expected,
  );
  // The analyzer still lists the flow with the malformed input: its unknown type is null.
  assert.deepEqual(flows.filter((flow) => join(ROOT, flow.file) === mistakes).map((flow) => [flow.name, flow.inputs]), [
    ['Set up team', { team: { type: 'str', required: true }, seats: { type: null, default: 5, required: false } }],
  ]);
});

test('the text listing: name, file:line, description, inputs and outputs', () => {
  const result = cli(['flows', join(EXAMPLES, 'create_workspace.py')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      'Create workspace  examples/create_workspace.py:19',
      '  Creates a whiteboard workspace with a kick-off board and its first members',
      '  inputs   name: str — workspace name, seats: int = 3 — licensed seats',
      '  outputs  workspace_id: int',
      '',
      '1 flow in 1 file',
      '',
    ].join('\n'),
  );
});

test('flows without a literal name are left out; undeclared inputs are null; the default path is .', () => {
  const dir = tempDir('hero-flows-');
  writeFileSync(
    join(dir, 'f.py'),
    'from hero_tracing import flow\nN = "x"\n@flow(N)\ndef a(inputs): pass\n@flow("Named", inputs={"opt": {"type": "int", "required": False}})\ndef b(inputs): pass\n',
  );
  const result = cli(['flows', '--json'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), [
    { name: 'Named', file: 'f.py', line: 5, inputs: { opt: { type: 'int', required: false } }, outputs: null, description: '' },
  ]);
  assert.match(cli(['flows'], { cwd: dir }).stdout, /opt: int \(optional\)/);
});

test('the analyzer fixtures: malformed fields show as null types, nothing crashes', () => {
  const result = cli(['flows', ANALYZER_FIXTURES, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const flows = JSON.parse(result.stdout) as FlowEntry[];
  assert.ok(!flows.some((flow) => flow.file.endsWith('prefect_style.py')));
  const defaults = flows.find((flow) => flow.name === 'Defaults')!;
  assert.deepEqual(defaults.inputs?.seats, { type: 'int', default: '3', required: false });
  assert.equal(flows.find((flow) => flow.name === 'Bad specs')?.inputs, null, 'a ** spread: the fields are unknowable');
  assert.deepEqual(flows.find((flow) => flow.name === 'Café ☕ 😀')?.inputs, { naïve: { type: 'int', required: true }, größe: { type: null, required: true } });
});

test('bad usage: a path that does not exist is exit 2', () => {
  const result = cli(['flows', 'nowhere']);
  assert.equal(result.status, 2);
  assert.equal(result.stderr, "hero-flows: no such file or directory: 'nowhere'\n");
});
