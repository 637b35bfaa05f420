// The trace panel's pure parts, outside the editor: the HTML and its CSP, the rule that resolves a
// span's source file, and how a running play's events become webview messages.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyStreamStats, type Play, type Span } from '../../common/src/play';
import { isHostToWebviewMessage } from '../../common/src/traceMessages';
import { makeNonce, messageForEvent, resolveSourcePath, tracePanelCsp, tracePanelHtml, tracePanelTitle } from '../../client/src/tracePanelHtml';
import { tempDir } from '../helpers/cli';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const SCRIPT = `${CSP_SOURCE}/ext/dist/webview.js`;
const STYLE = `${CSP_SOURCE}/ext/dist/webview.css`;

function cspOf(html: string): Map<string, string[]> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.ok(content, 'the HTML has a CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const directive of content.split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

test('the panel HTML: a nonced bundle script, the bundle stylesheet, a strict CSP', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(makeNonce(), nonce);
  const html = tracePanelHtml(CSP_SOURCE, SCRIPT, STYLE, nonce);
  const csp = cspOf(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
  assert.deepEqual(csp.get('style-src'), [CSP_SOURCE]);
  assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
  assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
  assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
  assert.equal(tracePanelCsp(CSP_SOURCE, nonce), 'default-src \'none\'; style-src ' + CSP_SOURCE + `; script-src 'nonce-${nonce}'; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE}`);
  // Every script loads the bundle with the nonce; none is inline; no inline style either.
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  const [, attributes = '', body = ''] = scripts[0]!;
  assert.ok(attributes.includes(`nonce="${nonce}"`) && attributes.includes(`src="${SCRIPT}"`));
  assert.equal(body.trim(), '');
  assert.ok(!/<style|\sstyle="|\son\w+=/i.test(html));
  assert.ok(html.includes(`<link rel="stylesheet" href="${STYLE}">`));
  // Nothing remote: every URL in the page is the webview's own origin.
  for (const [, url = ''] of html.matchAll(/(?:src|href)="([^"]*)"/g)) assert.ok(url.startsWith(CSP_SOURCE), url);
});

test('openSource: relative paths resolve against the play workspace; outside or missing gives a message', () => {
  const root = tempDir();
  const ws = join(root, 'ws');
  const other = join(root, 'other');
  mkdirSync(join(ws, 'flows'), { recursive: true });
  mkdirSync(other, { recursive: true });
  writeFileSync(join(ws, 'flows', 'a.py'), 'x = 1\n');
  writeFileSync(join(other, 'b.py'), 'y = 2\n');
  const exists = (p: string) => p === join(ws, 'flows', 'a.py') || p === join(other, 'b.py');

  assert.deepEqual(resolveSourcePath('flows/a.py', ws, [ws], exists), { ok: true, path: join(ws, 'flows', 'a.py') });
  assert.deepEqual(resolveSourcePath(join(ws, 'flows', 'a.py'), null, [ws], exists), { ok: true, path: join(ws, 'flows', 'a.py') });
  // No play workspace: the first folder.
  assert.deepEqual(resolveSourcePath('flows/a.py', null, [ws, other], exists), { ok: true, path: join(ws, 'flows', 'a.py') });
  // A second workspace folder is inside too.
  assert.equal(resolveSourcePath(join(other, 'b.py'), ws, [ws, other], exists).ok, true);

  const outside = resolveSourcePath(join(other, 'b.py'), ws, [ws], exists);
  assert.equal(outside.ok, false);
  assert.match(!outside.ok ? outside.message : '', /outside the workspace/);
  const escaping = resolveSourcePath('../other/b.py', ws, [ws], exists);
  assert.match(!escaping.ok ? escaping.message : '', /outside the workspace/);
  const sibling = resolveSourcePath(join(root, 'ws-evil', 'c.py'), ws, [ws], () => true);
  assert.match(!sibling.ok ? sibling.message : '', /outside the workspace/);
  const missing = resolveSourcePath('flows/gone.py', ws, [ws], exists);
  assert.match(!missing.ok ? missing.message : '', /does not exist/);
  const noFolder = resolveSourcePath('flows/a.py', null, [], exists);
  assert.match(!noFolder.ok ? noFolder.message : '', /no workspace/);
  const empty = resolveSourcePath('', ws, [ws], exists);
  assert.equal(empty.ok, false);
});

const T0 = 1_776_760_000_000;
const span: Span = {
  span_id: 's1',
  parent_id: null,
  name: 'root',
  kind: 'flow_root',
  start_ms: T0,
  end_ms: null,
  status: 'running',
  tags: {},
  logs: [],
  error: null,
  source_file: 'flows/a.py',
  source_line: 3,
  replayed: false,
};

function play(more: Partial<Play> = {}): Play {
  return { id: 'p1', flow_name: 'Create workspace', source_file: null, status: 'running', start_ms: T0, end_ms: null, inputs: {}, output: null, error: null, exit_code: null, exit_signal: null, stdout: '', stderr: '', spans: [], stats: emptyStreamStats(), workspace: null, ...more };
}

test('runtime events → webview messages', () => {
  const spans = messageForEvent({ type: 'spans_changed', playId: 'p1', spans: [span] });
  assert.deepEqual(spans, { type: 'spans', playId: 'p1', spans: [span] });
  assert.ok(isHostToWebviewMessage(spans));
  // A copy: the runtime's live span objects are never handed on.
  assert.notEqual(spans!.type === 'spans' && spans.spans[0], span);

  const updated = messageForEvent({ type: 'play_updated', play: play({ flow_name: 'Resolved' }) });
  assert.deepEqual(updated, { type: 'playStatus', playId: 'p1', status: 'running', end_ms: null, error: null, output: null, flow_name: 'Resolved' });

  const finished = messageForEvent({ type: 'play_finished', play: play({ status: 'failed', end_ms: T0 + 5, error: 'boom', output: null }) });
  assert.deepEqual(finished, { type: 'playStatus', playId: 'p1', status: 'failed', end_ms: T0 + 5, error: 'boom', output: null, flow_name: 'Create workspace' });

  assert.equal(messageForEvent({ type: 'play_output', playId: 'p1', stream: 'stdout', text: 'hi' }), undefined);
  assert.equal(messageForEvent({ type: 'play_started', play: play() }), undefined);

  assert.equal(tracePanelTitle('Create workspace', 'ok'), 'Create workspace — ok');
  assert.equal(tracePanelTitle(null, 'timed_out'), 'play — timed out');
});
