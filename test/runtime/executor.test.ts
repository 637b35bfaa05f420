// The runtime as a library: the typed event stream a UI subscribes to while a play runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlayRunEvent } from '../../common/src/runtimeEvents';
import type { Span } from '../../common/src/play';
import { startPlay } from '../../runtime/src/executor';
import { privateRuntimeDir } from '../../runtime/src/privateDir';
import { PlayStore } from '../../runtime/src/store';
import { EXAMPLES, FLOWS, tempDir, waitFor } from '../helpers/cli';

test('spans stream to subscribers while the play runs, then the finished play', async () => {
  const release = join(tempDir(), 'release');
  const run = startPlay({ file: join(FLOWS, 'waits_for_file.py'), inputs: { path: release }, store: new PlayStore(tempDir()) });
  const events: PlayRunEvent[] = [];
  const live = new Map<string, Span>();
  run.onEvent((event) => {
    events.push(event);
    if (event.type === 'spans_changed') for (const span of event.spans) live.set(span.name, { ...span });
  });
  // The flow is blocked inside "waiting" until we release it: what we see now arrived live.
  await waitFor('the waiting step to arrive', () => live.get('waiting')?.status === 'running');
  assert.equal(live.get('first')!.status, 'ok');
  assert.ok(!events.some((event) => event.type === 'play_finished'));
  writeFileSync(release, '');
  const { play } = await run.done;
  assert.equal(play.status, 'ok');
  assert.equal(play.output, 'released');
  assert.deepEqual(events.map((event) => event.type).filter((type, i, all) => all.indexOf(type) === i), ['play_started', 'play_updated', 'spans_changed', 'play_finished']);
  assert.equal(live.get('waiting')!.status, 'ok');
  assert.equal((events.find((event) => event.type === 'play_updated') as { play: { flow_name: string } }).play.flow_name, 'Waits for file');
});

test('stdout arrives as process_output events', async () => {
  // Ended once its output has arrived (a fixed timeout could fire before a busy machine starts Python).
  const run = startPlay({ file: join(FLOWS, 'hangs.py'), store: new PlayStore(tempDir()) });
  let text = '';
  run.onEvent((event) => {
    if (event.type === 'process_output' && event.stream === 'stdout') {
      text += event.text;
      run.cancel();
    }
  });
  // A backstop, so a flow whose output never comes still ends (and the assertion says why).
  const backstop = setTimeout(() => run.cancel(), 60_000).unref();
  const { play } = await run.done;
  clearTimeout(backstop);
  assert.equal(play.status, 'cancelled');
  assert.match(text, /^pid \d+/);
});

test('cancel() ends a running play as cancelled', async () => {
  const run = startPlay({ file: join(FLOWS, 'hangs.py'), store: new PlayStore(tempDir()) });
  run.onEvent((event) => {
    if (event.type === 'spans_changed' && event.spans.some((span) => span.name === 'forever')) run.cancel();
  });
  const { play } = await run.done;
  assert.equal(play.status, 'cancelled');
  assert.ok(play.spans.every((span) => span.status !== 'running'));
});

test('sockets live in a directory only this user can enter', () => {
  const dir = privateRuntimeDir();
  assert.equal(statSync(dir).mode & 0o777, 0o700);
});

test('an async flow with gather runs and nests its spans', async () => {
  const run = startPlay({ file: join(EXAMPLES, 'async_fanout.py'), store: new PlayStore(tempDir()) });
  const { play } = await run.done;
  assert.equal(play.status, 'ok', play.error ?? '');
  const root = play.spans.find((span) => span.kind === 'flow_root')!;
  const children = play.spans.filter((span) => span.parent_id === root.span_id);
  assert.ok(children.length >= 2);
});
