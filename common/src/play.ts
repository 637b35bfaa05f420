// The play and span records of spec §4, as every process sees them.
// Field names are the contract: `--json` output, the store and the webview all use them as-is.

export type SpanKind = 'flow_root' | 'step' | 'rpc' | 'subflow' | 'pause' | 'other';
export const SPAN_KINDS: readonly SpanKind[] = ['flow_root', 'step', 'rpc', 'subflow', 'pause', 'other'];

export type SpanStatus = 'running' | 'ok' | 'failed' | 'cancelled';
export const FINAL_SPAN_STATUSES: readonly SpanStatus[] = ['ok', 'failed', 'cancelled'];

/**
 * `interrupted` extends spec §4: the runtime that owned the play stopped before the play did
 * (a crash, a kill -9), so nobody saw it end. It is not `failed`, which the flow itself decides.
 * `paused`: the flow called `flow.pause` with no answer; no process runs until a resume
 * (docs/durable.md).
 */
export type PlayStatus = 'running' | 'ok' | 'failed' | 'cancelled' | 'timed_out' | 'interrupted' | 'paused';
export const PLAY_STATUSES: readonly PlayStatus[] = ['running', 'ok', 'failed', 'cancelled', 'timed_out', 'interrupted', 'paused'];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface SpanLog {
  t_ms: number;
  message: string;
}

export interface Span {
  span_id: string;
  parent_id: string | null;
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  start_ms: number | null;
  end_ms: number | null;
  tags: JsonObject;
  logs: SpanLog[];
  error: string | null;
  source_file: string | null;
  source_line: number | null;
  replayed: boolean;
  /** True while events arrived for this id but its `span_start` never did. */
  missing_start?: boolean;
  /**
   * Why this span's times cannot be drawn as a duration: it ends before it starts, or a time was
   * not a plausible epoch time (that time is then null). Absent when its times are fine.
   */
  time_error?: string;
}

/** What the collector skipped or had to guess, so a broken stream is visible instead of silent. */
export interface StreamStats {
  lines: number;
  events: number;
  invalid_json: number;
  missing_fields: number;
  oversized_lines: number;
  unknown_types: number;
  unknown_statuses: number;
  spans_without_start: number;
  /**
   * The fields below were added later: plays stored before them lack them, so read them as
   * `stat ?? 0` (or through streamStat).
   * Containers nested deeper than MAX_JSON_DEPTH in tags, inputs or output, cut (the raw trace keeps them).
   */
  cut_values?: number;
  /** Spans whose times are unusable: an absurd time, or an end before the start (see Span.time_error). */
  bad_times?: number;
  /** Events that threw while being applied: counted and skipped, the collection goes on. */
  failed_events?: number;
}

/** A stream statistic, 0 when a play stored before that statistic existed lacks it. */
export function streamStat(stats: StreamStats, key: keyof StreamStats): number {
  return stats[key] ?? 0;
}

export interface Play {
  id: string;
  flow_name: string | null;
  source_file: string | null;
  status: PlayStatus;
  start_ms: number;
  end_ms: number | null;
  inputs: JsonObject;
  output: JsonValue;
  error: string | null;
  exit_code: number | null;
  /** The signal that ended the flow's process, when one did (`SIGKILL`, …). */
  exit_signal: string | null;
  stdout: string;
  stderr: string;
  spans: Span[];
  /**
   * How many spans the play has in all, present only when `spans` holds fewer: the runtime that ran
   * a large play kept its live part (open spans, the first spans, the root, failures and their
   * ancestors; runtime/src/playBuilder.ts, SpanRetention) and the stored trace has every span —
   * `PlayStore.load` (`hero-flows show`) reads them all back. Extends spec §4.
   */
  span_count?: number;
  stats: StreamStats;
  /** The folder a relative `source_file` resolves against. */
  workspace: string | null;
  /**
   * The play whose `flow.invoke(..., spawn=True)` started this one (its root span's parent is that
   * play's `subflow` span); null for a play started directly. Absent in plays stored before it existed.
   */
  parent_play_id?: string | null;
  /**
   * Extends spec §4: the flow's descendants (children, daemons that left its session, …) the runtime
   * had to end, by pid and program name (`comm`): those alive at a cancel or timeout (sent SIGTERM,
   * then SIGKILL after the grace period) and those left when the flow's process ended (SIGKILL).
   * Empty when nothing was left behind; absent in plays stored before it existed.
   */
  killed_processes?: KilledProcess[];
  /**
   * Durable plays (docs/durable.md), all absent in plays stored before them: the attempt `spans`
   * and `stdout`/`stderr` belong to (1 when absent), every attempt so far, the question a `paused`
   * play waits on, and whether pauses without a prefilled answer fail instead of parking.
   */
  attempt?: number;
  attempts?: PlayAttempt[];
  pending_pause?: PendingPause | null;
  prefill_only?: boolean;
}

/** How an attempt of a play began (docs/durable.md): the first run, a resume, or a retry. */
export type AttemptMode = 'run' | 'resume' | 'retry' | 'retry_reuse';
export const ATTEMPT_MODES: readonly AttemptMode[] = ['run', 'resume', 'retry', 'retry_reuse'];

/** One attempt of a play (a play continues over attempts under the same id: docs/durable.md). */
export interface PlayAttempt {
  /** 1 for the first run, then 2, 3, … */
  attempt: number;
  mode: AttemptMode;
  start_ms: number;
  end_ms: number | null;
  status: PlayStatus;
  error: string | null;
  exit_code: number | null;
  /** Recorded side effects this attempt took from the history instead of executing them. */
  replayed: number;
  /** Side effects it executed (and recorded, when their result could be recorded). */
  live: number;
  /** Why it stopped using the history before its end (another path, another version), else null. */
  diverged: string | null;
  /** The flow's version this attempt ran under (docs/durable.md: a hash of its source, or HERO_FLOW_VERSION_SID). */
  version: string | null;
}

/** The question a paused play waits on: what `flow.pause` asked. */
export interface PendingPause {
  /** The pause's key (its `key=`, else its prompt): what prefill answers and `resume` name. */
  key: string;
  prompt: string;
  /** The answer's fields, spec §1's field specs (as `@flow`'s `inputs`); {} asks for no fields. */
  fields: JsonObject;
  /** The pause's span in the attempt that paused. */
  span_id: string;
  attempt: number;
  since_ms: number;
}

/** One process the runtime ended because it would have outlived its play. */
export interface KilledProcess {
  pid: number;
  /** The kernel's short name of its program (`comm`, at most 15 characters). */
  command: string;
}

export function emptyStreamStats(): StreamStats {
  return {
    lines: 0,
    events: 0,
    invalid_json: 0,
    missing_fields: 0,
    oversized_lines: 0,
    unknown_types: 0,
    unknown_statuses: 0,
    spans_without_start: 0,
    cut_values: 0,
    bad_times: 0,
    failed_events: 0,
  };
}

export function skippedLines(stats: StreamStats): number {
  return stats.invalid_json + stats.missing_fields + stats.oversized_lines;
}

/** No process runs for the play any more (a `paused` play is final until a resume starts an attempt). */
export function isFinalPlayStatus(status: PlayStatus): boolean {
  return status !== 'running';
}
