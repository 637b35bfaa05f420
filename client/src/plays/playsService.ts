// Room client/src/plays/: the one door to plays — the store's location, the store, the plays this window runs, the Plays view and status bar.

// The plays service: the one owner of the play store (where it is, opened only here, read only once
// the workspace is trusted) and of the plays this window runs (ActivePlays), with the one live state
// of each. The runner starts plays through it, the Plays view and the commands list, load and delete
// through it; the trace panels load a play through it and, while it runs here, read its live state
// here and hand on its changes (onDidChange) instead of keeping a copy. None of them opens a store.
// test/client/playsService.test.ts keeps it so. No `vscode` import: the location and the trust are passed in.

import type { LivePlay } from '../../../common/src/livePlay';
import type { Play } from '../../../common/src/play';
import type { RunningPlay } from '../../../common/src/runtimeEvents';
import { cancelPausedPlay, resumePlay, retryPlay, type ContinueOptions } from '../../../runtime/src/attempts';
import type { PauseAnswer } from '../../../runtime/src/pauseAnswer';
import { PlayStore, type PlaySummary } from '../../../runtime/src/store';
import type { WorkspaceTrust } from '../trust';
import { ActivePlays, type ActivePlaysListener, type PlayChange, type PlayRequest, type PlayRun } from './activePlays';
import { liveSummary } from './playsTree';
import { TrustedStore, type StoredPlays } from './trustedStore';

export type { PlayChange, PlaySummary, StoredPlays };

/** A play to start: the store is the service's. */
export type PlayStart = Omit<PlayRequest, 'store'>;

/** How a stored play's new attempt runs (docs/durable.md): the store is the service's, the rest the stored play fixes. */
export type AttemptStart = Omit<ContinueOptions, 'store'>;

export class PlaysService {
  private readonly access: TrustedStore;

  constructor(
    private readonly location: () => string,
    trust: WorkspaceTrust,
    private readonly active = new ActivePlays(),
  ) {
    this.access = new TrustedStore(trust, location, (dir) => this.storeAt(dir));
  }

  /** Where the store is now (the `heroFlows.playsStore` setting and the workspace). */
  get storeDir(): string {
    return this.location();
  }

  /** The store, for reading or deleting plays; throws, saying why, before the workspace is trusted. */
  store(): PlayStore {
    return this.access.store();
  }

  /** The store's plays; none, without touching the store, before the workspace is trusted. */
  stored(): Promise<StoredPlays> {
    return this.access.list();
  }

  /** Calls `listener` once, when trust is granted. */
  onDidBecomeTrusted(listener: () => void): { dispose(): unknown } {
    return this.access.onDidBecomeTrusted(listener);
  }

  /**
   * A play by its full id: its live state when it runs in this window, else read from the store at
   * `storeDir` (a trace panel's source names its store; the caller has checked the source).
   */
  async load(storeDir: string, playId: string): Promise<Play> {
    return this.active.snapshot(playId) ?? (await this.storeAt(storeDir).load(playId));
  }

  /** Starts a play into the current store; throws (a StoreError) when the store cannot be written. */
  run(start: PlayStart): PlayRun {
    return this.active.run({ ...start, store: this.storeAt(this.storeDir) });
  }

  /**
   * Answers a paused play of the current store and runs its next attempt, followed like any run.
   * Throws an AttemptError (not paused, a bad answer, another attempt running…) before anything starts.
   */
  resume(playId: string, answer: PauseAnswer, start: AttemptStart): PlayRun {
    return this.active.adopt(resumePlay(playId, answer, { ...start, store: this.store() }));
  }

  /** Runs a failed, timed-out, interrupted or cancelled play again as its next attempt; `reuseResults`: across a code change. */
  retry(playId: string, reuseResults: boolean, start: AttemptStart): PlayRun {
    return this.active.adopt(retryPlay(playId, { ...start, store: this.store(), reuseResults }));
  }

  /** A paused play of the current store becomes cancelled; throws an AttemptError when it is not paused. */
  cancelPaused(playId: string): Play {
    return cancelPausedPlay(this.store(), playId);
  }

  /** One earlier attempt of a play (its own trace: `trace.<n>.jsonl`); the store at `storeDir` as in load. */
  loadAttempt(storeDir: string, playId: string, attempt: number): Promise<Play> {
    return this.storeAt(storeDir).load(playId, { attempt });
  }

  /** Where a play of the current store keeps its trace (`<store>/plays/<id>/trace.jsonl`). */
  tracePath(playId: string): string {
    return this.storeAt(this.storeDir).tracePath(playId);
  }

  /** A play running in this window (its events), or undefined. */
  running(playId: string): RunningPlay | undefined {
    return this.active.get(playId)?.run;
  }

  /**
   * The live state of a play running in this window (its record, each span's latest state), or
   * undefined once it left the running list. The one copy: read it, never change it.
   */
  livePlay(playId: string): LivePlay | undefined {
    return this.active.get(playId);
  }

  /** The final state of a play that ended lately in this window, or undefined. */
  endedPlay(playId: string): LivePlay | undefined {
    return this.active.endedState(playId);
  }

  /** The plays running in this window, as the Plays view lists them. */
  runningSummaries(): PlaySummary[] {
    return this.active.list().map(({ run, spans }) => liveSummary(run.play, spans.size));
  }

  get runningCount(): number {
    return this.active.count;
  }

  /** Cancels a play this window runs; false when it runs elsewhere (or no longer). */
  cancel(playId: string): boolean {
    return this.active.cancel(playId);
  }

  /** Fires whenever a play this window runs starts, changes or ends, with the change as its live state took it. */
  onDidChange(listener: ActivePlaysListener): { dispose(): void } {
    return this.active.onDidChange(listener);
  }

  /** Cancels every play this window runs (the window is closing: no orphan process). */
  dispose(): void {
    this.active.dispose();
  }

  /** The one place the client opens a store. */
  private storeAt(dir: string): PlayStore {
    return new PlayStore(dir);
  }
}
