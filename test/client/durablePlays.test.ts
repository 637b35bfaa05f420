// Durable plays in the editor's pure parts and through the plays service (docs/durable.md): a pause's
// fields as the input form's, a paused play as a test result, a notification and a Plays view
// entry, the attempt switcher's message guard; then the real approval example through the service:
// run → paused, resume → a new attempt followed live → ok, its first attempt still readable, a
// refused resume, a paused play cancelled.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AttemptError } from '../../runtime/src/attempts';
import type { Play } from '../../common/src/play';
import { isWebviewToHostMessage } from '../../common/src/traceMessages';
import { playItemContext, playNode } from '../../client/src/plays/playsTree';
import { PlaysService, type PlayChange } from '../../client/src/plays/playsService';
import { MAX_PAUSE_FIELDS, pauseFields } from '../../client/src/run/pauseFields';
import { pauseNotice, playVerdict } from '../../client/src/run/playResult';
import { EXAMPLES, tempDir } from '../helpers/cli';
import { editorTrust } from '../helpers/editorTrust';

test("a pause's fields become the form's: types, defaults, descriptions, required; hostile specs stay data", () => {
  const specs = JSON.parse(
    '{"approve":{"type":"bool","description":"roll it out"},"seats":{"type":"int","default":5},"note":{"type":"str","required":false},' +
      '"plain":"float","odd":{"type":"eval"},"bad":7,"__proto__":{"type":"str"}}',
  );
  assert.deepEqual(pauseFields(specs), [
    { name: 'approve', type: 'bool', required: true, description: 'roll it out' },
    { name: 'seats', type: 'int', required: false, default: 5 },
    { name: 'note', type: 'str', required: false },
    { name: 'plain', type: 'float', required: true },
    { name: 'odd', type: 'any', required: true },
    { name: 'bad', type: 'any', required: true },
    { name: '__proto__', type: 'str', required: true },
  ]);
  const many = Object.fromEntries(Array.from({ length: MAX_PAUSE_FIELDS + 10 }, (_, i) => [`f${i}`, 'str']));
  assert.equal(pauseFields(many).length, MAX_PAUSE_FIELDS);
  assert.deepEqual(pauseFields({}), []);
});

test('a paused play is a skipped test item whose message is "paused: <prompt>", never a failure', () => {
  const paused = { status: 'paused', pending_pause: { prompt: 'Approve the plan?' }, end_ms: 1, start_ms: 0, error: null, spans: [] } as unknown as Play;
  assert.deepEqual(playVerdict(paused, false), { kind: 'skipped', message: 'paused: Approve the plan?' });
  assert.equal(pauseNotice('Approve workspace rollout', 'Approve\n  the  plan?'), 'Approve workspace rollout is waiting: Approve the plan?');
  assert.match(pauseNotice('F', 'x'.repeat(500)), /^F is waiting: x{200}…$/);
});

test('the Plays view: paused plays show their prompt and offer Resume…/Cancel; failed ones Retry; ok ones neither', () => {
  const summary = { id: 'p1', flow_name: 'Approve workspace rollout', source_file: 'a.py', status: 'paused' as const, start_ms: 0, end_ms: 10, error: null, span_count: 3, pid: 1, attempt: 2, pending_prompt: 'Approve the rollout?' };
  const node = playNode(summary, 20);
  assert.equal(node.contextValue, 'play.paused');
  assert.equal(node.icon.id, 'debug-pause');
  assert.match(node.description, /^waiting: Approve the rollout\? · attempt 2 · /);
  assert.match(node.tooltip, /waiting: Approve the rollout\?/);
  assert.equal(playItemContext('failed'), 'play.retryable');
  for (const status of ['timed_out', 'interrupted', 'cancelled'] as const) assert.equal(playItemContext(status), 'play.retryable');
  assert.equal(playItemContext('ok'), 'play.finished');
  assert.equal(playItemContext('running'), 'play.running');
});

test("the host's guard takes a showAttempt only with a play id and a whole attempt number in range", () => {
  assert.equal(isWebviewToHostMessage({ type: 'showAttempt', playId: 'p', attempt: 2 }), true);
  for (const attempt of [0, -1, 1.5, Number.NaN, Infinity, '2', null, 1e9]) {
    assert.equal(isWebviewToHostMessage({ type: 'showAttempt', playId: 'p', attempt }), false, String(attempt));
  }
  assert.equal(isWebviewToHostMessage({ type: 'showAttempt', attempt: 2 }), false);
  assert.equal(isWebviewToHostMessage(JSON.parse('{"__proto__":{"type":"showAttempt"},"playId":"p","attempt":2}')), false);
});

