// The webview bundle (dist/webview.js + dist/webview.css) in a real headless Chromium page, under a
// CSP like the panel's, with a stand-in for `acquireVsCodeApi` that records what the webview posts
// and what it saves with setState. Pages are served from a fake origin by request interception.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { JsonObject, Play, Span } from '../../common/src/play';
import { emptyStreamStats } from '../../common/src/play';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../common/src/traceMessages';
import { tracePanelHtml } from '../../client/src/trace/tracePanelHtml';
import { CHROMIUM_ARGS } from '../helpers/chromium';


const ORIGIN = 'http://webview.test';
const DIST = join(__dirname, '..', '..', 'dist');
const NONCE = 'dGVzdC1ub25jZS0xMjM0';

/** The page the extension builds for its panel (client/src/trace/tracePanelHtml.ts), served from a fake origin. */
export const PANEL_HTML = tracePanelHtml(ORIGIN, `${ORIGIN}/dist/webview.js`, `${ORIGIN}/dist/webview.css`, NONCE);

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.HERO_EDITOR_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** The stand-in for VS Code's webview API, recording what the bundle posts and saves. */
const STAND_IN = `(() => {
  const w = window;
  w.__posted = [];
  w.__state = __INITIAL__ ?? undefined;
  w.__violations = [];
  w.__xss = false;
  w.alert = () => { w.__xss = true; };
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => { w.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => w.__state,
      setState: (s) => { w.__state = JSON.parse(JSON.stringify(s)); },
    };
  };
})();`;

export class WebviewPage {
  constructor(readonly page: Page) {}

  /** Everything the webview posted to the host, in order. */
  async posted(): Promise<WebviewToHostMessage[]> {
    const posted: unknown = await this.page.evaluate('window.__posted');
    return posted as WebviewToHostMessage[];
  }

  savedState(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  }

  renders(): Promise<number> {
    return this.page.evaluate(() => Number(document.body.dataset.renders ?? '0'));
  }

  /**
   * Posts the messages as the host would (all in one task, so they form one burst) and waits for
   * the render that drew the last of them (data-messages counts what the webview has applied; a
   * render count alone would not do while a running play's clock renders every frame).
   */
  async send(...messages: HostToWebviewMessage[]): Promise<void> {
    // Passed as JSON text: playwright's argument typing recurses too deep on Play.
    const before = await this.page.evaluate((json: string) => {
      const applied = Number(document.body.dataset.messages ?? '0');
      for (const m of JSON.parse(json) as unknown[]) window.postMessage(m, '*');
      return applied;
    }, JSON.stringify(messages));
    await this.page.waitForFunction((n) => Number(document.body.dataset.messages ?? '0') >= n, before + messages.length);
  }

  async nextRender(before?: number): Promise<void> {
    const n = before ?? (await this.renders());
    await this.page.waitForFunction((b) => Number(document.body.dataset.renders ?? '0') > b, n);
  }

  /** Runs an action in the page and waits for the render it schedules (for a play at rest: a running one renders every frame anyway). */
  async act(action: () => Promise<unknown>): Promise<void> {
    const before = await this.renders();
    await action();
    await this.nextRender(before);
    // That render may be one already on its way before the action (a scroll event's): two more
    // frames make sure the one the action scheduled has run too.
    await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }

  /** The names of the rows in the DOM, top to bottom. */
  rowNames(): Promise<string[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.row')]
        .sort((a, b) => new DOMMatrix(getComputedStyle(a).transform).m42 - new DOMMatrix(getComputedStyle(b).transform).m42)
        .map((r) => r.querySelector('.name')!.textContent ?? ''),
    );
  }

  row(name: string) {
    return this.page.locator('.row', { has: this.page.locator('.name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
  }

  violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Serves the panel's page and the built bundle (dist/, or `dist` when given: a bench's earlier
 * build) to `page` from the fake origin; open `PANEL_URL`.
 */
export async function serveWebview(page: Page, dist = DIST): Promise<void> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/index.html') return route.fulfill({ contentType: 'text/html', body: PANEL_HTML });
    if (path === '/dist/webview.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(dist, 'webview.js')) });
    if (path === '/dist/webview.css') return route.fulfill({ contentType: 'text/css', body: readFileSync(join(dist, 'webview.css')) });
    if (path === '/dist/codicon.ttf') return route.fulfill({ contentType: 'font/ttf', body: readFileSync(join(dist, 'codicon.ttf')) });
    return route.fulfill({ status: 404, body: '' });
  });
}

