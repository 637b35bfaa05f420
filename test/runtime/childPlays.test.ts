// Child plays: a real play whose flow calls `flow.invoke(..., spawn=True)`, through the real
// executor, SDK, bootstrap and store. The child is a play of its own, linked both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Play, Span } from '../../common/src/play';
import type { PlayRunEvent, RunningPlay } from '../../common/src/runtimeEvents';
import { MAX_CHILD_DEPTH, startPlay, type PlayRun } from '../../runtime/src/executor';
import { PlayStore } from '../../runtime/src/store';
import { FLOWS, isAlive, tempDir, waitFor } from '../helpers/cli';

const DIR = join(FLOWS, 'child_plays');

function spanNamed(play: Play, name: string): Span {
  const found = play.spans.filter((span) => span.name === name);
  assert.equal(found.length, 1, `one span named ${name} in ${play.flow_name}: ${play.spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

interface Child {
  run: RunningPlay;
  /** The pid the child's flow printed, once it did. */
  pid: () => number | undefined;
}

/** The children a play announces, each followed from the moment it is announced. */
function watchChildren(run: PlayRun, events: PlayRunEvent[] = []): Child[] {
  const children: Child[] = [];
  run.onEvent((event) => {
    events.push(event);
    if (event.type === 'child_play_started') children.push({ run: event.child, pid: printedPid(event.child, 'child') });
  });
  return children;
}

function startParent(mode: string, store = new PlayStore(tempDir())) {
  const run = startPlay({ file: join(DIR, 'parent.py'), inputs: { mode }, store });
  const events: PlayRunEvent[] = [];
  const children = watchChildren(run, events);
  return { run, store, children, events };
}

/** The pid a play's flow printed as `<who> pid N`. */
function printedPid(run: RunningPlay | PlayRun, who: string): () => number | undefined {
  let text = '';
  run.onEvent((event) => {
    if (event.type === 'process_output' && event.stream === 'stdout') text += event.text;
  });
  return () => {
    const match = new RegExp(`${who} pid (\\d+)`).exec(text);
    return match ? Number(match[1]) : undefined;
  };
}

test('a spawned flow is a play of its own in the same store, linked to the subflow span, its output returned', async () => {
  const { run, store, children, events } = startParent('ok');
  const { play: parent } = await run.done;
  assert.equal(parent.status, 'ok', parent.error ?? '');
  assert.equal(parent.parent_play_id, null);

  const listed = await store.list();
  assert.equal(listed.length, 2);
  const childSummary = listed.find((summary) => summary.id !== parent.id)!;
  assert.equal(childSummary.parent_play_id, parent.id);
  const child = await store.load(childSummary.id);
  assert.equal(child.status, 'ok', child.error ?? '');
  assert.equal(child.flow_name, 'Child play');
  assert.equal(child.source_file, join(DIR, 'child.py'));
  assert.equal(child.parent_play_id, parent.id);
  assert.deepEqual(child.inputs, { mode: 'ok', word: 'hello' });

  const subflow = spanNamed(parent, 'Child play');
  assert.equal(subflow.kind, 'subflow');
  assert.equal(subflow.parent_id, spanNamed(parent, 'spawn').span_id);
  assert.deepEqual(subflow.tags, { flow: 'Child play', spawn: true, inputs: { mode: 'ok', word: 'hello' }, child_play_id: child.id });
  const childRoot = child.spans.find((span) => span.kind === 'flow_root')!;
  assert.equal(childRoot.parent_id, subflow.span_id);
  assert.equal(spanNamed(child, 'child step').parent_id, childRoot.span_id);
  assert.ok(!parent.spans.some((span) => span.name === 'child step'), 'the child ran elsewhere');

  const output = parent.output as { 'from child': { word: string; pid: number } };
  assert.equal(output['from child'].word, 'hello');
  assert.deepEqual(child.output, output['from child']);

  assert.deepEqual(children.map((c) => c.run.id), [child.id]);
  const announced = events.find((event) => event.type === 'child_play_started');
  assert.equal(announced?.type === 'child_play_started' && announced.playId, parent.id);
  assert.equal(parent.stats.missing_fields + parent.stats.unknown_types, 0, 'the request line is a known event');
});

test('an async flow awaits child plays that run side by side', async () => {
  const store = new PlayStore(tempDir());
  const { play: parent } = await startPlay({ file: join(DIR, 'async_parent.py'), store }).done;
  assert.equal(parent.status, 'ok', parent.error ?? '');
  assert.deepEqual(parent.output, ['a', 'b']);
  const subflows = parent.spans.filter((span) => span.kind === 'subflow');
  const childIds = subflows.map((span) => span.tags.child_play_id as string).sort();
  const listed = (await store.list()).filter((summary) => summary.id !== parent.id);
  assert.deepEqual(listed.map((summary) => summary.id).sort(), childIds);
  assert.ok(listed.every((summary) => summary.parent_play_id === parent.id && summary.status === 'ok'));
});

test('the child_play_started event comes before anything of the child, so a UI can follow it live', async () => {
  const run = startPlay({ file: join(DIR, 'parent.py'), inputs: { mode: 'ok' }, store: new PlayStore(tempDir()) });
  const seen: string[] = [];
  run.onEvent((event) => {
    if (event.type === 'child_play_started') event.child.onEvent((childEvent) => seen.push(childEvent.type));
  });
  const { play } = await run.done;
  assert.equal(play.status, 'ok', play.error ?? '');
  assert.equal(seen[0], 'play_started', seen.join(', '));
  assert.equal(seen.at(-1), 'play_finished', seen.join(', '));
  assert.ok(seen.includes('spans_changed') && seen.includes('process_output'), seen.join(', '));
});

test('a flow that spawns itself stops at the nesting limit: every play fails with the reason, none is left running', async () => {
  const store = new PlayStore(tempDir());
  const { play: top } = await startPlay({ file: join(DIR, 'spawns_itself.py'), store }).done;
  const plays = await store.list();
  assert.equal(plays.length, MAX_CHILD_DEPTH + 1);
  assert.deepEqual([...new Set(plays.map((p) => p.status))], ['failed']);
  const deepest = plays.find((p) => !plays.some((other) => other.parent_play_id === p.id))!;
  assert.match(deepest.error ?? '', new RegExp(`child plays nest ${MAX_CHILD_DEPTH} deep already \\(a flow that spawns itself\\?\\): 'Spawns itself' was not started`));
  assert.equal(top.status, 'failed');
  assert.match(top.error ?? '', /^child play \S+ of 'Spawns itself' failed: child play \S+ of 'Spawns itself' failed: /);
});

test("a child that fails fails the parent with the child's error", async () => {
  const { run, children } = startParent('fail');
  const { play: parent } = await run.done;
  const childId = children[0]!.run.id;
  const expected = `child play ${childId} of 'Child play' failed: the child says no`;
  assert.equal(parent.status, 'failed');
  assert.equal(parent.error, expected);
  assert.equal(spanNamed(parent, 'Child play').error, expected);
  assert.equal((await children[0]!.run.done).play.status, 'failed');
});

test('cancelling the parent cancels its running child; no process is left', async () => {
  const { run, store, children } = startParent('hang');
  const parentPid = printedPid(run, 'parent');
  await waitFor('the child flow to run', () => children[0]?.pid());
  const childPid = children[0]!.pid;
  run.cancel();
  const { play: parent } = await run.done;
  assert.equal(parent.status, 'cancelled');
  const child = await store.load(children[0]!.run.id);
  assert.equal(child.status, 'cancelled', 'the child ended before its parent did');
  assert.equal(spanNamed(child, 'child step').status, 'cancelled');
  assert.ok(!isAlive(childPid()!), 'the child process is gone');
  assert.ok(!isAlive(parentPid()!), 'the parent process is gone');
});

test('a child whose requesting connection closes (its parent process died) is cancelled', async () => {
  const { run, store, children } = startParent('hang');
  const parentPid = printedPid(run, 'parent');
  await waitFor('the child flow to run', () => children[0]?.pid() && parentPid());
  const childPid = children[0]!.pid;
  process.kill(parentPid()!, 'SIGKILL');
  const { play: parent } = await run.done;
  assert.equal(parent.status, 'failed');
  assert.match(parent.error ?? '', /killed by SIGKILL/);
  assert.equal((await store.load(children[0]!.run.id)).status, 'cancelled');
  assert.ok(!isAlive(childPid()!));
});

test('a child whose request is abandoned (its connection closed) is cancelled while the parent goes on', async () => {
  const dir = tempDir();
  const [giveUp, finish] = [join(dir, 'give-up'), join(dir, 'finish')];
  const store = new PlayStore(tempDir());
  const run = startPlay({ file: join(DIR, 'abandons_child.py'), inputs: { give_up: giveUp, finish }, store });
  const children = watchChildren(run);
  await waitFor('the child flow to run', () => children[0]?.pid());
  const childPid = children[0]!.pid;
  let ended: Play | undefined;
  void children[0]!.run.done.then(({ play }) => (ended = play));
  writeFileSync(giveUp, '');
  const child = { play: await waitFor('the abandoned child to end', () => ended) };
  assert.equal(child.play.status, 'cancelled');
  assert.equal(run.play.status, 'running', 'the parent still runs: it only gave up waiting');
  assert.ok(!isAlive(childPid()!));
  writeFileSync(finish, '');
  const { play: parent } = await run.done;
  assert.equal(parent.status, 'ok', parent.error ?? '');
  assert.equal(parent.output, 'abandoned');
  const subflow = spanNamed(parent, 'Child play');
  assert.equal(subflow.status, 'cancelled');
  assert.equal(subflow.tags.child_play_id, child.play.id);
});

test('malformed invoke_requests are answered with a clear error; the collector keeps going', async () => {
  const store = new PlayStore(tempDir());
  const run = startPlay({ file: join(DIR, 'malformed_request.py'), store });
  const { play } = await run.done;
  assert.equal(play.status, 'ok', play.error ?? '');
  assert.deepEqual(play.output, {
    no_file: [
      { type: 'invoke_finished', status: 'failed', output: null, error: "malformed invoke_request: 'file' must be the absolute path of the flow's file" },
      { type: 'invoke_finished', status: 'failed', output: null, error: 'one invoke_request per connection; a second child play needs a connection of its own' },
    ],
    bad_inputs: [{ type: 'invoke_finished', status: 'failed', output: null, error: "malformed invoke_request: 'inputs' must be an object" }],
  });
  assert.equal(spanNamed(play, 'still traced').status, 'ok');
  assert.equal((await store.list()).length, 1, 'no child play was started');
  // Counted as the collector counts any stream: the bad lines and the unknown type, never fatal.
  assert.equal(play.stats.invalid_json, 1);
  assert.equal(play.stats.unknown_types, 1);
  assert.equal(play.stats.missing_fields, 2);
});