test('the approval example through the plays service: paused, resumed live as attempt 2 (the plan replayed), its first attempt kept', async () => {
  const ws = tempDir('hero-durable-service-');
  const plays = new PlaysService(() => join(ws, '.hero'), editorTrust(true));
  const file = join(EXAMPLES, 'approval_flow.py');
  const start = { python: 'python3', timeoutMs: 60_000, cwd: EXAMPLES, workspace: EXAMPLES };
  try {
    const first = await plays.run({ file, flow: 'Approve workspace rollout', inputs: { team: 'design', seats: 8 }, ...start }).done;
    assert.equal(first.play.status, 'paused', first.play.error ?? '');
    assert.match(first.play.pending_pause!.prompt, /^Approve the rollout of design-workspace: 8 seats/);
    assert.deepEqual(pauseFields(first.play.pending_pause!.fields).map((f) => [f.name, f.type, f.required]), [
      ['approve', 'bool', true],
      ['seats', 'int', false],
      ['note', 'str', false],
    ]);
    assert.equal(playVerdict(first.play, false).kind, 'skipped');

    // A bad answer is refused before anything starts: the play stays paused.
    assert.throws(() => plays.resume(first.play.id, { values: { approve: 'yes please' } }, start), AttemptError);
    assert.equal((await plays.store().load(first.play.id)).status, 'paused');

    const changes: PlayChange['type'][] = [];
    const listening = plays.onDidChange((change) => change.playId === first.play.id && changes.push(change.type));
    const resumed = plays.resume(first.play.id, { values: { approve: true, seats: 6 } }, start);
    assert.equal(resumed.id, first.play.id, 'the same play id');
    assert.ok(plays.livePlay(first.play.id), 'the new attempt is live in this window');
    const done = await resumed.done;
    listening.dispose();
    assert.equal(done.play.status, 'ok', done.play.error ?? '');
    assert.equal(done.play.attempt, 2);
    assert.deepEqual(changes[0], 'listed');
    assert.equal(changes.at(-1), 'ended');
    assert.deepEqual(done.play.output, { workspace_id: 1, boards: 2, invited: 2 });
    const plan = done.play.spans.find((s) => s.name === 'plan rollout')!;
    assert.equal(plan.replayed, true, 'the recorded plan replays');
    assert.equal(done.play.spans.filter((s) => s.kind === 'rpc' && s.replayed).length, 0, 'the rollout ran live');
    assert.deepEqual(done.play.attempts?.map((a) => [a.attempt, a.mode, a.status]), [
      [1, 'run', 'paused'],
      [2, 'resume', 'ok'],
    ]);
    const earlier = await plays.loadAttempt(plays.storeDir, first.play.id, 1);
    assert.equal(earlier.attempt, 1);
    assert.equal(earlier.status, 'paused');
    assert.deepEqual(earlier.spans.map((s) => s.kind), ['flow_root', 'step', 'pause']);
    assert.throws(() => plays.resume(first.play.id, { values: { approve: true } }, start), /is ok, not paused/);

    // A paused play cancelled from the Plays view.
    const other = await plays.run({ file, flow: 'Approve workspace rollout', inputs: { team: 'ops' }, ...start }).done;
    assert.equal(other.play.status, 'paused');
    assert.equal(plays.cancelPaused(other.play.id).status, 'cancelled');
    const cancelled = await plays.store().load(other.play.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.pending_pause ?? null, null);
    assert.equal(playItemContext(cancelled.status), 'play.retryable');
  } finally {
    plays.dispose();
  }
});

test('Retry and Retry Reusing Results through the plays service: a failed play runs again under its id, its recorded step replayed', async () => {
  const ws = tempDir('hero-durable-retry-');
  const file = join(ws, 'flaky.py');
  const flaky = (check: string) =>
    [
      'from hero_tracing import flow',
      '',
      '@flow.step("fetch plan")',
      'def fetch_plan():',
      '    return {"changes": 3}',
      '',
      '@flow("Flaky deploy")',
      'def deploy(inputs):',
      '    plan = fetch_plan()',
      check,
      '    return plan',
      '',
    ].join('\n');
  writeFileSync(file, flaky('    raise flow.Failed("the deploy target is down")'));
  const plays = new PlaysService(() => join(ws, '.hero'), editorTrust(true));
  const start = { python: 'python3', timeoutMs: 60_000, cwd: ws, workspace: ws };
  try {
    const first = await plays.run({ file, flow: 'Flaky deploy', inputs: {}, ...start }).done;
    assert.equal(first.play.status, 'failed');
    assert.equal(playItemContext(first.play.status), 'play.retryable');
    const again = await plays.retry(first.play.id, false, start).done;
    assert.equal(again.play.id, first.play.id);
    assert.equal(again.play.status, 'failed', 'the same code fails the same way');
    assert.equal(again.play.spans.find((s) => s.name === 'fetch plan')?.replayed, true, 'the recorded success replays');
    // The fix changes the file (another version): reusing results keeps the recorded plan all the same.
    writeFileSync(file, flaky('    pass'));
    const fixed = await plays.retry(first.play.id, true, start).done;
    assert.equal(fixed.play.status, 'ok', fixed.play.error ?? '');
    assert.deepEqual(fixed.play.output, { changes: 3 });
    assert.equal(fixed.play.spans.find((s) => s.name === 'fetch plan')?.replayed, true);
    assert.deepEqual(fixed.play.attempts?.map((a) => [a.attempt, a.mode, a.status]), [
      [1, 'run', 'failed'],
      [2, 'retry', 'failed'],
      [3, 'retry_reuse', 'ok'],
    ]);
    assert.throws(() => plays.retry(first.play.id, false, start), /only a failed, timed-out, interrupted or cancelled play can be retried/);
  } finally {
    plays.dispose();
  }
});
