// The play and span records of spec §4, as every process sees them.
// Field names are the contract: `--json` output, the store and the webview all use them as-is.

export type SpanKind = 'flow_root' | 'step' | 'rpc' | 'subflow' | 'other';
export const SPAN_KINDS: readonly SpanKind[] = ['flow_root', 'step', 'rpc', 'subflow', 'other'];

export type SpanStatus = 'running' | 'ok' | 'failed' | 'cancelled';
export const FINAL_SPAN_STATUSES: readonly SpanStatus[] = ['ok', 'failed', 'cancelled'];

/**
 * `interrupted` extends spec §4: the runtime that owned the play stopped before the play did
 * (a crash, a kill -9), so nobody saw it end. It is not `failed`, which the flow itself decides.
 */
export type PlayStatus = 'running' | 'ok' | 'failed' | 'cancelled' | 'timed_out' | 'interrupted';
export const PLAY_STATUSES: readonly PlayStatus[] = ['running', 'ok', 'failed', 'cancelled', 'timed_out', 'interrupted'];

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

export function isFinalPlayStatus(status: PlayStatus): boolean {
  return status !== 'running';
}
