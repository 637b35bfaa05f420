// The header's time split in the real bundle: a play's whole time, the start-up before its root
// span (interpreter start and imports), the flow and the exit after, each explained by a tooltip;
// only the whole time where no split can be told (no root span, a trace file's play).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Play } from '../../common/src/play';
import { launch, openWebview, play, span, type WebviewPage } from './harness';

const T0 = 1_776_760_000_000;

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function shown(p: Play): Promise<WebviewPage> {
  const wv = await openWebview(browser);
  await wv.send({ type: 'play', play: p });
  return wv;
}

/** The time parts the header shows, by name. */
const parts = (wv: WebviewPage) =>
  wv.page.locator('.header .time-part').evaluateAll((all) =>
    Object.fromEntries(all.filter((e) => getComputedStyle(e).display !== 'none').map((e) => [e.className.replace('time-part time-', ''), e.textContent])),
  );

describe('the header: where the play time went', () => {
  it('an ended play: whole time, start-up, flow, exit; each part says what it counts', async () => {
    const wv = await shown(play('split', [span('root', null, 'Create workspace', [571, 700])], { end_ms: T0 + 709 }));
    assert.deepEqual(await parts(wv), { total: '709 ms', startup: 'start-up 571 ms', flow: 'flow 129 ms', exit: 'exit 9 ms' });
    // A dot between shown parts, none after the last.
    const after = (part: string) => wv.page.locator(`.header .time-${part}`).evaluate((e) => getComputedStyle(e, '::after').content);
    assert.deepEqual([await after('total'), await after('flow'), await after('exit')], ['" ·"', '" ·"', 'none']);
    assert.match((await wv.page.locator('.header .time-startup').getAttribute('title')) ?? '', /interpreter starting and the imports/);
    assert.match((await wv.page.locator('.header .time-flow').getAttribute('title')) ?? '', /root span/);
    // The root span's row says 129 ms: the header's flow part is that same time.
    assert.equal(await wv.row('Create workspace').locator('.duration').textContent(), '129 ms');
    await wv.page.close();
  });

  it('a running play: the whole time and the flow grow with the clock; the start-up stays', async () => {
    const now = Date.now();
    const running = play('live', [span('root', null, 'Live flow', [400, null])], { status: 'running', start_ms: now - 1_000, end_ms: null });
    running.spans[0]!.start_ms = now - 600;
    const wv = await shown(running);
    const first = await parts(wv);
    assert.equal(first.startup, 'start-up 400 ms');
    assert.match(first.flow ?? '', /^flow \d/);
    assert.equal(first.exit, undefined);
    await wv.page.waitForFunction((before) => document.querySelector('.header .time-flow')!.textContent !== before, await wv.page.locator('.header .time-flow').textContent());
    assert.equal((await parts(wv)).startup, 'start-up 400 ms');
    await wv.page.close();
  });

  it('no root span, or one that starts with its play (a trace file): only the whole time', async () => {
    const noRoot = await shown(play('no-root', [span('loose', null, 'loose span', [100, 200], { kind: 'step' })], { end_ms: T0 + 709 }));
    assert.deepEqual(await parts(noRoot), { total: '709 ms' });
    assert.equal(await noRoot.page.locator('.header .time-total').evaluate((e) => getComputedStyle(e, '::after').content), 'none');
    await noRoot.page.close();
    const trace = await shown(play('trace', [span('root', null, 'From a file', [0, 138])], { end_ms: T0 + 138 }));
    assert.deepEqual(await parts(trace), { total: '138 ms' });
    await trace.page.close();
  });

  it('a child play: its root span, whose parent is in the parent play, splits its time', async () => {
    const child = play('child', [span('croot', 'parent-subflow-span', 'Invite flow', [300, 350], { kind: 'flow_root' })], { end_ms: T0 + 360, parent_play_id: 'parent' });
    const wv = await shown(child);
    assert.deepEqual(await parts(wv), { total: '360 ms', startup: 'start-up 300 ms', flow: 'flow 50 ms', exit: 'exit 10 ms' });
    await wv.page.close();
  });
});
