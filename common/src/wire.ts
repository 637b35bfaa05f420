// The JSON Lines events of spec §3 that the SDK writes, plus the runtime's own events that the
// bootstrap (runtime/python/hero_bootstrap.py) writes on the same socket. Who sends: Python → runtime,
// except the replies to an `invoke_request` (runtime → Python, on the requesting connection).

import type { JsonObject, JsonValue, PlayStatus, SpanKind } from './play';

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

/** Bootstrap → runtime: the flow was found and its inputs validated; it is about to run. */
export interface PlayFlowEvent {
  type: 'play_flow';
  name: string;
  source_file: string;
  source_line: number;
  inputs: JsonObject;
  t_ms: number;
}

/** Bootstrap → runtime: the flow returned this value (JSON, or its `repr` when not JSON-serialisable). */
export interface PlayOutputEvent {
  type: 'play_output';
  output: JsonValue;
  t_ms: number;
}

/** Bootstrap → runtime: the play could not start (file did not load, no such flow, bad inputs). */
export interface PlayRejectedEvent {
  type: 'play_rejected';
  reason: string;
  /** The flow, when it was found and only its inputs were wrong. */
  name?: string;
  t_ms: number;
}

/**
 * SDK → runtime, alone on a connection of its own: `flow.invoke(name, spawn=True)` asks for a
 * child play whose root span's parent is `span_id` (the call's `subflow` span). The runtime
 * answers on that same connection with InvokeStartedReply, then InvokeFinishedReply.
 */
export interface InvokeRequestEvent {
  type: 'invoke_request';
  span_id: string;
  /** Absolute path of the file that defines the flow. */
  file: string;
  flow: string;
  inputs: JsonObject;
  t_ms: number;
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
export type RuntimeEvent = PlayFlowEvent | PlayOutputEvent | PlayRejectedEvent | InvokeRequestEvent;
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
} as const;

/** Exit codes of the bootstrap process, besides the flow's own `sys.exit`. */
export const BOOTSTRAP_EXIT = { ok: 0, failed: 1, rejected: 2, cancelled: 130 } as const;
