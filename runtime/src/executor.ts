// Runs one flow of one file as a play: binds the span socket (spanSocket.ts) in a private directory, spawns the
// Python bootstrap in its own process group, collects spans live into the store, starts the child
// plays its flow asks for (childPlays.ts), and maps how the process ended onto the play statuses of
// spec §4. Every process the flow starts ends with the play, wherever it went (processTree.ts), and
// the play records which ones had to be killed.

import { spawn, type ChildProcess } from 'node:child_process';
import { delimiter, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AttemptMode, JsonObject, KilledProcess, PendingPause, Play, PlayAttempt } from '../../common/src/play';
import type { PlayRunEvent } from '../../common/src/runtimeEvents';
import { BOOTSTRAP_EXIT, ENV, type BootstrapRequest, type DurableRequest, type InvokeReply } from '../../common/src/wire';
import { AttemptLock } from './attemptLock';
import { HISTORY_FILE, HistoryError, readHistory } from './history';
import type { ReplaySummary } from './playBuilder';
import { ChildPlays } from './childPlays';
import { Collector } from './collector';
import type { InvokeRequest } from './invokeRequest';
import { OutputCapture } from './outputCapture';
import { finishedPlayStatus, type ProcessEnd, type StopReason } from './finishedPlayStatus';
import { assemblePlay, emptyPlay, errorFromSpans, noOutcomeYet } from './playOutcome';
import { privateRuntimeDir, socketPathFor } from './privateDir';
import { PROCESS_MARK_ENV, ProcessTree, markFor } from './processTree';
import type { SdkSource } from './sdkChoice';
import { bootstrapPath, pythonRuntimeDir } from './sdkPaths';
import { SpanSocket, type SpanConnection } from './spanSocket';
import { newPlayId, type PlayRecorder, type PlayStore } from './store';

export interface RunOptions {
  file: string;
  /** Flow name (or function name); omitted when the file defines exactly one flow. */
  flow?: string | null;
  /** Typed input values. */
  inputs?: JsonObject;
  /** `--input K=V` strings, converted by the flow's declared field types. */
  rawInputs?: Record<string, string>;
  store: PlayStore;
  python?: string;
  timeoutMs?: number | null;
  cwd?: string;
  workspace?: string | null;
  env?: NodeJS.ProcessEnv;
  parentSpan?: string | null;
  /** The play whose flow started this one as a child play (recorded as `parent_play_id`). */
  parentPlayId?: string | null;
  /** How many child plays deep this one is (0: started directly); see MAX_CHILD_DEPTH. */
  childDepth?: number;
  /** Time between SIGTERM and SIGKILL when a play is cancelled or times out. */
  cancelGraceMs?: number;
  /** How much of stdout/stderr the play record keeps (the store keeps everything). */
  maxCapturedOutput?: number;
  /**
   * Which hero_tracing the flow imports: 'bundled' (default: the runtime's dist/python, first on
   * PYTHONPATH) or 'installed' (the interpreter's own; sdkChoice.ts says when that is safe).
   */
  sdk?: SdkSource;
  /** Answers for the pauses ahead (docs/durable.md, "Prefill"): by pause key, then in order. */
  prefill?: Prefill;
  /** A pause with no recorded or prefilled answer fails the play instead of parking it. */
  prefillOnly?: boolean;
}

/** Answers for pauses ahead, as the bootstrap's DurableRequest carries them. */
export type Prefill = DurableRequest['prefill'];

/**
 * How a run continues a stored play as a new attempt (attempts.ts builds it, having checked the
 * play and taken its lock): the play as stored, the attempt's number and mode.
 */
export interface Continuation {
  play: Play;
  attempt: number;
  mode: AttemptMode;
  lock: AttemptLock;
}

export interface PlayOutcome {
  play: Play;
  /** The play never started its flow: bad inputs, no such flow, a file that does not load. */
  rejected: boolean;
}

