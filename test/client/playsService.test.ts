// The plays service (client/src/plays/playsService.ts) is the client's one door to plays: the only
// file that opens a PlayStore, and the only room that imports the store, so no command, view, runner
// or panel reads or writes a store around it (and past its trust gate). Then the door itself, with
// a real store and a real play: nothing read before trust, a live play as it runs, then as stored;
// and the trace panels on a real running play, which show the service's one live state.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { PlaysService } from '../../client/src/plays/playsService';
import { PanelPlay } from '../../client/src/trace/panelPlay';
import { applyPlayStatus, applySpans, livePlay, type LivePlay } from '../../common/src/livePlay';
import type { Play, Span } from '../../common/src/play';
import { PLAYS_AWAIT_TRUST } from '../../client/src/trust';
import { EXAMPLES, FLOWS, ROOT, tempDir, waitFor } from '../helpers/cli';
import { editorTrust } from '../helpers/editorTrust';

const CLIENT = join(ROOT, 'client', 'src');
const PLAYS_ROOM = join(CLIENT, 'plays');
const STORE_MODULE = join(ROOT, 'runtime', 'src', 'store');

function clientSources(): { path: string; text: string }[] {
  return readdirSync(CLIENT, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ path: join(CLIENT, name), text: readFileSync(join(CLIENT, name), 'utf8') }));
}

