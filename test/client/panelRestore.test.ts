// Trace panels across a window reload, outside the editor: which play or file a revived panel
// showed (the webview's saved source, else the remembered panels), the remembered list, the notice
// a panel shows when its trace is gone, what a panel shows of a running play (the plays service's
// state, its changes handed on, the final play kept), and the tab icons.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyStreamStats, type Play, type Span } from '../../common/src/play';
import type { PlayRunEvent } from '../../common/src/runtimeEvents';
import type { HostToWebviewMessage } from '../../common/src/traceMessages';
import { forgetPanel, readRemembered, REMEMBER_AT_MOST, rememberPanel, restoreNotice, sourceToRestore, type RememberedPanel } from '../../client/src/trace/panelRestore';
import { ActivePlays, type PlayRun } from '../../client/src/plays/activePlays';
import { PlaysService } from '../../client/src/plays/playsService';
import { PanelPlay } from '../../client/src/trace/panelPlay';
import { traceNoticeHtml } from '../../client/src/trace/tracePanelHtml';
import { isTraceSource, savedSource, type TraceSource } from '../../common/src/traceMessages';
import { storeForChildPlays, traceSourceKey } from '../../client/src/trace/traceSource';
import { ROOT, waitFor } from '../helpers/cli';
import { editorTrust } from '../helpers/editorTrust';

const STORE = '/ws/.hero';
const A: TraceSource = { kind: 'play', store: STORE, playId: 'p-a' };
const B: TraceSource = { kind: 'play', store: STORE, playId: 'p-b' };
const FILE: TraceSource = { kind: 'file', path: '/tmp/shared.jsonl' };

function remembered(source: TraceSource, playId: string, title: string): RememberedPanel {
  return { source, playId, title };
}

test('trace sources: one key per play or file, and only well-formed ones read back', () => {
  assert.equal(traceSourceKey(A), 'play:p-a');
  assert.equal(traceSourceKey(FILE), 'file:/tmp/shared.jsonl');
  assert.ok(isTraceSource(A) && isTraceSource(FILE));
  for (const bad of [null, 'play:p-a', {}, { kind: 'play', playId: 'p' }, { kind: 'play', store: '', playId: 'p' }, { kind: 'file', path: 3 }, { kind: 'url', path: '/x' }]) {
    assert.equal(isTraceSource(bad), false, JSON.stringify(bad));
  }
  assert.deepEqual(savedSource({ playId: 'p-a', expanded: [], source: A }), A);
  assert.equal(savedSource({ playId: 'p-a', expanded: [] }), undefined);
  assert.equal(savedSource(undefined), undefined);
});

test('remembered panels: newest first, one per source, capped, and nothing malformed read back', () => {
  let list = rememberPanel([], remembered(A, 'p-a', 'Create workspace — running'));
  list = rememberPanel(list, remembered(FILE, 'p-f', 'Shared — ok'));
  list = rememberPanel(list, remembered(A, 'p-a', 'Create workspace — ok'));
  assert.deepEqual(list.map((p) => [traceSourceKey(p.source), p.title]), [['play:p-a', 'Create workspace — ok'], ['file:/tmp/shared.jsonl', 'Shared — ok']]);
  assert.deepEqual(forgetPanel(list, 'play:p-a').map((p) => p.playId), ['p-f']);
  for (let i = 0; i < REMEMBER_AT_MOST + 5; i++) list = rememberPanel(list, remembered({ kind: 'play', store: STORE, playId: `p${i}` }, `p${i}`, 't'));
  assert.equal(list.length, REMEMBER_AT_MOST);
  assert.equal(list[0]!.playId, `p${REMEMBER_AT_MOST + 4}`);
  assert.deepEqual(readRemembered([remembered(B, 'p-b', 't'), { source: { kind: 'play' }, playId: 'x', title: 't' }, null, 'x']), [remembered(B, 'p-b', 't')]);
  assert.deepEqual(readRemembered(undefined), []);
});

test('a revived panel: the saved source wins, else the saved play id, else the title; never a panel already showing', () => {
  const list = [remembered(B, 'p-b', 'Create workspace — ok'), remembered(FILE, 'p-f', 'Shared — ok'), remembered(A, 'p-a', 'Create workspace — ok')];
  const none = () => false;
  // The webview saved its source: that, even when nothing is remembered.
  assert.deepEqual(sourceToRestore({ playId: 'p-a', source: A }, 'x', [], none), A);
  // Only the UI state (the webview does not save a source yet): matched on its play id.
  assert.deepEqual(sourceToRestore({ playId: 'p-a', expanded: [] }, 'Create workspace — ok', list, none), A);
  assert.deepEqual(sourceToRestore({ playId: 'p-f', expanded: [] }, 'whatever', list, none), FILE);
  assert.equal(sourceToRestore({ playId: 'p-zzz', expanded: [] }, 'Create workspace — ok', list, none), undefined);
  // No state at all (no click or scroll yet): the newest remembered panel with the same title…
  assert.deepEqual(sourceToRestore(undefined, 'Create workspace — ok', list, none), B);
  // …that is not showing already, so two revived panels of the same flow get both plays.
  const showing = (key: string) => key === traceSourceKey(B);
  assert.deepEqual(sourceToRestore(undefined, 'Create workspace — ok', list, showing), A);
  assert.equal(sourceToRestore(undefined, 'Other — ok', list, none), undefined);
  assert.equal(sourceToRestore(undefined, 'Create workspace — ok', [], none), undefined);
});

