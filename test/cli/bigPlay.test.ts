// A play bigger than what the runtime keeps live (the first 10,000 spans, the open ones, failures:
// runtime/src/playBuilder.ts's retention): `run --json` still prints every span (spec §6), read back
// from the store's trace; the terminal report draws what was kept and says where the rest is.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, cli, runJson, tempDir } from '../helpers/cli';

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

// On a terminal (a pseudo-terminal from util-linux's `script`) the live tree draws the play as it
// runs, holding only its latest spans (cli/src/render/recentSpans.ts), and the play ends as usual.
test('the live tree on a terminal draws a big play to its end', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script is not installed' }, () => {
  const command = `stty rows 30 cols 100; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run ${JSON.stringify(flowFile)} --store ${JSON.stringify(tempDir())}`;
  const result = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout.slice(-2000));
  assert.match(result.stdout, /more lines above/, 'a live frame clipped to the screen');
  assert.match(result.stdout, new RegExp(`${STEPS + 1} spans`));
});