const DEFAULT_GRACE_MS = 3000;
/** Child plays of child plays stop here: each is a process, and a flow that spawns itself would never end. */
export const MAX_CHILD_DEPTH = 16;
const DEFAULT_CAPTURE = 1 << 20;
/**
 * After the flow's process exits and its leftovers are killed, how long its connections and output
 * pipes may stay open: a process the sweep could not find may hold them for ever.
 */
const STREAM_DRAIN_MS = 1000;

export class PlayRun {
  readonly play: Play;
  readonly done: Promise<PlayOutcome>;
  private readonly listeners = new Set<(event: PlayRunEvent) => void>();
  private readonly collector: Collector;
  private readonly recorder: PlayRecorder;
  private readonly stdout: OutputCapture;
  private readonly stderr: OutputCapture;
  private readonly children = new ChildPlays((request) => this.startChild(request));
  private child: ChildProcess | undefined;
  /** Every process of the play, once the flow's process exists. */
  private tree: ProcessTree | undefined;
  /** The flow's descendants the play had to end (SIGTERM at a stop, SIGKILL after), by pid. */
  private readonly killed = new Map<number, KilledProcess>();
  /** When the timeout fires (epoch ms); a child play gets what is left. */
  private deadline: number | undefined;
  private stopReason: StopReason | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private flowReported = false;
  private finished = false;
  /** This attempt's number and mode (1 and `run` for a play's first run). */
  private readonly attempt: number;
  private readonly mode: AttemptMode;
  private lock: AttemptLock | undefined;

  constructor(
    private readonly options: RunOptions,
    continuation?: Continuation,
  ) {
    const now = Date.now();
    this.attempt = continuation?.attempt ?? 1;
    this.mode = continuation?.mode ?? 'run';
    const thisAttempt: PlayAttempt = { attempt: this.attempt, mode: this.mode, start_ms: now, end_ms: null, status: 'running', error: null, exit_code: null, replayed: 0, live: 0, diverged: null, version: null };
    if (continuation) {
      this.play = continuedPlay(continuation.play, thisAttempt);
      this.play.prefill_only = options.prefillOnly ?? false;
      this.lock = continuation.lock;
      try {
        this.recorder = options.store.continuePlay(this.play);
      } catch (error) {
        this.lock.release();
        throw error;
      }
    } else {
      this.play = emptyPlay(newPlayId(), now);
      this.play.source_file = resolve(options.file);
      this.play.flow_name = options.flow ?? null;
      this.play.inputs = { ...(options.inputs ?? {}), ...(options.rawInputs ?? {}) };
      this.play.workspace = options.workspace ?? options.cwd ?? process.cwd();
      this.play.parent_play_id = options.parentPlayId ?? null;
      this.play.attempt = 1;
      this.play.attempts = [thisAttempt];
      this.play.pending_pause = null;
      this.play.prefill_only = options.prefillOnly ?? false;
      this.recorder = options.store.begin(this.play);
      // A new folder: nobody else can hold its lock yet.
      const lock = AttemptLock.acquire(this.recorder.dir, 1);
      if (lock instanceof AttemptLock) this.lock = lock;
    }
    this.stdout = new OutputCapture(options.maxCapturedOutput ?? DEFAULT_CAPTURE);
    this.stderr = new OutputCapture(options.maxCapturedOutput ?? DEFAULT_CAPTURE);
    this.collector = new Collector({
      onBlock: (bytes) => this.recorder.writeTrace(bytes),
      onApplied: () => this.scheduleFlush(),
    });
    this.done = this.run();
  }

  get id(): string {
    return this.play.id;
  }

  onEvent(listener: (event: PlayRunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels the play's child plays, terminates every process of the flow, then kills them after the grace period. */
  cancel(reason: StopReason = 'cancel'): void {
    if (this.finished || this.stopReason) return;
    this.stopReason = reason;
    this.children.cancelAll();
    if (!this.child) return;
    this.signalGroup('SIGTERM');
    this.remember(this.tree?.terminateAll());
    this.killTimer = setTimeout(() => this.killEverything(), this.options.cancelGraceMs ?? DEFAULT_GRACE_MS);
  }

  private emit(event: PlayRunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not break the play.
      }
    }
  }

