// The plays this window is running: each PlayRun and its one live state (common/src/livePlay.ts),
// and one change event the Plays view, the status bar and open trace panels listen to. Each change
// carries what changed, as the state took it, so a trace panel hands it on to its webview without
// keeping a state of its own. Starting a play goes through here so nothing is missed; child plays
// (`flow.invoke(..., spawn=True)`) are followed from their parent's events. No `vscode` import.

import { applyPlayRunEvent, livePlay, livePlaySnapshot, type AppliedPlayEvent, type LivePlay } from '../../../common/src/livePlay';
import type { JsonObject, Play } from '../../../common/src/play';
import type { PlayRunEvent, RunningPlay } from '../../../common/src/runtimeEvents';
import { startPlay, type PlayOutcome, type PlayRun, type RunOptions } from '../../../runtime/src/executor';
import type { PlayStore } from '../../../runtime/src/store';
import type { SdkSource } from '../../../runtime/src/sdkChoice';

export interface PlayRequest {
  file: string;
  /** Flow name, or function name for a flow without one. */
  flow: string;
  inputs: JsonObject;
  store: PlayStore;
  python: string;
  timeoutMs: number | null;
  cwd: string;
  workspace: string | null;
  /** The play's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Which hero_tracing the flow imports (runtime/src/sdkChoice.ts; default: the bundled one). */
  sdk?: SdkSource;
}

/** A running play and its live state (common/src/livePlay.ts), kept current from its events. */
export interface ActivePlay extends LivePlay {
  run: RunningPlay;
}

/**
 * A change to a play this window runs: it is listed (it started, or its parent started it), its
 * state took one of its events (`event`, with the state's copies), or it ended and left the list
 * (`state`: its last state, the finished play, for whoever still shows it).
 */
export type PlayChange =
  | { type: 'listed'; playId: string }
  | { type: 'applied'; playId: string; event: AppliedPlayEvent }
  | { type: 'ended'; playId: string; state: LivePlay };

export type ActivePlaysListener = (change: PlayChange) => void;

/**
 * How many ended plays keep their final state here: a panel may have loaded a play's live snapshot
 * just before it ended (the load and the panel's start are a few microtasks apart), and must show
 * how it ended, not that snapshot.
 */
const ENDED_KEPT = 16;

export class ActivePlays {
  private readonly plays = new Map<string, ActivePlay>();
  private readonly ended = new Map<string, LivePlay>();
  private readonly listeners = new Set<ActivePlaysListener>();

  constructor(private readonly start: (options: RunOptions) => PlayRun = startPlay) {}

  /** Starts a play; throws (a StoreError) when the store cannot be written. */
  run(request: PlayRequest): PlayRun {
    const run = this.start({
      file: request.file,
      flow: request.flow,
      inputs: request.inputs,
      store: request.store,
      python: request.python,
      timeoutMs: request.timeoutMs,
      cwd: request.cwd,
      workspace: request.workspace,
      env: request.env,
      sdk: request.sdk,
    });
    this.track(run);
    return run;
  }

  /** Follows a play the runtime started elsewhere (a resume's or a retry's new attempt: runtime/src/attempts.ts). */
  adopt(run: PlayRun): PlayRun {
    this.track(run);
    return run;
  }

  /** Follows a play until it ends, and every child play it starts. */
  private track(run: RunningPlay): void {
    const active: ActivePlay = { run, ...livePlay({ ...run.play, spans: [] }) };
    this.plays.set(run.id, active);
    const unsubscribe = run.onEvent((event: PlayRunEvent) => {
      const applied = applyPlayRunEvent(active, event);
      if (applied) this.emit({ type: 'applied', playId: run.id, event: applied });
      else if (event.type === 'child_play_started') this.track(event.child);
    });
    this.emit({ type: 'listed', playId: run.id });
    const settle = () => {
      unsubscribe(); // its last state goes to the end event's listeners, unchanged from then on
      this.settle(active);
    };
    void run.done.then(settle, settle);
  }

  get(id: string): ActivePlay | undefined {
    return this.plays.get(id);
  }

  /** The live state of a running play: its record with the spans received so far. */
  snapshot(id: string): Play | undefined {
    const active = this.plays.get(id);
    return active && livePlaySnapshot(active);
  }

  /** The final state of a play that ended lately in this window (the last ENDED_KEPT), or undefined. */
  endedState(id: string): LivePlay | undefined {
    return this.ended.get(id);
  }

  list(): ActivePlay[] {
    return [...this.plays.values()];
  }

  get count(): number {
    return this.plays.size;
  }

  cancel(id: string): boolean {
    const active = this.plays.get(id);
    active?.run.cancel();
    return active !== undefined;
  }

  onDidChange(listener: ActivePlaysListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Cancels every play (the window is closing: no orphan process). */
  dispose(): void {
    for (const active of this.plays.values()) active.run.cancel();
    this.listeners.clear();
  }

  private settle(active: ActivePlay): void {
    this.plays.delete(active.run.id);
    const state: LivePlay = { play: active.play, spans: active.spans };
    this.ended.set(active.run.id, state);
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value!);
    this.emit({ type: 'ended', playId: active.run.id, state });
  }

  private emit(change: PlayChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's bug must not stop the others.
      }
    }
  }
}

export type { PlayOutcome, PlayRun };
