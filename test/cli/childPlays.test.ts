// Child plays on the command line: `run` points at the child play from the subflow span, `list`
// shows each child's parent, `show` of a child names its parent. The built CLI on examples/onboarding.py.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { PlaySummary } from '../../runtime/src/store';
import { EXAMPLES, cli, runJson, tempDir } from '../helpers/cli';

test('run, list and show of a play with a child play', () => {
  const store = tempDir();
  const text = cli(['run', join(EXAMPLES, 'onboarding.py'), '--store', store]);
  assert.equal(text.status, 0, text.stderr);
  const listed = JSON.parse(cli(['list', '--store', store, '--json']).stdout) as PlaySummary[];
  assert.deepEqual(listed.map((play) => play.flow_name), ['Invite team', 'Onboard team'], 'newest first: the child started after its parent');
  const [child, parent] = listed as [PlaySummary, PlaySummary];
  assert.deepEqual([child.parent_play_id, parent.parent_play_id], [parent.id, null]);

  assert.match(text.stdout, new RegExp(`\\n   └─ ✔ Invite team → child play ${child.id} [\\d.]+ m?s\\n`));
  assert.match(text.stdout, /├─ ✔ set up workspace [^\n]*\n│  └─ ✔ Create workspace [\d.]+ m?s\n/, 'an in-process invoke: no child play');
  assert.match(text.stdout, /output \{"workspace_id":1,"invited":2\}/);

  const table = cli(['list', '--store', store]).stdout.split('\n');
  assert.match(table[0]!, /^ {2}PLAY +STATUS +FLOW +DURATION +STARTED +PARENT$/);
  const cells = (row: string) => row.trim().split(/ {2,}/);
  assert.deepEqual([cells(table[1]!).length, cells(table[1]!)[0], cells(table[1]!)[5]], [6, `✔ ${child.id}`, parent.id]);
  assert.deepEqual([cells(table[2]!).length, cells(table[2]!)[0]], [5, `✔ ${parent.id}`], 'no parent: an empty cell');

  const shown = cli(['show', child.id, '--store', store]);
  assert.match(shown.stdout, new RegExp(`\\n  child play of ${parent.id}\\n`));
});

test('list has no PARENT column when no play is a child play', () => {
  const { store } = runJson(join(EXAMPLES, 'create_workspace.py'), ['--input', 'name=solo']);
  assert.doesNotMatch(cli(['list', '--store', store]).stdout, /PARENT/);
});
