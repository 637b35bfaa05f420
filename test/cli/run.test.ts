// `hero-flows run` on real flows: a real python3, the real SDK, the real socket and store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, FLOWS, cli, linesContaining, runJson, tempDir } from '../helpers/cli';

test('the seeds\' sample: 3 steps and 6 instrumented calls make a 10-span tree', () => {
  const file = join(EXAMPLES, 'create_workspace.py');
  const { play, code, stderr } = runJson(file, ['--input', 'name=acme']);
  assert.equal(code, 0, stderr);
  assert.equal(play.status, 'ok');
  assert.equal(play.spans.length, 10);
  const byKind = (kind: string) => play.spans.filter((span) => span.kind === kind);
  const [root] = byKind('flow_root');
  assert.ok(root);
  assert.equal(root.parent_id, null);
  assert.equal(play.flow_name, root.name);
  const steps = byKind('step');
  assert.equal(steps.length, 3);
  assert.ok(steps.every((step) => step.parent_id === root.span_id));
  const rpcs = byKind('rpc');
  assert.equal(rpcs.length, 6);
  const stepIds = new Set(steps.map((step) => step.span_id));
  assert.ok(rpcs.every((rpc) => stepIds.has(rpc.parent_id!)));
  // the generated client (examples/clients/whiteboard_client.py) names its spans after the OpenRPC service and method
  assert.deepEqual(
    rpcs.map((rpc) => rpc.name).sort(),
    ['board_create', 'board_share', 'member_add', 'member_add', 'workspace_create', 'workspace_get'].map((m) => `rpc:whiteboard.${m}`),
  );
  assert.ok(play.spans.every((span) => /^[0-9a-f]{16}$/.test(span.span_id) && span.status === 'ok'));
  assert.ok(play.output && typeof play.output === 'object' && 'workspace_id' in play.output);
  assert.equal(play.inputs.name, 'acme');
  // Every step points at its own `with flow.step` line.
  const stepLines = linesContaining(readFileSync(file, 'utf8'), 'flow.step(');
  assert.deepEqual(steps.map((step) => step.source_line).sort((a, b) => a! - b!), stepLines);
  assert.ok(steps.every((step) => step.source_file === file));
});

test('flow.Failed fails the play with its clean reason and exit 1', () => {
  const { play, code } = runJson(join(EXAMPLES, 'failing_flow.py'), ['--input', 'email=ada@example.com']);
  assert.equal(code, 1);
  assert.equal(play.status, 'failed');
  assert.ok(play.error && !play.error.includes('Traceback'), play.error ?? '');
  const failed = play.spans.filter((span) => span.status === 'failed');
  assert.ok(failed.some((span) => span.kind === 'step' && span.error === play.error));
});

test('an exception fails the play with its traceback', () => {
  const { play, code } = runJson(join(EXAMPLES, 'crashing_flow.py'));
  assert.equal(code, 1);
  assert.equal(play.status, 'failed');
  assert.match(play.error!, /Traceback[\s\S]*Error/);
});

test('a file with a syntax error: exit 2 and one line naming the file and line', () => {
  const result = cli(['run', join(FLOWS, 'syntax_error.py'), '--store', tempDir()]);
  assert.equal(result.status, 2);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /syntax_error\.py:6.*SyntaxError/);
});

test('a file with no flow, or several and no --flow, is bad input', () => {
  const none = cli(['run', join(FLOWS, 'no_flow.py'), '--store', tempDir()]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /defines no @flow/);
  const several = cli(['run', join(FLOWS, 'two_flows.py'), '--store', tempDir()]);
  assert.equal(several.status, 2);
  assert.match(several.stderr, /'First'.*'Second'.*--flow/);
});

test('--flow picks a flow by name; an unknown name lists the ones there', () => {
  const { play, code } = runJson(join(FLOWS, 'two_flows.py'), ['--flow', 'Second']);
  assert.equal(code, 0);
  assert.equal(play.output, 'second');
  const unknown = cli(['run', join(FLOWS, 'two_flows.py'), '--flow', 'Third', '--store', tempDir()]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no flow named 'Third'.*'First', 'Second'/);
});