test('the notice of a panel whose trace is gone says which one and why, in a page with no script', () => {
  const gone = restoreNotice(A, "no play 'p-a' in /ws/.hero");
  assert.match(gone.heading, /p-a is gone/);
  assert.match(gone.detail, /\/ws\/\.hero/);
  assert.equal(gone.cause, "no play 'p-a' in /ws/.hero");
  const file = restoreNotice(FILE, 'ENOENT');
  assert.match(file.detail, /\/tmp\/shared\.jsonl could not be read/);
  assert.equal(file.cause, 'ENOENT');
  assert.match(restoreNotice(undefined).detail, /Plays view/);

  const html = traceNoticeHtml('https://csp.example', '<b>gone</b>', 'a & b', "no 'x'");
  assert.ok(!/<script/i.test(html));
  assert.match(html, /content="default-src 'none'; style-src https:\/\/csp\.example"/);
  assert.ok(html.includes('<h2>&lt;b&gt;gone&lt;/b&gt;</h2>') && html.includes('<p>a &amp; b</p>') && html.includes("<code>no 'x'</code>"));
  assert.match(html, /role="alert"/);
  assert.ok(!traceNoticeHtml('https://csp.example', 'h', 'd').includes('<code>'));
});

const T0 = 1_776_760_000_000;
function span(id: string, more: Partial<Span> = {}): Span {
  return { span_id: id, parent_id: null, name: id, kind: 'step', start_ms: T0, end_ms: null, status: 'running', tags: {}, logs: [], error: null, source_file: null, source_line: null, replayed: false, ...more };
}
function play(more: Partial<Play> = {}): Play {
  return { id: 'p1', flow_name: null, source_file: null, status: 'running', start_ms: T0, end_ms: null, inputs: {}, output: null, error: null, exit_code: null, exit_signal: null, stdout: '', stderr: '', spans: [], stats: emptyStreamStats(), workspace: null, ...more };
}

/** A play the test drives by hand, started through a real plays service (its ActivePlays). */
function handDrivenPlay() {
  const listeners = new Set<(event: PlayRunEvent) => void>();
  let end!: (outcome: { play: Play; rejected: boolean }) => void;
  const run = {
    id: 'p1',
    play: play(),
    done: new Promise<{ play: Play; rejected: boolean }>((resolve) => (end = resolve)),
    onEvent: (listener: (event: PlayRunEvent) => void) => (listeners.add(listener), () => listeners.delete(listener)),
    cancel() {},
  };
  const plays = new PlaysService(() => STORE, editorTrust(true), new ActivePlays(() => run as unknown as PlayRun));
  plays.run({ file: '/ws/f.py', flow: 'F', inputs: {}, python: 'python3', timeoutMs: null, cwd: '/ws', workspace: '/ws' });
  const emit = (event: PlayRunEvent) => { for (const listener of [...listeners]) listener(event); };
  return { plays, emit, end };
}

test('a panel on a running play reads the plays service\'s state, hands on each change, and keeps the final play', async () => {
  const { plays, emit, end } = handDrivenPlay();
  emit({ type: 'spans_changed', playId: 'p1', spans: [span('root')] });
  const sent: HostToWebviewMessage[] = [];
  const shown = new PanelPlay(plays, plays.livePlay('p1')!.play, true, (message) => sent.push(message));
  assert.equal(shown.state, plays.livePlay('p1'), 'the service\'s state, not a copy');

  emit({ type: 'spans_changed', playId: 'p1', spans: [span('root', { status: 'ok', end_ms: T0 + 5 }), span('child', { parent_id: 'root' })] });
  emit({ type: 'process_output', playId: 'p1', stream: 'stdout', text: 'ignored' });
  emit({ type: 'play_updated', play: play({ flow_name: 'Resolved' }) });
  assert.deepEqual([...shown.state.spans.values()].map((s) => [s.span_id, s.status]), [['root', 'ok'], ['child', 'running']]);
  assert.equal(shown.play.flow_name, 'Resolved');
  const spansSent = sent[0]!;
  assert.ok(spansSent.type === 'spans' && spansSent.spans[0] === plays.livePlay('p1')!.spans.get('root'), 'the service\'s copies, handed on as they are');
  assert.deepEqual(shown.loadMessages(), [{ type: 'play', play: { ...plays.livePlay('p1')!.play, spans: [...plays.livePlay('p1')!.spans.values()] } }]);

  const final = play({ flow_name: 'Resolved', status: 'ok', end_ms: T0 + 9, spans: [span('root', { status: 'ok' }), span('child', { status: 'ok' })] });
  emit({ type: 'play_finished', play: final });
  assert.equal(shown.play.status, 'ok');
  assert.deepEqual(sent.map((m) => m.type), ['spans', 'playStatus', 'playStatus']);
  end({ play: final, rejected: false });
  await waitFor('the play to leave the running list', () => plays.runningCount === 0);
  assert.equal(plays.livePlay('p1'), undefined);
  assert.equal(shown.play.status, 'ok', 'the panel keeps the final play');
  assert.deepEqual([...shown.state.spans.values()].map((s) => s.status), ['ok', 'ok']);

  emit({ type: 'spans_changed', playId: 'p1', spans: [span('late')] });
  shown.dispose();
  assert.equal(sent.length, 3, 'nothing after the end');
  assert.deepEqual([...shown.state.spans.keys()], ['root', 'child'], 'the final play stays as it ended');
  plays.dispose();
});