  private async run(): Promise<PlayOutcome> {
    let socket: SpanSocket;
    try {
      socket = await SpanSocket.open(socketPathFor(privateRuntimeDir(), this.play.id), (send) => this.connected(send));
    } catch (error) {
      return this.finish({ code: null, signal: null, setupError: error as Error });
    }
    this.emit({ type: 'play_started', play: this.play });
    let timeout: NodeJS.Timeout | undefined;
    let exit: ProcessEnd;
    try {
      if (this.stopReason) {
        exit = { code: null, signal: null };
      } else {
        const child = this.spawnBootstrap(socket.path);
        if (this.options.timeoutMs) {
          this.deadline = Date.now() + this.options.timeoutMs;
          timeout = setTimeout(() => this.cancel('timeout'), this.options.timeoutMs);
        }
        exit = await this.exited(child);
        // The play's processes do not outlive it, and it does not wait for pipes they hold.
        this.killEverything();
        await this.outputClosed(child);
      }
      await socket.drain(STREAM_DRAIN_MS);
      // A child does not outlive its parent (closing its connection already cancelled it); the
      // play ends after its children, so whoever awaits it finds them settled in the store.
      this.children.cancelAll();
      await this.children.settle();
    } finally {
      clearTimeout(timeout);
      clearTimeout(this.killTimer);
      socket.close();
    }
    return this.finish(exit);
  }

  /** One connection to the span socket: its lines go to the collector, its `invoke_request` to the child plays. */
  private connected(send: (line: string) => void): SpanConnection {
    const requests = this.children.connection((reply: InvokeReply) => send(`${JSON.stringify(reply)}\n`));
    const feed = this.collector.openStream((event) => requests.request(event));
    return {
      data: (chunk) => feed.push(chunk),
      closed: () => {
        feed.end();
        requests.closed();
        this.scheduleFlush();
      },
    };
  }

  private spawnBootstrap(socketPath: string): ChildProcess {
    const sdk = pythonRuntimeDir();
    const baseEnv = this.options.env ?? process.env;
    const installed = this.options.sdk === 'installed';
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      PYTHONPATH: installed ? baseEnv.PYTHONPATH : baseEnv.PYTHONPATH ? `${sdk}${delimiter}${baseEnv.PYTHONPATH}` : sdk,
      PYTHONUNBUFFERED: '1',
      PYTHONIOENCODING: 'utf-8',
      [ENV.spanSocket]: socketPath,
      [ENV.playId]: this.play.id,
      [ENV.traceId]: randomBytes(16).toString('hex'),
      [ENV.workspace]: this.play.workspace ?? this.options.cwd ?? process.cwd(),
      [ENV.childPlays]: '1',
      [PROCESS_MARK_ENV]: markFor(baseEnv[PROCESS_MARK_ENV], this.play.id),
    };
    if (installed) env[ENV.sdk] = 'installed';
    else delete env[ENV.sdk];
    if (env.PYTHONPATH === undefined) delete env.PYTHONPATH;
    if (this.options.parentSpan) env[ENV.parentSpan] = this.options.parentSpan;
    else delete env[ENV.parentSpan];

