// The trace panel's pure parts, outside the editor: the HTML and its CSP, and how a running play's
// events become webview messages. (Jump to source's rule is in sourcePath.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyStreamStats, type Play, type Span } from '../../common/src/play';
import { isHostToWebviewMessage } from '../../common/src/traceMessageChecks';
import { makeNonce, messageForEvent, tracePanelCsp, tracePanelHtml, tracePanelTitle } from '../../client/src/trace/tracePanelHtml';

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

test('a live play\'s applied events → webview messages', () => {
  const spans = messageForEvent({ type: 'spans_changed', playId: 'p1', spans: [span] });
  assert.deepEqual(spans, { type: 'spans', playId: 'p1', spans: [span] });
  assert.ok(isHostToWebviewMessage(spans));
  // The live state's copies go on as they are: no second copy per panel.
  assert.equal(spans!.type === 'spans' && spans.spans[0], span);

  const updated = messageForEvent({ type: 'play_updated', play: play({ flow_name: 'Resolved' }) });
  assert.deepEqual(updated, { type: 'playStatus', playId: 'p1', status: 'running', end_ms: null, error: null, output: null, flow_name: 'Resolved' });

  const finished = messageForEvent({ type: 'play_finished', play: play({ status: 'failed', end_ms: T0 + 5, error: 'boom', output: null }) });
  assert.deepEqual(finished, { type: 'playStatus', playId: 'p1', status: 'failed', end_ms: T0 + 5, error: 'boom', output: null, flow_name: 'Create workspace' });

  assert.equal(messageForEvent({ type: 'play_started', play: play() }), undefined);

  assert.equal(tracePanelTitle('Create workspace', 'ok'), 'Create workspace — ok');
  assert.equal(tracePanelTitle(null, 'timed_out'), 'play — timed out');
});