test('a panel on a live snapshot of a play that ended before the panel started shows how it ended', async () => {
  const { plays, emit, end } = handDrivenPlay();
  emit({ type: 'spans_changed', playId: 'p1', spans: [span('root')] });
  const snapshot = await plays.load(STORE, 'p1'); // the live state, loaded as a panel opens...
  assert.equal(snapshot.status, 'running');
  const final = play({ status: 'ok', end_ms: T0 + 9, spans: [span('root', { status: 'ok', end_ms: T0 + 9 })] });
  emit({ type: 'play_finished', play: final });
  end({ play: final, rejected: false }); // ...and the play ends before the panel starts
  await waitFor('the play to leave the running list', () => plays.runningCount === 0);
  const sent: HostToWebviewMessage[] = [];
  const shown = new PanelPlay(plays, snapshot, true, (message) => sent.push(message));
  assert.equal(shown.play.status, 'ok');
  assert.deepEqual([...shown.state.spans.values()].map((s) => s.status), ['ok']);
  // A trace file of that play still shows the file, not the play's end here.
  assert.equal(new PanelPlay(plays, snapshot, false, () => undefined).play.status, 'running');
  shown.dispose();
  plays.dispose();
});

test('a panel on a play that does not run here, or on a trace file of a running one, keeps the play it loaded', () => {
  const { plays, emit } = handDrivenPlay();
  const sent: HostToWebviewMessage[] = [];
  const stored = new PanelPlay(plays, play({ id: 'p-stored', status: 'ok' }), true, (message) => sent.push(message));
  const file = new PanelPlay(plays, play({ spans: [span('from-file')] }), false, (message) => sent.push(message));
  emit({ type: 'spans_changed', playId: 'p1', spans: [span('root')] });
  assert.equal(stored.play.status, 'ok');
  assert.deepEqual([...file.state.spans.keys()], ['from-file']);
  assert.deepEqual(sent, []);
  stored.dispose();
  file.dispose();
  plays.dispose();
});

test('the panel tab icons: one per theme, the activity bar icon in a fixed colour', () => {
  const base = readFileSync(join(ROOT, 'media', 'hero-flows.svg'), 'utf8');
  for (const variant of ['light', 'dark']) {
    const svg = readFileSync(join(ROOT, 'media', `hero-flows-${variant}.svg`), 'utf8');
    assert.ok(!svg.includes('currentColor'), `${variant}: an image has no currentColor`);
    assert.equal(svg.match(/<(circle|path)\b/g)?.length, base.match(/<(circle|path)\b/g)?.length);
  }
});

test('child plays of a trace file are looked up in the store it sits in, else in the workspace\'s store', () => {
  const files = new Set(['/w/.hero/plays/p1/play.json']);
  const exists = (path: string) => files.has(path);
  assert.equal(storeForChildPlays({ kind: 'play', store: '/s', playId: 'p' }, '/fallback', exists), '/s');
  assert.equal(storeForChildPlays({ kind: 'file', path: '/w/.hero/plays/p1/trace.jsonl' }, '/fallback', exists), '/w/.hero');
  assert.equal(storeForChildPlays({ kind: 'file', path: '/w/.hero/plays/p2/trace.jsonl' }, '/fallback', exists), '/fallback', 'no play.json beside it');
  assert.equal(storeForChildPlays({ kind: 'file', path: '/tmp/shared/trace.jsonl' }, '/fallback', exists), '/fallback');
  assert.equal(storeForChildPlays({ kind: 'file', path: '/w/.hero/plays/p1/other.jsonl' }, '/fallback', exists), '/fallback');
});
