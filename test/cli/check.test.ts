// `hero-flows check` (the built CLI): spec §6's line format and --json shape, exit codes 0/1/2,
// and examples/ clean but for the two deliberate mistakes of examples/with_mistakes.py.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckEntry } from '../../cli/src/commands/check';
import { ANALYZER_FIXTURES, fixtureText, rangeOfText } from '../helpers/analyzer';
import { EXAMPLES, cli, tempDir } from '../helpers/cli';

const LINE = /^(?<file>[^:]+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning|information|hint) (?<code>[a-z-]+) (?<message>.+)$/;

test('examples/ is clean but for with_mistakes.py: exactly its two mistakes, exit 1', () => {
  const json = cli(['check', EXAMPLES, '--json']);
  assert.equal(json.status, 1, json.stdout + json.stderr);
  const entries = JSON.parse(json.stdout) as CheckEntry[];
  const text = readFileSync(join(EXAMPLES, 'with_mistakes.py'), 'utf8');
  const at = (needle: string) => {
    const range = rangeOfText(text, needle);
    return { line: range.start.line + 1, column: range.start.character + 1, end_line: range.end.line + 1, end_column: range.end.character + 1 };
  };
  assert.deepEqual(entries.map(({ message: _message, ...entry }) => entry), [
    { file: 'examples/with_mistakes.py', ...at('"integr"'), severity: 'error', code: 'flow-fields-invalid' },
    { file: 'examples/with_mistakes.py', ...at('"Create worksapce"'), severity: 'error', code: 'invoke-unknown-flow' },
  ]);
  assert.match(entries[1]!.message, /did you mean 'Create workspace'\?/);
  const summary = cli(['check', EXAMPLES]);
  assert.equal(summary.status, 1);
  assert.match(summary.stdout, /\n✖ 2 errors in 1 of \d+ files\n$/);
});

test('errors: one `file:line:col: severity code message` line each, a summary, exit 1', () => {
  const result = cli(['check', ANALYZER_FIXTURES]);
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  const summary = lines.pop()!;
  assert.ok(lines.length > 40);
  for (const line of lines) assert.match(line, LINE);
  assert.match(summary, /^✖ \d+ errors, \d+ warnings, \d+ hints? in \d+ of 12 files$/);
  const stpe = lines.find((line) => line.includes('steps_and_api.py') && line.includes('flow.stpe'));
  const range = rangeOfText(fixtureText('steps_and_api.py'), 'stpe');
  assert.equal(stpe, `test/fixtures/analyzer/steps_and_api.py:${range.start.line + 1}:${range.start.character + 1}: error flow-unknown-api the SDK has no flow.stpe; did you mean flow.step?`);
  assert.ok(!lines.some((line) => line.includes('prefect_style.py') || line.includes('valid_flows.py')));
});

test('--json: a list of {file, line, column, end_line, end_column, severity, code, message}, 1-based', () => {
  const result = cli(['check', join(ANALYZER_FIXTURES, 'unicode.py'), '--json']);
  assert.equal(result.status, 1);
  const entries = JSON.parse(result.stdout) as CheckEntry[];
  for (const entry of entries) {
    assert.deepEqual(Object.keys(entry), ['file', 'line', 'column', 'end_line', 'end_column', 'severity', 'code', 'message']);
  }
  assert.deepEqual(entries[0], {
    file: 'test/fixtures/analyzer/unicode.py',
    line: 4,
    column: 60,
    end_line: 4,
    end_column: 66,
    severity: 'error',
    code: 'flow-fields-invalid',
    message: "unknown type 'strr' for input 'größe'; did you mean 'str'? (types: str, int, float, bool, list, dict, any)",
  });
  assert.deepEqual(entries.map((e) => e.code), ['flow-fields-invalid', 'flow-step-duplicate', 'flow-unknown-api']);
});

test('warnings and hints alone exit 0', () => {
  const dir = tempDir('hero-check-');
  writeFileSync(join(dir, 'warn.py'), 'from hero_tracing import flow\n@flow("W")\ndef run(inputs):\n    with flow.step("a"):\n        pass\n    with flow.step("a"):\n        flow.invoke(inputs["t"])\n');
  const result = cli(['check', dir, '--json']);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual((JSON.parse(result.stdout) as CheckEntry[]).map((e) => [e.severity, e.code]), [
    ['warning', 'flow-step-duplicate'],
    ['hint', 'invoke-target-not-literal'],
  ]);
  const text = cli(['check', dir]);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /⚠ 1 warning, 1 hint in 1 of 1 file\n$/);
});

test('the flow library is the files given: an invoke resolves only against them', () => {
  const dir = tempDir('hero-check-');
  for (const name of ['invokes_target.py', 'invokes_caller.py']) copyFileSync(join(ANALYZER_FIXTURES, name), join(dir, name));
  const both = JSON.parse(cli(['check', dir, '--json']).stdout) as CheckEntry[];
  const alone = JSON.parse(cli(['check', join(dir, 'invokes_caller.py'), '--json']).stdout) as CheckEntry[];
  const unknownFlows = (entries: CheckEntry[]) => entries.filter((e) => e.code === 'invoke-unknown-flow').length;
  assert.equal(unknownFlows(both), 2);
  assert.ok(unknownFlows(alone) > unknownFlows(both));
});

test('runs from any directory: paths relative to it, the bundled grammar found next to dist/cli.js', () => {
  const dir = tempDir('hero-check-');
  copyFileSync(join(ANALYZER_FIXTURES, 'alias_import.py'), join(dir, 'alias.py'));
  const result = cli(['check'], { cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /^alias\.py:8:7: error flow-unknown-api the SDK has no f\.stpe; did you mean f\.step\?\n/);
  const same = cli(['check', '.', 'alias.py'], { cwd: dir });
  assert.equal(same.stdout, result.stdout, 'a file reached twice is checked once');
});

test('bad usage: a path that does not exist, an unknown option — exit 2, the reason in one line on stderr (then, for an option, the usage)', () => {
  const missing = cli(['check', 'no/such/dir']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, "hero-flows: no such file or directory: 'no/such/dir'\n");
  assert.equal(missing.stdout, '');
  const option = cli(['check', '--bogus']);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /^hero-flows: [^\n]*--bogus[^\n]*\nusage: hero-flows check /);
});
