// Jump to source decides on real files and real paths: relative paths resolve against the play's
// workspace, links out of the workspace are refused, odd but valid names are accepted, and URIs are
// said to be what they are.

import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveSourcePath, type SourceResolution } from '../../client/src/trace/sourcePath';
import { tempDir } from '../helpers/cli';

function message(result: SourceResolution): string {
  return result.ok ? `(opened ${result.path})` : result.message;
}

function workspaces() {
  const root = tempDir();
  const ws = join(root, 'ws');
  const other = join(root, 'other');
  mkdirSync(join(ws, 'flows'), { recursive: true });
  mkdirSync(other, { recursive: true });
  writeFileSync(join(ws, 'flows', 'a.py'), 'x = 1\n');
  writeFileSync(join(other, 'b.py'), 'y = 2\n');
  return { root, ws, other };
}

test('relative paths resolve against the play workspace (else the first folder); outside or missing gives a message', () => {
  const { root, ws, other } = workspaces();
  assert.deepEqual(resolveSourcePath('flows/a.py', ws, [ws]), { ok: true, path: join(ws, 'flows', 'a.py') });
  assert.deepEqual(resolveSourcePath(join(ws, 'flows', 'a.py'), null, [ws]), { ok: true, path: join(ws, 'flows', 'a.py') });
  assert.deepEqual(resolveSourcePath('flows/a.py', null, [ws, other]), { ok: true, path: join(ws, 'flows', 'a.py') });
  assert.equal(resolveSourcePath(join(other, 'b.py'), ws, [ws, other]).ok, true, 'a second workspace folder is inside too');

  assert.match(message(resolveSourcePath(join(other, 'b.py'), ws, [ws])), /outside the workspace/);
  assert.match(message(resolveSourcePath('../other/b.py', ws, [ws])), /outside the workspace/);
  mkdirSync(join(root, 'ws-evil'));
  writeFileSync(join(root, 'ws-evil', 'c.py'), '');
  assert.match(message(resolveSourcePath(join(root, 'ws-evil', 'c.py'), ws, [ws])), /outside the workspace/);
  assert.match(message(resolveSourcePath('flows/gone.py', ws, [ws])), /does not exist/);
  assert.match(message(resolveSourcePath('flows/a.py', null, [])), /no workspace/);
  assert.equal(resolveSourcePath('', ws, [ws]).ok, false);
});

test('a link inside the workspace that points outside is refused, by its real path; a link that stays inside is fine', () => {
  const { ws, other } = workspaces();
  symlinkSync(join(other, 'b.py'), join(ws, 'flows', 'escape.py'));
  symlinkSync(other, join(ws, 'linked-dir'));
  symlinkSync(join(ws, 'flows', 'a.py'), join(ws, 'alias.py'));
  assert.match(message(resolveSourcePath('flows/escape.py', ws, [ws])), new RegExp(`escape\\.py: it is a symbolic link to ${join(other, 'b.py')}, outside the workspace`));
  assert.match(message(resolveSourcePath('linked-dir/b.py', ws, [ws])), /symbolic link to .*other.*outside the workspace/);
  assert.deepEqual(resolveSourcePath('alias.py', ws, [ws]), { ok: true, path: join(ws, 'alias.py') });
  // The workspace itself opened through a link: its files are inside.
  const linkedWs = join(other, 'ws-link');
  symlinkSync(ws, linkedWs);
  assert.deepEqual(resolveSourcePath('flows/a.py', linkedWs, [linkedWs]), { ok: true, path: join(linkedWs, 'flows', 'a.py') });
  assert.equal(resolveSourcePath(join(ws, 'flows', 'a.py'), null, [linkedWs]).ok, true, 'a real path into a linked folder is inside');
});

test('names that start with two dots are names: ..hidden.py opens', () => {
  const { ws } = workspaces();
  writeFileSync(join(ws, '..hidden.py'), '');
  writeFileSync(join(ws, 'flows', '...py'), '');
  assert.deepEqual(resolveSourcePath('..hidden.py', ws, [ws]), { ok: true, path: join(ws, '..hidden.py') });
  assert.deepEqual(resolveSourcePath(join(ws, '..hidden.py'), null, [ws]), { ok: true, path: join(ws, '..hidden.py') });
  assert.deepEqual(resolveSourcePath('flows/...py', ws, [ws]), { ok: true, path: join(ws, 'flows', '...py') });
});

test('file:// and vscode:// values say "not a file path" instead of opening a mangled path', () => {
  const { ws } = workspaces();
  for (const uri of [`file://${join(ws, 'flows', 'a.py')}`, 'vscode://ms-python.python/run', 'https://example.com/a.py', 'untitled:Untitled-1', 'flows/a.py\0.txt']) {
    assert.match(message(resolveSourcePath(uri, ws, [ws])), /is not a file path/, uri);
  }
});
