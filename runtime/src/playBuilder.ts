// Turns wire events (spec §3) into spans, applying the collector rules of "How a collector treats
// the stream". One event costs O(its own size): nothing here re-reads the play.

import {
  emptyStreamStats,
  type JsonObject,
  type JsonValue,
  type Span,
  type SpanKind,
  type SpanStatus,
  type StreamStats,
  SPAN_KINDS,
} from '../../common/src/play';
import { parseInvokeRequest } from './invokeRequest';

const FINAL_STATUSES = new Set<string>(['ok', 'failed', 'cancelled']);
const KINDS = new Set<string>(SPAN_KINDS);

export interface FlowInfo {
  name: string;
  source_file: string | null;
  source_line: number | null;
  inputs: JsonObject;
}

type Dict = Record<string, unknown>;

function isObject(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** JSON merge of tags: objects merge key by key, anything else takes the newer value. */
export function mergeTags(target: JsonObject, source: Dict): void {
  for (const key in source) {
    const incoming = source[key] as JsonValue;
    const current = target[key];
    if (isObject(current) && isObject(incoming)) {
      mergeTags(current as JsonObject, incoming);
    } else {
      target[key] = incoming;
    }
  }
}

export class PlayBuilder {
  readonly spans = new Map<string, Span>();
  readonly stats: StreamStats = emptyStreamStats();
  flow: FlowInfo | null = null;
  output: JsonValue = null;
  hasOutput = false;
  rejection: string | null = null;
  /** The flow a rejected play was for, when the bootstrap got that far. */
  rejectedFlow: string | null = null;
  /** Null when nobody asks for changes (re-reading a stored trace), so nothing piles up. */
  private changed: Set<Span> | null;

  constructor(options: { trackChanges?: boolean } = {}) {
    this.changed = options.trackChanges ? new Set() : null;
  }

  /** Applies one parsed line. Returns false when the line was skipped. */
  apply(event: unknown): boolean {
    this.stats.lines++;
    if (!isObject(event) || typeof event.type !== 'string') {
      this.stats.missing_fields++;
      return false;
    }
    const accepted = this.dispatch(event);
    if (accepted) this.stats.events++;
    return accepted;
  }

  /** A line that was not JSON at all. */
  invalidLine(): void {
    this.stats.lines++;
    this.stats.invalid_json++;
  }

  oversizedLine(): void {
    this.stats.lines++;
    this.stats.oversized_lines++;
  }

  /** Spans changed since the last call, for batched live updates. */
  takeChanges(): Span[] {
    if (!this.changed || this.changed.size === 0) return [];
    const spans = [...this.changed];
    this.changed.clear();
    return spans;
  }

  /**
   * The stream is over: every span still open is closed, `cancelled` when the play was stopped,
   * `failed` with "did not finish" otherwise.
   */
  closeOpenSpans(how: 'cancelled' | 'failed', endMs: number): void {
    for (const span of this.spans.values()) {
      if (span.status !== 'running') continue;
      span.status = how;
      span.end_ms = span.end_ms ?? Math.max(endMs, span.start_ms ?? endMs);
      if (how === 'failed') span.error = span.error ?? 'did not finish: the stream ended while this span was open';
      this.changed?.add(span);
    }
  }

  /** The flow's root span: the `flow_root`, else the first span whose parent is not in this play. */
  rootSpan(): Span | undefined {
    let fallback: Span | undefined;
    for (const span of this.spans.values()) {
      if (span.kind === 'flow_root') return span;
      if (!fallback && (span.parent_id === null || !this.spans.has(span.parent_id))) fallback = span;
    }
    return fallback;
  }

  private dispatch(event: Dict): boolean {
    switch (event.type) {
      case 'span_start':
        return this.spanStart(event);
      case 'span_tag':
        return this.spanTag(event);
      case 'span_log':
        return this.spanLog(event);
      case 'span_end':
        return this.spanEnd(event);
      case 'play_flow':
        return this.playFlow(event);
      case 'play_output':
        if (!('output' in event)) return this.missing();
        this.output = event.output as JsonValue;
        this.hasOutput = true;
        return true;
      case 'invoke_request':
        // The runtime answers it on its connection (childPlays.ts); here it only counts.
        return 'error' in parseInvokeRequest(event) ? this.missing() : true;
      case 'play_rejected':
        if (typeof event.reason !== 'string') return this.missing();
        this.rejection = event.reason;
        if (typeof event.name === 'string') this.rejectedFlow = event.name;
        return true;
      default:
        // Forward compatibility: new event types may appear; they are counted, never fatal.
        this.stats.unknown_types++;
        return false;
    }
  }

  private missing(): false {
    this.stats.missing_fields++;
    return false;
  }

  private spanStart(event: Dict): boolean {
    const { span_id: id, name, t_ms: time } = event;
    if (!isId(id) || typeof name !== 'string' || !isTime(time)) return this.missing();
    const parent = isId(event.parent_id) ? event.parent_id : null;
    const kind: SpanKind = typeof event.kind === 'string' ? (KINDS.has(event.kind) ? (event.kind as SpanKind) : 'other') : 'step';
    let span = this.spans.get(id);
    if (span) {
      // A resent span_start (flaky reconnect) updates the span; it never resets its outcome.
      if (span.missing_start) {
        delete span.missing_start;
        this.stats.spans_without_start--;
      }
    } else {
      span = this.newSpan(id);
      this.spans.set(id, span);
    }
    span.name = name;
    span.parent_id = parent;
    span.kind = kind;
    span.start_ms = time;
    if (typeof event.source_file === 'string') span.source_file = event.source_file;
    if (isTime(event.source_line)) span.source_line = event.source_line;
    if (event.replayed === true) span.replayed = true;
    if (isObject(event.tags)) this.addTags(span, event.tags);
    this.changed?.add(span);
    return true;
  }

  /** The first tags a span gets are adopted as they are (the parsed event is ours), later ones merged. */
  private addTags(span: Span, tags: Dict): void {
    if (isEmpty(span.tags)) span.tags = tags as JsonObject;
    else mergeTags(span.tags, tags);
  }

  private spanTag(event: Dict): boolean {
    if (!isId(event.span_id) || !isObject(event.tags)) return this.missing();
    const span = this.spanFor(event.span_id);
    this.addTags(span, event.tags);
    this.changed?.add(span);
    return true;
  }

  private spanLog(event: Dict): boolean {
    const message = typeof event.message === 'string' ? event.message : event.text;
    if (!isId(event.span_id) || !isTime(event.t_ms) || typeof message !== 'string') return this.missing();
    const span = this.spanFor(event.span_id);
    span.logs.push({ t_ms: event.t_ms, message });
    this.changed?.add(span);
    return true;
  }

  private spanEnd(event: Dict): boolean {
    if (!isId(event.span_id) || !isTime(event.t_ms) || typeof event.status !== 'string') return this.missing();
    const span = this.spanFor(event.span_id);
    let status: SpanStatus;
    if (FINAL_STATUSES.has(event.status)) {
      status = event.status as SpanStatus;
    } else {
      // Contract drift must be visible: an unknown status is a failure, never a success.
      this.stats.unknown_statuses++;
      status = 'failed';
      if (typeof event.error !== 'string') span.error = `unknown status ${JSON.stringify(event.status)} in span_end`;
    }
    span.status = status;
    span.end_ms = event.t_ms;
    if (typeof event.error === 'string') span.error = event.error;
    if (isObject(event.tags)) this.addTags(span, event.tags);
    this.changed?.add(span);
    return true;
  }

  private playFlow(event: Dict): boolean {
    if (typeof event.name !== 'string') return this.missing();
    this.flow = {
      name: event.name,
      source_file: typeof event.source_file === 'string' ? event.source_file : null,
      source_line: isTime(event.source_line) ? event.source_line : null,
      inputs: isObject(event.inputs) ? (event.inputs as JsonObject) : {},
    };
    return true;
  }

  /** Events for an id never started still count: the span appears, marked as such. */
  private spanFor(id: string): Span {
    let span = this.spans.get(id);
    if (!span) {
      span = this.newSpan(id);
      span.missing_start = true;
      this.stats.spans_without_start++;
      this.spans.set(id, span);
    }
    return span;
  }

  private newSpan(id: string): Span {
    return {
      span_id: id,
      parent_id: null,
      name: `span ${id}`,
      kind: 'step',
      status: 'running',
      start_ms: null,
      end_ms: null,
      tags: {},
      logs: [],
      error: null,
      source_file: null,
      source_line: null,
      replayed: false,
    };
  }
}
