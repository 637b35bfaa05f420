// An untrusted workspace: nothing reads its plays or traces before trust is granted. The Plays
// view's store access (trustedStore.ts) and the trace panels' gate (trust.ts) get the editor's trust
// state passed in — here a stand-in whose trust is granted by the test — and a real store on disk.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { PlayStore, newPlayId, summaryOf } from '../../runtime/src/store';
import { emptyPlay } from '../../runtime/src/playOutcome';
import { TrustedStore } from '../../client/src/plays/trustedStore';
import { afterTrust, PLAYS_AWAIT_TRUST, traceReadGate, TRACES_AWAIT_TRUST, type WorkspaceTrust } from '../../client/src/trust';
import { realPathOnDisk } from '../../client/src/trace/sourcePath';
import { ROOT, tempDir } from '../helpers/cli';
import { editorTrust } from '../helpers/editorTrust';

/** A workspace with a committed `.hero/`: one finished play and one whose runtime died (reading settles it, which writes). */
function workspaceWithStore() {
  const ws = tempDir('hero-untrusted-');
  const store = new PlayStore(join(ws, '.hero'));
  const done = emptyPlay(newPlayId(new Date(Date.UTC(2026, 0, 1))), Date.UTC(2026, 0, 1));
  const recorder = store.begin(done);
  done.status = 'ok';
  done.end_ms = done.start_ms + 5;
  recorder.finish(done);
  const orphan = emptyPlay(newPlayId(new Date(Date.UTC(2026, 0, 2))), Date.UTC(2026, 0, 2));
  store.begin(orphan);
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
  store.writeMeta(orphan, deadPid);
  store.appendIndex(summaryOf(orphan, 0, deadPid));
  const snapshot = () => [readFileSync(join(store.root, 'index.jsonl'), 'utf8'), readFileSync(join(store.playDir(orphan.id), 'play.json'), 'utf8')];
  return { ws, store, done, orphan, snapshot };
}

test('before trust the Plays view lists nothing and never opens the store; once trust is granted its plays appear', async () => {
  const { ws, done, orphan, snapshot } = workspaceWithStore();
  const before = snapshot();
  const trust = editorTrust();
  const opened: string[] = [];
  const access = new TrustedStore(trust, () => join(ws, '.hero'), (dir) => {
    opened.push(dir);
    return new PlayStore(dir);
  });
  let granted = 0;
  access.onDidBecomeTrusted(() => granted++);

  assert.deepEqual(await access.list(), { plays: [], skippedLines: 0 });
  assert.throws(() => access.store(), new RegExp(PLAYS_AWAIT_TRUST.replace('.', '\\.')));
  assert.deepEqual(opened, [], 'the store was not opened');
  assert.deepEqual(snapshot(), before, 'nothing in the store was read into a settle or written');

  trust.grant();
  assert.equal(granted, 1);
  const { plays } = await access.list();
  assert.deepEqual(plays.map((p) => [p.id, p.status]), [[orphan.id, 'interrupted'], [done.id, 'ok']]);
  assert.deepEqual(opened, [join(ws, '.hero')]);
  assert.equal(access.store().root, join(ws, '.hero'));
});

test('trace panels: a stored play waits for trust, a trace file inside the workspace (also through a link) waits, one the user picks from elsewhere opens', () => {
  const root = tempDir('hero-untrusted-');
  const ws = join(root, 'ws');
  const elsewhere = join(root, 'downloads');
  mkdirSync(ws);
  mkdirSync(elsewhere);
  writeFileSync(join(ws, 'shared.jsonl'), '');
  writeFileSync(join(elsewhere, 'sent-to-me.jsonl'), '');
  symlinkSync(join(ws, 'shared.jsonl'), join(elsewhere, 'link-into-ws.jsonl'));
  const folders = [realPathOnDisk(ws)!];
  const untrusted = editorTrust();
  const gate = (source: Parameters<typeof traceReadGate>[0], trust: WorkspaceTrust = untrusted) => traceReadGate(source, trust, folders, realPathOnDisk);

  assert.deepEqual(gate({ kind: 'play', store: join(ws, '.hero'), playId: newPlayId() }), { allowed: false, message: TRACES_AWAIT_TRUST });
  assert.deepEqual(gate({ kind: 'file', path: join(ws, 'shared.jsonl') }), { allowed: false, message: TRACES_AWAIT_TRUST });
  assert.deepEqual(gate({ kind: 'file', path: join(elsewhere, 'link-into-ws.jsonl') }), { allowed: false, message: TRACES_AWAIT_TRUST });
  assert.deepEqual(gate({ kind: 'file', path: join(elsewhere, 'sent-to-me.jsonl') }), { allowed: true });
  const trusted = editorTrust(true);
  assert.deepEqual(gate({ kind: 'play', store: join(ws, '.hero'), playId: newPlayId() }, trusted), { allowed: true });
  assert.deepEqual(gate({ kind: 'file', path: join(ws, 'shared.jsonl') }, trusted), { allowed: true });
  // A play named by a webview message or a saved state: a full id only, trusted or not.
  for (const playId of ['../../victim', '2026', '/etc/passwd', '']) {
    assert.match(JSON.stringify(gate({ kind: 'play', store: join(ws, '.hero'), playId }, trusted)), /is not a play id/, playId);
  }
});

test('a revived panel waits for trust: it loads once trust is granted, and stops waiting when it is closed', async () => {
  assert.equal(await afterTrust(editorTrust(true)), true, 'trusted: at once');
  const trust = editorTrust();
  const waiting = afterTrust(trust);
  let settled = false;
  void waiting.then(() => (settled = true));
  await Promise.resolve();
  assert.equal(settled, false);
  trust.grant();
  assert.equal(await waiting, true);

  let close: () => void = () => assert.fail('not registered');
  const closed = afterTrust(editorTrust(), (stop) => (close = stop));
  close();
  assert.equal(await closed, false);
});

test('the Plays view of an untrusted workspace says its plays are listed once it is trusted', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const welcome = manifest.contributes.viewsWelcome.filter((entry: { view: string }) => entry.view === 'heroFlows.plays');
  const untrusted = welcome.find((entry: { when?: string }) => entry.when === '!isWorkspaceTrusted');
  assert.ok(untrusted?.contents.startsWith(PLAYS_AWAIT_TRUST), JSON.stringify(welcome));
  assert.ok(welcome.filter((entry: { when?: string }) => entry.when !== '!isWorkspaceTrusted').every((entry: { when?: string }) => entry.when === 'isWorkspaceTrusted'), 'the "No plays yet" welcome only when trusted');
});
