// A play continues over attempts under the same id (docs/durable.md): a resume answers the pause a
// paused play waits on, a retry runs a failed one again, and each starts a new attempt of the
// stored play whose flow replays its history. Everything is checked before anything starts — the
// lock, the play's status, the answer, the history — and a refusal is an AttemptError that leaves
// the play as it was. A paused play can also be cancelled without an attempt.

import { statSync } from 'node:fs';
import type { AttemptMode, JsonObject, Play, PlayStatus } from '../../common/src/play';
import { AttemptLock, isAlive } from './attemptLock';
import { PlayRun, type Continuation, type RunOptions } from './executor';
import { HistoryError, readHistory } from './history';
import { checkPauseAnswer, type PauseAnswer } from './pauseAnswer';
import { ProcessTree } from './processTree';
import { parkedPause, StoreError, type PlayStore } from './store';

/** A clear, user-facing reason a resume, retry or cancel was refused; the play is unchanged. */
export class AttemptError extends Error {}

/** RunOptions minus what the stored play already fixes (file, flow, inputs, parent). */
export type ContinueOptions = Omit<RunOptions, 'file' | 'flow' | 'inputs' | 'rawInputs' | 'parentSpan' | 'parentPlayId' | 'childDepth'>;

/** The statuses a retry continues from. */
const RETRYABLE: ReadonlySet<PlayStatus> = new Set(['failed', 'timed_out', 'interrupted', 'cancelled']);

/**
 * Answer the paused play's pending pause and run a new attempt. Throws AttemptError (not paused:
 * names its status; bad answer: names the field; locked; corrupt history) before anything starts.
 */
export function resumePlay(playId: string, answer: PauseAnswer, options: ContinueOptions): PlayRun {
  return continuePlay(playId, options, 'resume', (play) => {
    if (play.status !== 'paused') throw new AttemptError(`play ${play.id} is ${play.status}, not paused: only a paused play can be resumed${play.status === 'ok' ? '' : play.status === 'running' ? '' : ` (retry it with 'hero-flows retry ${play.id}')`}`);
    const pending = play.pending_pause;
    if (!pending) throw new AttemptError(`play ${play.id} is paused but records no pending pause: cancel it or retry it`);
    const checked = checkPauseAnswer(pending.fields, answer);
    if (!checked.ok) throw new AttemptError(`the answer to '${pending.prompt}' is refused: ${checked.problem}; play ${play.id} stays paused`);
    const byKey: JsonObject = { ...(options.prefill?.by_key ?? {}) };
    Object.defineProperty(byKey, pending.key, { value: checked.answer, writable: true, enumerable: true, configurable: true });
    // A resume clears prefill-only: the person answering is there now.
    return { ...options, prefill: { by_key: byKey, in_order: options.prefill?.in_order ?? [] }, prefillOnly: false };
  });
}

/** New attempt of a failed/timed_out/interrupted/cancelled play; reuseResults: mode retry_reuse. */
export function retryPlay(playId: string, options: ContinueOptions & { reuseResults?: boolean }): PlayRun {
  const { reuseResults, ...rest } = options;
  return continuePlay(playId, rest, reuseResults ? 'retry_reuse' : 'retry', (play) => {
    if (play.status === 'paused') throw new AttemptError(`play ${play.id} is paused, waiting on '${play.pending_pause?.prompt ?? '?'}': resume it (or cancel it) instead of retrying`);
    if (!RETRYABLE.has(play.status)) throw new AttemptError(`play ${play.id} is ${play.status}: only a failed, timed-out, interrupted or cancelled play can be retried`);
    return { ...rest, prefillOnly: rest.prefillOnly ?? play.prefill_only ?? false };
  });
}

/** A paused play becomes cancelled (pending_pause cleared). Throws AttemptError if not paused. */
export function cancelPausedPlay(store: PlayStore, playId: string): Play {
  const id = resolve(store, playId);
  nextAttempt(store, id); // its play.json and folder checked (its own, inside the store) before the lock is made there
  const lock = acquire(store, id, 0);
  try {
    const play = storedPlay(store, id);
    if (play.status !== 'paused') throw new AttemptError(`play ${id} is ${play.status}, not paused: only a paused play can be cancelled here`);
    const now = Date.now();
    const cancelled: Play = { ...play, status: 'cancelled', error: 'cancelled while paused', pending_pause: null, end_ms: now };
    const latest = cancelled.attempts?.find((attempt) => attempt.attempt === (play.attempt ?? 1));
    if (latest) Object.assign(latest, { status: 'cancelled', error: 'cancelled while paused' });
    store.rewrite(cancelled, process.pid);
    return cancelled;
  } finally {
    lock.release();
  }
}