/** The relative modules a file imports (`import … from '…'`, `export … from '…'`, `import('…')`), resolved. */
function importedModules(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.[^'"]*)['"]/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(path), specifier).replace(/\.ts$/, ''));
}

test('exactly one client file opens a PlayStore: the plays service', () => {
  const sources = clientSources();
  assert.ok(sources.length > 30, `read the client's sources (${sources.length})`);
  const opening = sources.filter(({ text }) => text.includes('new PlayStore(')).map(({ path }) => relative(ROOT, path));
  assert.deepEqual(opening, [join('client', 'src', 'plays', 'playsService.ts')]);
});

test('no client file outside client/src/plays/ imports the store module (they ask the plays service)', () => {
  const outside = clientSources()
    .filter(({ path }) => !path.startsWith(PLAYS_ROOM + '/'))
    .filter(({ path, text }) => importedModules(path, text).includes(STORE_MODULE))
    .map(({ path }) => relative(ROOT, path));
  assert.deepEqual(outside, []);
  const inside = clientSources().filter(({ path, text }) => path.startsWith(PLAYS_ROOM + '/') && importedModules(path, text).includes(STORE_MODULE));
  assert.ok(inside.length > 0, 'the scan recognises an import of the store (the plays room has some)');
});

test('the service: nothing read before trust; a play run through it is live while it runs, then stored where the location says', async () => {
  const ws = tempDir('hero-plays-service-');
  let location = join(ws, '.hero');
  const trust = editorTrust();
  const plays = new PlaysService(() => location, trust);
  try {
    assert.deepEqual(await plays.stored(), { plays: [], skippedLines: 0 });
    assert.throws(() => plays.store(), (error: Error) => error.message === PLAYS_AWAIT_TRUST);
    assert.equal(existsSync(location), false, 'the store was not touched before trust');

    let trusted = 0;
    plays.onDidBecomeTrusted(() => trusted++);
    trust.grant();
    assert.equal(trusted, 1);

    const changed = new Set<string>();
    const carried: Span[] = [];
    let ended: LivePlay | undefined;
    plays.onDidChange((change) => {
      changed.add(change.playId);
      // Each change carries the update as the service's state took it: its own span objects.
      if (change.type === 'applied' && change.event.type === 'spans_changed') {
        for (const span of change.event.spans) assert.equal(span, plays.livePlay(change.playId)!.spans.get(span.span_id));
        carried.push(...change.event.spans);
      }
      if (change.type === 'ended') ended = change.state;
    });
    const run = plays.run({ file: join(EXAMPLES, 'create_workspace.py'), flow: 'Create workspace', inputs: { name: 'acme', seats: 2 }, python: 'python3', timeoutMs: null, cwd: EXAMPLES, workspace: EXAMPLES });
    assert.equal(plays.runningCount, 1);
    assert.equal(plays.running(run.id), run);
    assert.deepEqual(plays.runningSummaries().map((summary) => [summary.id, summary.status]), [[run.id, 'running']]);
    const live = await plays.load(location, run.id);
    assert.equal(live.status, 'running', 'a play this window runs loads live');
    assert.equal(plays.livePlay(run.id)!.play.id, run.id);

    const outcome = await run.done;
    assert.equal(outcome.play.status, 'ok', outcome.play.error ?? '');
    await waitFor('the play to leave the running list', () => plays.runningCount === 0);
    assert.ok(changed.has(run.id));
    assert.ok(carried.length > 0, 'spans came with the changes');
    assert.equal(ended?.play.status, 'ok', 'the end carries the final play');
    assert.deepEqual(new Set(carried.map((span) => span.span_id)), new Set(ended.spans.keys()));
    assert.equal(plays.running(run.id), undefined);
    assert.equal(plays.livePlay(run.id), undefined);
    assert.deepEqual(plays.runningSummaries(), []);

    const stored = await plays.load(location, run.id);
    assert.equal(stored.status, 'ok', 'a finished play loads from the store');
    assert.deepEqual((await plays.stored()).plays.map((summary) => summary.id), [run.id]);
    assert.equal(plays.store().root, location);

    location = join(ws, 'elsewhere');
    assert.equal(plays.storeDir, location, 'the location is asked each time (a setting can move the store)');
    assert.deepEqual((await plays.stored()).plays, []);
  } finally {
    plays.dispose();
  }
});

/** A trace panel's webview, as far as its spans go: loaded by the panel's load messages, then fed its changes (the webview's reducer). */
function panelOn(plays: PlaysService, loaded: Play) {
  const webview: { state?: LivePlay } = {};
  const shown = new PanelPlay(plays, loaded, true, (message) => {
    if (!webview.state) return; // before its load the webview drops changes
    if (message.type === 'spans') applySpans(webview.state.spans, message.spans);
    if (message.type === 'playStatus') webview.state.play = applyPlayStatus(webview.state.play, message);
  });
  const load = () => {
    for (const message of shown.loadMessages()) {
      if (message.type === 'play') webview.state = livePlay(message.play);
      if (message.type === 'playChunk') applySpans(webview.state!.spans, message.spans);
    }
  };
  load(); // the webview's `ready`
  return { shown, webview, reload: load };
}

const spansOf = (state: LivePlay | undefined) => [...(state?.spans.values() ?? [])];

test('a panel opened before the play started and one opened mid-play show the spans the service holds, while it runs and once it ended', async () => {
  const ws = tempDir('hero-plays-panels-');
  const store = join(ws, '.hero');
  const release = join(ws, 'release');
  const plays = new PlaysService(() => store, editorTrust(true));
  try {
    const run = plays.run({ file: join(FLOWS, 'waits_for_file.py'), flow: 'Waits for file', inputs: { path: release }, python: 'python3', timeoutMs: null, cwd: FLOWS, workspace: FLOWS });
    let started = false;
    run.onEvent((event) => (started ||= event.type === 'play_started'));
    const early = panelOn(plays, plays.livePlay(run.id)!.play);
    assert.equal(started, false, 'the first panel opened before the play started');
    assert.deepEqual(spansOf(early.webview.state), []);

    await waitFor('the flow to wait for its file', () => spansOf(plays.livePlay(run.id)).some((span) => span.name === 'waiting'));
    const late = panelOn(plays, await plays.load(store, run.id));
    const live = plays.livePlay(run.id)!;
    assert.equal(early.shown.state, live, 'both panels read the service\'s state');
    assert.equal(late.shown.state, live);
    for (const panel of [early, late]) {
      assert.deepEqual(spansOf(panel.webview.state), spansOf(live));
      assert.equal(panel.webview.state!.play.flow_name, 'Waits for file');
    }

    writeFileSync(release, '');
    const outcome = await run.done;
    assert.equal(outcome.play.status, 'ok', outcome.play.error ?? '');
    await waitFor('the play to leave the running list', () => plays.runningCount === 0);
    assert.equal(plays.livePlay(run.id), undefined);
    const stored = await plays.load(store, run.id);
    const byId = (spans: Span[]) => [...spans].sort((a, b) => a.span_id.localeCompare(b.span_id));
    for (const panel of [early, late]) {
      assert.equal(panel.shown.play.status, 'ok', 'the panel keeps the final play');
      assert.equal(panel.webview.state!.play.status, 'ok');
      assert.deepEqual(byId(spansOf(panel.webview.state)), byId(stored.spans), 'what the webview shows is what was stored');
      panel.reload(); // the webview loads again (a hidden panel shown again)
      assert.deepEqual(byId(spansOf(panel.webview.state)), byId(stored.spans));
      assert.equal(panel.webview.state!.play.output, 'released');
      panel.shown.dispose();
    }
  } finally {
    plays.dispose();
  }
});