    const child = spawn(this.options.python ?? 'python3', [bootstrapPath()], {
      cwd: this.options.cwd ?? process.cwd(),
      env,
      detached: true, // its own process group, so cancel reaches every process the flow started
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    if (child.pid !== undefined) this.tree = new ProcessTree(child.pid, this.play.id);
    child.stdin!.on('error', () => undefined); // the process may die before reading its request
    const request: BootstrapRequest = {
      file: resolve(this.options.file),
      flow: this.options.flow ?? null,
      inputs: this.options.inputs ?? {},
      raw_inputs: this.options.rawInputs ?? {},
      durable: this.durableRequest(),
    };
    child.stdin!.end(JSON.stringify(request));
    for (const stream of ['stdout', 'stderr'] as const) {
      const capture = stream === 'stdout' ? this.stdout : this.stderr;
      child[stream]!.on('data', (chunk: Buffer) => {
        capture.push(chunk);
        this.recorder.writeOutput(stream, chunk);
        this.emit({ type: 'process_output', playId: this.play.id, stream, text: chunk.toString('utf8') });
      });
    }
    if (this.stopReason) this.cancel(this.stopReason);
    return child;
  }

  /**
   * How this attempt records and replays. A child play (flow.invoke spawn=True) runs prefill-only:
   * it cannot park on its own (docs/durable.md, "Child plays"), its parent's invoke is what is recorded.
   */
  private durableRequest(): DurableRequest {
    const child = (this.options.childDepth ?? 0) > 0;
    return {
      history: this.historyPath,
      attempt: this.attempt,
      mode: this.mode,
      prefill: this.options.prefill ?? { by_key: {}, in_order: [] },
      prefill_only: child || (this.options.prefillOnly ?? false),
    };
  }

  private get historyPath(): string {
    return join(this.recorder.dir, HISTORY_FILE);
  }

  /** A child play for the flow's `flow.invoke(..., spawn=True)`: same store, interpreter, environment and folders. */
  private startChild(request: InvokeRequest): PlayRun {
    const depth = (this.options.childDepth ?? 0) + 1;
    if (depth > MAX_CHILD_DEPTH) {
      throw new Error(`child plays nest ${MAX_CHILD_DEPTH} deep already (a flow that spawns itself?): '${request.flow}' was not started`);
    }
    const child = startPlay({
      ...this.options,
      file: request.file,
      flow: request.flow,
      inputs: request.inputs,
      rawInputs: undefined,
      prefill: undefined,
      prefillOnly: true,
      workspace: this.play.workspace,
      parentSpan: request.span_id,
      parentPlayId: this.play.id,
      childDepth: depth,
      timeoutMs: this.deadline === undefined ? null : Math.max(1, this.deadline - Date.now()),
    });
    this.emit({ type: 'child_play_started', playId: this.play.id, child });
    return child;
  }

  /** The flow's own process ended ('exit', not 'close': a descendant may hold its pipes open). */
  private exited(child: ChildProcess): Promise<ProcessEnd> {
    return new Promise((resolvePromise) => {
      child.once('error', (spawnError) => resolvePromise({ code: null, signal: null, spawnError }));
      child.once('exit', (code, signal) => resolvePromise({ code, signal }));
    });
  }

  /** Reads the flow's output to its end, but no longer than STREAM_DRAIN_MS once everything is killed. */
  private async outputClosed(child: ChildProcess): Promise<void> {
    const streams = [child.stdout!, child.stderr!];
    const open = streams.filter((stream) => !stream.closed);
    if (open.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(open.map((stream) => new Promise((resolveClose) => stream.once('close', resolveClose)))),
      new Promise((resolveTimer) => (timer = setTimeout(resolveTimer, STREAM_DRAIN_MS))),
    ]);
    clearTimeout(timer);
    for (const stream of streams) stream.destroy();
  }

  /** Kills every process of the play that is still alive and remembers which ones it found. */
  private killEverything(): void {
    this.remember(this.tree?.killAll());
    this.signalGroup('SIGKILL'); // where there is no /proc, the group is all there is
  }

  private remember(signalled: KilledProcess[] = []): void {
    for (const process of signalled) this.killed.set(process.pid, process);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const { builder } = this.collector;
    if (builder.flow && !this.flowReported) {
      this.flowReported = true;
      this.play.flow_name = builder.flow.name;
      this.play.source_file = builder.flow.source_file ?? this.play.source_file;
      this.play.inputs = builder.flow.inputs;
      this.recorder.update(this.play);
      this.emit({ type: 'play_updated', play: this.play });
    }
    const spans = builder.takeChanges();
    if (spans.length > 0) this.emit({ type: 'spans_changed', playId: this.play.id, spans });
  }

