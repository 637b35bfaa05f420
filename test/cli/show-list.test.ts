// `hero-flows show` and `list`: stored plays and raw trace files tell the same story as `run`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import type { PlaySummary } from '../../runtime/src/store';
import { EXAMPLES, FLOWS, ROOT, cli, runJson, tempDir } from '../helpers/cli';

const SEED = join(ROOT, 'test', 'fixtures', 'traces', 'seed-example.jsonl');

test('show of a stored play, by id or prefix, matches what run printed', () => {
  const ran = runJson(join(EXAMPLES, 'create_workspace.py'), ['--input', 'name=show']);
  const shown = cli(['show', ran.play.id, '--store', ran.store, '--json']);
  assert.equal(shown.status, 0, shown.stderr);
  const play = JSON.parse(shown.stdout) as Play;
  assert.deepEqual(play, ran.play);
  const byPrefix = cli(['show', ran.play.id.slice(0, 18), '--store', ran.store, '--json']);
  assert.deepEqual(JSON.parse(byPrefix.stdout), ran.play);
});

test('show of a stored play\'s raw trace file re-materialises the same spans', () => {
  const ran = runJson(join(EXAMPLES, 'failing_flow.py'), ['--input', 'email=ada@example.com']);
  const trace = join(ran.store, 'plays', ran.play.id, 'trace.jsonl');
  const play = JSON.parse(cli(['show', trace, '--json']).stdout) as Play;
  assert.deepEqual(play.spans, ran.play.spans);
  assert.equal(play.status, 'failed');
  assert.equal(play.error, ran.play.error);
  assert.equal(play.flow_name, ran.play.flow_name);
});

test('show of the seed\'s example lines prints the tree', () => {
  const text = cli(['show', SEED]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /create/);
  assert.match(text.stdout, /└─ ✔ rpc:hero_whiteboard\.workspace_create 40 ms/);
  const play = JSON.parse(cli(['show', SEED, '--json']).stdout) as Play;
  assert.equal(play.spans.length, 2);
  assert.deepEqual(play.spans[1]!.tags, { attempt: 1, workspace_id: 3 });
});

test('show of an unknown id or a non-trace file: clear message or counted skips', () => {
  const missing = cli(['show', 'no-such-play', '--store', tempDir()]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no play 'no-such-play'/);
  const foreign = cli(['show', join(ROOT, 'package.json'), '--json']);
  assert.equal(foreign.status, 0);
  const play = JSON.parse(foreign.stdout) as Play;
  assert.equal(play.spans.length, 0);
  assert.ok(play.stats.invalid_json > 0, 'a file from somewhere else is reported as skipped lines');
  assert.match(cli(['show', join(ROOT, 'package.json')]).stdout, /skipped \d+ bad lines/);
});

test('list shows stored plays newest first, with --json', () => {
  const store = tempDir();
  const first = runJson(join(FLOWS, 'empty_flow.py'), [], store).play;
  const second = runJson(join(EXAMPLES, 'failing_flow.py'), ['--input', 'email=ada@example.com'], store).play;
  const listed = JSON.parse(cli(['list', '--store', store, '--json']).stdout) as PlaySummary[];
  assert.deepEqual(listed.map((play) => play.id), [second.id, first.id]);
  assert.deepEqual(listed.map((play) => play.status), ['failed', 'ok']);
  const text = cli(['list', '--store', store]).stdout;
  assert.match(text, /PLAY\s+STATUS\s+FLOW/);
  assert.ok(text.indexOf(second.id) < text.indexOf(first.id));
});

test('the store defaults to .hero in the current directory and ignores itself', () => {
  const cwd = tempDir();
  const result = cli(['run', join(FLOWS, 'empty_flow.py'), '--json'], { cwd, env: { HERO_FLOWS_STORE: '' } });
  assert.equal(result.status, 0, result.stderr);
  const listed = JSON.parse(cli(['list', '--json'], { cwd, env: { HERO_FLOWS_STORE: '' } }).stdout) as PlaySummary[];
  assert.equal(listed.length, 1);
});
