// What the runtime and the flow's Python process say to each other. Python → runtime: the JSON Lines
// span events of spec §3 on the span socket (WireEvent adds the runtime's own event types, which
// live in runtimeEvents.ts). Runtime → Python: the bootstrap's request on stdin, the replies to an
// `invoke_request` (on the requesting connection), the environment and the bootstrap's exit codes.

import type { AttemptMode, JsonObject, JsonValue, PlayStatus, SpanKind } from './play';
import type { RuntimeEvent } from './runtimeEvents';

export interface SpanStartEvent {
  type: 'span_start';
  span_id: string;
  parent_id: string | null;
  name: string;
  t_ms: number;
  kind?: SpanKind;
  tags?: JsonObject;
  source_file?: string;
  source_line?: number;
  replayed?: boolean;
}

export interface SpanTagEvent {
  type: 'span_tag';
  span_id: string;
  tags: JsonObject;
}

export interface SpanLogEvent {
  type: 'span_log';
  span_id: string;
  t_ms: number;
  message: string;
}

export interface SpanEndEvent {
  type: 'span_end';
  span_id: string;
  t_ms: number;
  status: string;
  error?: string;
  tags?: JsonObject;
}

/**
 * Runtime → bootstrap (runtime/python/hero_bootstrap.py), alone on its stdin: which flow of which
 * file to run, with what inputs. Without `flow`, the file's only flow.
 */
export interface BootstrapRequest {
  /** Absolute path of the flow file. */
  file: string;
  flow: string | null;
  /** Typed input values. */
  inputs: JsonObject;
  /** `--input K=V` strings, converted by the flow's declared field types. */
  raw_inputs: Record<string, string>;
  /** How this attempt records and replays side effects (docs/durable.md); absent: not durable (no history). */
  durable?: DurableRequest;
}

/** The durable part of the bootstrap request (docs/durable.md, "The history file"). */
export interface DurableRequest {
  /** The play's history file (append-only JSON Lines; the SDK appends, the runtime only reads). */
  history: string;
  attempt: number;
  /** run: no history yet; resume: replay all of it; retry: replay successes; retry_reuse: retry ignoring the version. */
  mode: AttemptMode;
  /** Answers for pauses ahead: by pause key, and in the order pauses are met (used after the keyed ones). */
  prefill: { by_key: JsonObject; in_order: JsonObject[] };
  /** A pause with no recorded or prefilled answer fails the play instead of parking it. */
  prefill_only: boolean;
}

/** Runtime → SDK: the child play exists (it is in the store, its process is starting). */
export interface InvokeStartedReply {
  type: 'invoke_started';
  play_id: string;
}

/** Runtime → SDK: the child play ended, or (without `play_id`) could not be started at all. */
export interface InvokeFinishedReply {
  type: 'invoke_finished';
  play_id?: string;
  status: PlayStatus;
  output: JsonValue;
  error: string | null;
}

export type SpanEvent = SpanStartEvent | SpanTagEvent | SpanLogEvent | SpanEndEvent;
export type WireEvent = SpanEvent | RuntimeEvent;
export type InvokeReply = InvokeStartedReply | InvokeFinishedReply;

/** Environment variables the runtime sets for the flow's process. */
export const ENV = {
  spanSocket: 'HERO_FLOW_SPAN_SOCK',
  parentSpan: 'HERO_FLOW_PARENT_SPAN',
  playId: 'HERO_FLOW_PLAY_ID',
  traceId: 'HERO_FLOW_TRACE_ID',
  /** Where `flow.invoke` looks for flows by name: the play's workspace folder. */
  workspace: 'HERO_FLOW_WORKSPACE',
  /** "1": this runtime answers `invoke_request`, so `flow.invoke(..., spawn=True)` starts child plays. */
  childPlays: 'HERO_FLOW_CHILD_PLAYS',
  /** "installed": the bootstrap imports the interpreter's own hero_tracing, not the bundled one beside it. */
  sdk: 'HERO_FLOW_SDK',
} as const;

/** Exit codes of the bootstrap process, besides the flow's own `sys.exit`. */
export const BOOTSTRAP_EXIT = { ok: 0, failed: 1, rejected: 2, paused: 75, cancelled: 130 } as const;