/**
 * The shared path of resume and retry: take the lock, read the play as it stands (settling one whose
 * runtime died), check it with `check` (which returns the options of the new attempt), check the
 * history, then start the attempt holding the lock.
 */
function continuePlay(playId: string, options: ContinueOptions, mode: AttemptMode, check: (play: Play) => ContinueOptions): PlayRun {
  const { store } = options;
  const id = resolve(store, playId);
  const attempt = nextAttempt(store, id);
  const lock = acquire(store, id, attempt);
  let continuation: Continuation;
  let runOptions: RunOptions;
  try {
    const play = storedPlay(store, id);
    const next = (play.attempt ?? 1) + 1;
    const chosen = check(play);
    try {
      readHistory(store.historyPath(id));
    } catch (error) {
      if (error instanceof HistoryError) throw new AttemptError(`play ${id} cannot continue: ${error.message}; the play is kept as it was`);
      throw error;
    }
    if (!play.source_file) throw new AttemptError(`play ${id} records no flow file: it cannot continue`);
    continuation = { play, attempt: next, mode, lock };
    runOptions = {
      ...chosen,
      file: play.source_file,
      flow: play.flow_name,
      inputs: play.inputs,
      rawInputs: {},
      workspace: chosen.workspace ?? play.workspace,
      // The folder the play ran in, so relative paths in the flow mean what they meant (when it still exists).
      cwd: chosen.cwd ?? (play.workspace && isDirectory(play.workspace) ? play.workspace : undefined),
      parentPlayId: play.parent_play_id ?? null,
    };
  } catch (error) {
    lock.release();
    throw error;
  }
  // Constructing the run hands it the lock (it releases it when the attempt ends, or at once if it cannot start).
  try {
    return new PlayRun(runOptions, continuation);
  } catch (error) {
    if (error instanceof StoreError) throw new AttemptError(`play ${id} cannot continue: ${error.message}`);
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function resolve(store: PlayStore, playId: string): string {
  try {
    return store.resolveId(playId);
  } catch (error) {
    if (error instanceof StoreError) throw new AttemptError(error.message);
    throw error;
  }
}

function nextAttempt(store: PlayStore, id: string): number {
  try {
    return (store.meta(id).attempt ?? 1) + 1;
  } catch (error) {
    if (error instanceof StoreError) throw new AttemptError(error.message);
    throw error;
  }
}

/** The play's lock for `attempt`, or an AttemptError naming the attempt that holds it. */
function acquire(store: PlayStore, id: string, attempt: number): AttemptLock {
  const lock = AttemptLock.acquire(store.playDir(id), attempt);
  if (lock instanceof AttemptLock) return lock;
  const held = lock.heldBy.attempt > 0 ? `attempt ${lock.heldBy.attempt}` : 'an attempt';
  throw new AttemptError(`play ${id} is already running ${held} (runtime pid ${lock.heldBy.pid}); wait for it to end`);
}

/**
 * The play as stored, its spans left out. A play stored as running holds no lock any more (we hold
 * it), so its runtime died: it is what its history says — parked on a pause, or interrupted. Any
 * process of the play still alive is ended before a new attempt appends to its history.
 */
function storedPlay(store: PlayStore, id: string): Play {
  let stored;
  try {
    stored = store.meta(id);
  } catch (error) {
    if (error instanceof StoreError) throw new AttemptError(error.message);
    throw error;
  }
  const { runtime_pid: pid, ...meta } = stored;
  const play: Play = { ...meta, spans: [] };
  // A first run writes its play.json just before it takes the lock: its runtime is alive.
  if (play.status === 'running' && (pid === process.pid || isAlive(pid))) {
    throw new AttemptError(`play ${id} is already running attempt ${play.attempt ?? 1} (runtime pid ${pid}); wait for it to end`);
  }
  // Else no attempt of this play runs anywhere (we hold the lock): a process still marked with its id
  // is a leftover of an attempt whose runtime died, and must not append to the history beside the new one.
  new ProcessTree(-1, id).killAll();
  if (play.status === 'running') {
    const pending = parkedPause(store.historyPath(id), play.attempt ?? 1);
    play.status = pending ? 'paused' : 'interrupted';
    play.pending_pause = pending ?? null;
    play.error = pending ? null : `interrupted: the runtime running this play (pid ${pid}) stopped before the play finished`;
    const latest = play.attempts?.find((attempt) => attempt.attempt === (play.attempt ?? 1));
    if (latest) Object.assign(latest, { status: play.status, error: play.error, end_ms: latest.end_ms ?? Date.now() });
  }
  return play;
}