test('--input values convert by the declared type, defaults fill the rest', () => {
  const { play, code, stderr } = runJson(join(FLOWS, 'typed_inputs.py'), ['--input', 'n=3', '--input', 'flag=true', '--input', 'labels=["a","b"]']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(play.output, { n: 3, ratio: 0.5, flag: true, labels: ['a', 'b'], name: 'anon' });
  const json = runJson(join(FLOWS, 'typed_inputs.py'), ['--inputs', '{"n": 4, "ratio": 2}']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(json.play.output, { n: 4, ratio: 2, flag: false, labels: [], name: 'anon' });
});

test('inputs that do not convert, unknown or missing inputs: exit 2 naming the field', () => {
  const cases: [string[], RegExp][] = [
    [['--input', 'n=abc'], /'n'.*int.*'abc'/],
    [['--input', 'n=1', '--input', 'sets=2'], /unknown input 'sets'/],
    [[], /missing required input 'n'/],
    [['--inputs', '{"n": "three"}'], /'n'.*int/],
    [['--inputs', '{not json'], /--inputs is not valid JSON/],
    [['--input', 'novalue'], /KEY=VALUE/],
  ];
  for (const [args, message] of cases) {
    const result = cli(['run', join(FLOWS, 'typed_inputs.py'), '--store', tempDir(), ...args]);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  const rejected = runJson(join(FLOWS, 'typed_inputs.py'), ['--input', 'n=abc']);
  assert.equal(rejected.play.flow_name, 'Typed', 'a play rejected for its inputs still names its flow');
  assert.equal(rejected.play.status, 'failed');
});

test('a flow that prints megabytes: captured without loss in the store, bounded in the play', () => {
  const { play, code, store } = runJson(join(FLOWS, 'loud.py'));
  assert.equal(code, 0);
  assert.equal(play.status, 'ok');
  assert.ok(play.stdout.length <= 1.1 * 1024 * 1024, `play.stdout is ${play.stdout.length} chars`);
  assert.match(play.stdout, /earlier bytes omitted/);
  assert.equal(statSync(join(store, 'plays', play.id, 'stdout.log')).size, 5_000_000);
  assert.match(play.stderr, /done shouting/);
});

test('a flow that hangs times out: exit 124, open spans cancelled, finished ones kept', () => {
  const { play, code } = runJson(join(FLOWS, 'hangs.py'), ['--timeout', '5']);
  assert.equal(code, 124);
  assert.equal(play.status, 'timed_out');
  const byName = new Map(play.spans.map((span) => [span.name, span]));
  assert.equal(byName.get('before')!.status, 'ok');
  assert.equal(byName.get('forever')!.status, 'cancelled');
  assert.equal(byName.get('Hangs')!.status, 'cancelled');
});

test('a flow killed by a signal fails and says which signal', () => {
  const { play, code } = runJson(join(FLOWS, 'killed.py'));
  assert.equal(code, 1);
  assert.equal(play.status, 'failed');
  assert.equal(play.exit_signal, 'SIGKILL');
  assert.match(play.error!, /killed by SIGKILL/);
  const byName = new Map(play.spans.map((span) => [span.name, span]));
  assert.equal(byName.get('fine')!.status, 'ok');
  assert.equal(byName.get('doomed')!.status, 'failed');
  assert.match(byName.get('doomed')!.error!, /did not finish/);
});

test('a broken event stream: every bad line skipped and counted, every valid event kept', () => {
  const { play, code, stderr } = runJson(join(FLOWS, 'garbage_writer.py'));
  assert.equal(code, 0, stderr);
  assert.equal(play.output, 'survived');
  assert.equal(play.stats.oversized_lines, 1);
  assert.ok(play.stats.invalid_json >= 3, JSON.stringify(play.stats)); // malformed, binary, truncated
  assert.equal(play.stats.unknown_types, 1);
  assert.equal(play.stats.unknown_statuses, 1);
  assert.equal(play.stats.spans_without_start, 1);
  const byName = new Map(play.spans.map((span) => [span.name, span]));
  const external = byName.get('external')!;
  assert.equal(external.status, 'failed', 'an unknown status is never ok');
  assert.deepEqual(external.tags, { ok: true });
  assert.equal(play.spans.filter((span) => span.span_id === 'e0').length, 1, 'the duplicate start did not add a span');
  assert.equal(byName.get('after garbage')!.status, 'ok');
  assert.equal(play.spans.find((span) => span.span_id === 'ghost')!.missing_start, true);
});

test('an unwritable store: exit 2 with a clear message, nothing run', () => {
  const base = tempDir();
  writeFileSync(join(base, 'file'), '');
  const result = cli(['run', join(FLOWS, 'empty_flow.py'), '--store', join(base, 'file', 'store')]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot write to the play store/);
});

test('a Python interpreter that does not exist: exit 2 saying so', () => {
  const result = cli(['run', join(FLOWS, 'empty_flow.py'), '--store', tempDir(), '--python', '/nonexistent/python3']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /could not start the Python interpreter '\/nonexistent\/python3'/);
});

test('bad usage: unknown command, missing file, bad timeout', () => {
  assert.equal(cli(['dance']).status, 2);
  assert.match(cli(['run', 'missing.py']).stderr, /no such file: missing\.py/);
  assert.equal(cli(['run', join(FLOWS, 'empty_flow.py'), '--timeout', 'soon']).status, 2);
});
