// A play bigger than what the runtime keeps live (the first 10,000 spans, the open ones, failures:
// runtime/src/playBuilder.ts's retention): `run --json` still prints every span (spec §6), read back
// from the store's trace; the terminal report draws what was kept and says where the rest is.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, runJson, tempDir } from '../helpers/cli';

const STEPS = 10_500;
const dir = tempDir('hero-big-play-');
const flowFile = join(dir, 'many_steps.py');
writeFileSync(flowFile, [
  'from hero_tracing import flow',
  '',
  '@flow("Many steps")',
  'def many_steps(inputs):',
  `    for i in range(${STEPS}):`,
  '        with flow.step(f"s{i}"):',
  '            pass',
  '    return {"n": ' + STEPS + '}',
  '',
].join('\n'));

test(`run --json of a ${STEPS + 1}-span play prints every span; the report names the ones it does not draw`, () => {
  const { play, code, stderr, store } = runJson(flowFile);
  assert.equal(code, 0, stderr);
  assert.equal(play.status, 'ok');
  assert.equal(play.spans.length, STEPS + 1);
  assert.equal(new Set(play.spans.map((span) => span.name)).size, STEPS + 1);
  assert.ok(play.spans.every((span) => span.status === 'ok'));

  const report = cli(['run', flowFile, '--store', store]);
  assert.equal(report.status, 0, report.stderr);
  const omitted = /… (\d+) more ended spans are in the play's trace: hero-flows show (\S+)/.exec(report.stdout);
  assert.ok(omitted, report.stdout.slice(-500));
  const drawn = report.stdout.split('\n').filter((line) => /\bs\d+\b/.test(line)).length;
  assert.equal(drawn + Number(omitted[1]), STEPS, 'every step either drawn or counted');
  const shown = cli(['show', omitted[2]!, '--json', '--store', store]);
  assert.equal((JSON.parse(shown.stdout) as { spans: unknown[] }).spans.length, STEPS + 1);
});
