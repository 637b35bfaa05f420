// The split of a play's time around its root span: start-up before it, the flow, the exit after.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { playTimeSplit } from '../../common/src/playTimeSplit';

const T0 = 1_776_760_000_000;
const ended = { start_ms: T0, end_ms: T0 + 709, status: 'ok' as const };
const root = (start: number | null, end: number | null, more: { time_error?: string } = {}) => ({
  start_ms: start === null ? null : T0 + start,
  end_ms: end === null ? null : T0 + end,
  ...more,
});

describe('playTimeSplit', () => {
  it('an ended play: start-up before the root span, the flow, the exit after; they add up to the whole', () => {
    assert.deepEqual(playTimeSplit(ended, root(571, 700), 0), { total: 709, startup: 571, flow: 129, exit: 9 });
  });

  it('a running play: its time and its running root span run to now, no exit yet', () => {
    const running = { start_ms: T0, end_ms: null, status: 'running' as const };
    assert.deepEqual(playTimeSplit(running, root(500, null), T0 + 800), { total: 800, startup: 500, flow: 300, exit: null });
  });

  it('a running play whose root span has not begun: only the whole time', () => {
    const running = { start_ms: T0, end_ms: null, status: 'running' as const };
    assert.deepEqual(playTimeSplit(running, null, T0 + 250), { total: 250, startup: null, flow: null, exit: null });
  });

  it('a play without a root span: only the whole time', () => {
    assert.deepEqual(playTimeSplit(ended, null, 0), { total: 709, startup: null, flow: null, exit: null });
  });

  it('an ended play whose root span never ended: the flow runs to the play end, the exit is unknown', () => {
    const interrupted = { start_ms: T0, end_ms: T0 + 709, status: 'interrupted' as const };
    assert.deepEqual(playTimeSplit(interrupted, root(571, null), 0), { total: 709, startup: 571, flow: 138, exit: null });
  });

  it('a trace file, whose play starts at its first span: no start-up to tell', () => {
    assert.deepEqual(playTimeSplit({ start_ms: T0, end_ms: T0 + 138, status: 'ok' }, root(0, 138), 0), { total: 138, startup: 0, flow: 138, exit: 0 });
  });

  it('times that disagree give no split rather than a negative part', () => {
    // A root span before its play (a trace file whose first span is not the root), unusable root times.
    assert.deepEqual(playTimeSplit(ended, root(-5, 100), 0), { total: 709, startup: null, flow: null, exit: null });
    assert.deepEqual(playTimeSplit(ended, root(571, 500, { time_error: 'it ends before it starts' }), 0), { total: 709, startup: null, flow: null, exit: null });
    assert.deepEqual(playTimeSplit(ended, root(null, 100), 0), { total: 709, startup: null, flow: null, exit: null });
    // A root span that ends after its play: no exit, the rest stands.
    assert.deepEqual(playTimeSplit(ended, root(571, 720), 0), { total: 709, startup: 571, flow: 149, exit: null });
    // A play that ends before it starts has no whole time either.
    assert.deepEqual(playTimeSplit({ start_ms: T0, end_ms: T0 - 1, status: 'ok' }, null, 0).total, null);
  });

  it('an ended play with no end time: no whole time, no exit', () => {
    assert.deepEqual(playTimeSplit({ start_ms: T0, end_ms: null, status: 'failed' }, root(100, 200), 0), { total: null, startup: 100, flow: 100, exit: null });
  });
});