export const PANEL_URL = `${ORIGIN}/index.html`;

/** A fresh page with the bundle loaded and its `ready` posted; `state` is what getState returns. */
export async function openWebview(browser: Browser, state: unknown = undefined): Promise<WebviewPage> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  page.setDefaultTimeout(10_000);
  await serveWebview(page);
  // A string, not a function: tsx's transform adds `__name` helpers a page does not have.
  await page.addInitScript(STAND_IN.replace('__INITIAL__', JSON.stringify(state ?? null)));
  await page.goto(PANEL_URL);
  const wv = new WebviewPage(page);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return wv;
}

// ---- plays to show --------------------------------------------------------------------------

const T0 = 1_776_760_000_000;

export function span(id: string, parent: string | null, name: string, at: [number, number | null], more: Partial<Span> = {}): Span {
  return {
    span_id: id,
    parent_id: parent,
    name,
    kind: parent === null ? 'flow_root' : 'step',
    status: at[1] === null ? 'running' : 'ok',
    start_ms: T0 + at[0],
    end_ms: at[1] === null ? null : T0 + at[1],
    tags: {},
    logs: [],
    error: null,
    source_file: 'flows/create.py',
    source_line: 10,
    replayed: false,
    ...more,
  };
}

export function play(id: string, spans: Span[], more: Partial<Play> = {}): Play {
  return {
    id,
    flow_name: 'Create workspace',
    source_file: 'flows/create.py',
    status: 'ok',
    start_ms: T0,
    end_ms: T0 + 300,
    inputs: { name: 'acme', seats: 5 } as JsonObject,
    output: { workspace_id: 1 },
    error: null,
    exit_code: 0,
    exit_signal: null,
    stdout: '',
    stderr: '',
    spans,
    stats: emptyStreamStats(),
    workspace: '/work/ws',
    ...more,
  };
}

/** The 10-span sample of the README, with one failed rpc. */
export function samplePlay(id = 'play-1'): Play {
  const rpc = (sid: string, parent: string, name: string, at: [number, number], more: Partial<Span> = {}) =>
    span(sid, parent, name, at, { kind: 'rpc', source_line: 20, ...more });
  return play(id, [
    span('root', null, 'Create workspace', [0, 300], { source_line: 5 }),
    span('s1', 'root', 'create workspace', [10, 100], { source_line: 12 }),
    rpc('r1', 's1', 'rpc:whiteboard.workspace_create', [15, 60], {
      tags: { attempt: 1, request: { name: 'acme', seats: 5 } },
      logs: [{ t_ms: T0 + 20, message: 'sent' }],
    }),
    rpc('r2', 's1', 'rpc:whiteboard.workspace_get', [60, 95]),
    span('s2', 'root', 'create board', [100, 200], { source_line: 18, status: 'failed', error: 'step failed' }),
    rpc('r3', 's2', 'rpc:whiteboard.board_create', [105, 150], {
      status: 'failed',
      error: 'Traceback (most recent call last):\n  File "flows/create.py", line 22\nValueError: board exists',
      source_line: 22,
    }),
    rpc('r4', 's2', 'rpc:whiteboard.board_share', [150, 195], { replayed: true }),
    span('s3', 'root', 'add members', [200, 290], { source_line: 30 }),
    rpc('r5', 's3', 'rpc:whiteboard.member_add', [205, 240]),
    span('sub', 's3', 'invite flow', [240, 285], { kind: 'subflow', tags: { child_play_id: 'child-play-7' } }),
  ], { status: 'failed', error: 'create board failed' });
}