  /**
   * The pause this attempt parked on: the history's pending pause (the SDK wrote and synced it before
   * exiting 75), else what its `play_paused` event said; undefined when neither says it paused.
   */
  private pendingPause(): PendingPause | undefined {
    let fromHistory;
    try {
      fromHistory = readHistory(this.historyPath).pendingPause;
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
    }
    if (fromHistory && fromHistory.attempt === this.attempt) {
      const { pause_key, prompt, fields, span_id, attempt, t_ms } = fromHistory;
      return { key: pause_key, prompt, fields, span_id, attempt, since_ms: t_ms };
    }
    const event = this.collector.builder.paused;
    if (!event) return undefined;
    return { key: event.key, prompt: event.prompt, fields: event.fields, span_id: event.span_id, attempt: this.attempt, since_ms: event.t_ms };
  }

  /** This attempt's record, as the attempt ended. */
  private closeAttempt(play: Play, replay: ReplaySummary | null): void {
    const record = play.attempts?.find((attempt) => attempt.attempt === this.attempt);
    if (!record) return;
    record.end_ms = play.end_ms;
    record.status = play.status;
    record.error = play.error;
    record.exit_code = play.exit_code;
    if (replay) {
      record.replayed = replay.replayed;
      record.live = replay.live;
      record.diverged = replay.diverged;
      record.version = replay.version;
    }
  }

  private finish(exit: ProcessEnd): PlayOutcome {
    this.flush();
    const { builder } = this.collector;
    const play = this.play;
    play.end_ms = Date.now();
    assemblePlay(play, builder, { as: this.stopReason ? 'cancelled' : 'failed', atMs: play.end_ms });
    play.exit_code = exit.code;
    play.exit_signal = exit.signal;
    play.output = builder.output;
    const verdict = finishedPlayStatus({
      exit,
      stopReason: this.stopReason,
      timeoutMs: this.options.timeoutMs ?? null,
      python: this.options.python ?? 'python3',
      rejection: builder.rejection,
      rejectedFlow: builder.rejectedFlow,
      returned: builder.hasOutput,
      rootStatus: builder.rootSpan()?.status,
      spanError: () => errorFromSpans(builder),
      spanCount: builder.spans.size,
      lastStderrLine: () => this.stderr.lastLine(),
    });
    play.status = verdict.status;
    play.error = verdict.error;
    play.flow_name = verdict.flowName ?? play.flow_name;
    play.pending_pause = null;
    if (exit.code === BOOTSTRAP_EXIT.paused && !this.stopReason && verdict.status === 'failed') {
      const pending = this.pendingPause();
      if (pending) {
        play.status = 'paused';
        play.error = null;
        play.pending_pause = pending;
      }
    }
    this.closeAttempt(play, builder.replay);
    play.stdout = this.stdout.text(this.recorder.outputPath('stdout'));
    play.stderr = this.stderr.text(this.recorder.outputPath('stderr'));
    play.killed_processes = [...this.killed.values()];
    this.finished = true;
    this.recorder.finish(play);
    this.lock?.release();
    this.emit({ type: 'play_finished', play });
    return { play, rejected: verdict.rejected };
  }
}

/** The stored play as a new attempt begins it: same id, inputs and attempts so far; nothing of the last attempt's outcome. */
function continuedPlay(stored: Play, attempt: PlayAttempt): Play {
  return {
    ...stored,
    ...noOutcomeYet(),
    killed_processes: [],
    attempt: attempt.attempt,
    attempts: [...(stored.attempts ?? []).filter((earlier) => earlier.attempt < attempt.attempt), attempt],
    pending_pause: null,
  };
}

/** Starts a play; throws a StoreError at once when the store cannot be written. */
export function startPlay(options: RunOptions): PlayRun {
  return new PlayRun(options);
}
