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
  streamStat,
} from '../../common/src/play';
import { cutDeepJson, isJsonRecord, MAX_JSON_DEPTH, mergeJson, ownValue, type JsonRecord } from '../../common/src/jsonData';
import { parseInvokeRequest } from './invokeRequest';
import { SpanIdSet } from './spanIdSet';

const FINAL_STATUSES = new Set<string>(['ok', 'failed', 'cancelled']);
const KINDS = new Set<string>(SPAN_KINDS);
/** Epoch milliseconds a JavaScript Date can hold: a time outside this is not a time (±1e308). */
const MAX_TIME_MS = 8.64e15;

export interface FlowInfo {
  name: string;
  source_file: string | null;
  source_line: number | null;
  inputs: JsonObject;
}

/** A parsed event. Its fields are read with ownValue only: a polluted Object.prototype must not fill in a field the event lacks. */
type Dict = JsonRecord;

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isTime(value: unknown): value is number {
  return isNumber(value) && Math.abs(value) <= MAX_TIME_MS;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Why a span's times cannot be drawn, per span; the span carries the joined text as `time_error`. */
interface TimeProblems {
  start?: string;
  end?: string;
}

/** What the SDK's last `play_replay` said of the attempt (docs/durable.md). */
export interface ReplaySummary {
  version: string;
  replayed: number;
  live: number;
  diverged: string | null;
}

/** What the SDK's `play_paused` said: the flow parked on this pause. */
export interface PausedInfo {
  key: string;
  prompt: string;
  fields: JsonObject;
  span_id: string;
  t_ms: number;
}

/**
 * What a live builder keeps of the spans that ended (its stream goes to a trace file, which keeps
 * all of it): every open span, the first `firstSpans` spans, the flow's root and candidate roots,
 * and up to `failedSpans` failed spans with their ancestors (where a play's error is found). Every
 * other span is let go once it ended and its change was taken, so a play of any size costs memory
 * in its open spans, not its length. Without it the builder keeps every span (a reader of a trace).
 */
export interface SpanRetention {
  firstSpans: number;
  failedSpans: number;
  /** Spans that may be the root: a `flow_root`, or a span whose parent is not in the play. */
  rootCandidates: number;
}

export const LIVE_RETENTION: SpanRetention = { firstSpans: 10_000, failedSpans: 1_000, rootCandidates: 1_000 };

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export class PlayBuilder {
  /** The spans kept: all of them, or with a retention the live part (see SpanRetention). */
  readonly spans = new Map<string, Span>();
  readonly stats: StreamStats = emptyStreamStats();
  flow: FlowInfo | null = null;
  output: JsonValue = null;
  hasOutput = false;
  rejection: string | null = null;
  /** The flow a rejected play was for, when the bootstrap got that far. */
  rejectedFlow: string | null = null;
  /** The attempt's use of the history, from its last `play_replay`. */
  replay: ReplaySummary | null = null;
  /** The flow parked (`play_paused`). */
  paused: PausedInfo | null = null;
  private readonly timeProblems = new WeakMap<Span, TimeProblems>();
  /** Null when nobody asks for changes (re-reading a stored trace), so nothing piles up. */
  private changed: Set<Span> | null;
  private readonly retention: SpanRetention | null;
  /** Spans a retention never lets go: the first ones, roots, failures and their ancestors. */
  private readonly kept = new WeakSet<Span>();
  private keptFailures = 0;
  private keptRoots = 0;
  private admitted = 0;
  /** Ended spans to let go once their change is taken. */
  private ended: Span[] = [];
  /** Ids of the spans let go, so their late events are not taken for spans never started. */
  private readonly released = new SpanIdSet();

  constructor(options: { trackChanges?: boolean; retention?: SpanRetention } = {}) {
    this.changed = options.trackChanges ? new Set() : null;
    this.retention = options.retention ?? null;
  }

  /** Every span the stream told of, kept or let go. */
  get spanCount(): number {
    return this.spans.size + this.released.size;
  }

  /** Spans let go (a retention's): their whole state is in the trace file only. */
  get releasedSpans(): number {
    return this.released.size;
  }

  /**
   * Applies one parsed line. Returns false when the line was skipped. An event that throws here (a
   * bug, or input nobody foresaw) is counted and skipped: it never ends the collection.
   */
  apply(event: unknown): boolean {
    this.stats.lines++;
    if (!isJsonRecord(event) || typeof ownValue(event, 'type') !== 'string') {
      this.stats.missing_fields++;
      return false;
    }
    let accepted: boolean;
    try {
      accepted = this.dispatch(event);
    } catch {
      this.stats.failed_events = streamStat(this.stats, 'failed_events') + 1;
      return false;
    }
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
    this.release();
    return spans;
  }

  /** Lets go of the spans that ended and are not kept (their last state was taken, if anyone asks). */
  private release(): void {
    for (const span of this.ended) {
      // Still ended: a late event may have reopened nothing, but a re-sent start may have come.
      if (span.status === 'running' || this.kept.has(span) || this.changed?.has(span)) continue;
      if (this.spans.get(span.span_id) !== span) continue;
      this.spans.delete(span.span_id);
      this.released.add(span.span_id);
    }
    this.ended = [];
  }

  /** A span just ended: kept when the retention says so, else queued to be let go. */
  private settle(span: Span): void {
    if (!this.retention) return;
    if (span.status === 'failed' && this.keptFailures < this.retention.failedSpans && !this.kept.has(span)) {
      this.keptFailures++;
      this.keepWithAncestors(span);
    }
    if (this.kept.has(span)) return;
    this.ended.push(span);
    if (!this.changed) this.release();
  }

  /** Keeps a failure and the chain above it that is still here (open ancestors always are). */
  private keepWithAncestors(span: Span): void {
    const seen = new Set<Span>();
    for (let at: Span | undefined = span; at && !seen.has(at); at = at.parent_id === null ? undefined : this.spans.get(at.parent_id)) {
      seen.add(at);
      this.kept.add(at);
    }
  }

  /** A span new to this builder: kept when it is among the first, or may be the flow's root. */
  private admit(span: Span, maybeRoot: boolean): void {
    if (!this.retention) return;
    if (this.admitted++ < this.retention.firstSpans || (maybeRoot && this.keptRoots++ < this.retention.rootCandidates)) this.kept.add(span);
  }

  /** A span id this play has seen (kept or let go). */
  private knows(id: string): boolean {
    return this.spans.has(id) || this.released.has(id);
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

  /**
   * The flow's root span: the `flow_root`, else the first started span whose parent is not in this
   * play. A span whose `span_start` never came is no root (playOutcome.ts: no root, no `ok`).
   */
  rootSpan(): Span | undefined {
    let fallback: Span | undefined;
    for (const span of this.spans.values()) {
      if (span.kind === 'flow_root') return span;
      if (!fallback && !span.missing_start && (span.parent_id === null || !this.knows(span.parent_id))) fallback = span;
    }
    return fallback;
  }

  private dispatch(event: Dict): boolean {
    switch (ownValue(event, 'type')) {
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
        if (!Object.hasOwn(event, 'output')) return this.missing();
        this.output = this.bounded(event.output);
        this.hasOutput = true;
        return true;
      case 'invoke_request':
        // The runtime answers it on its connection (childPlays.ts); here it only counts.
        return 'error' in parseInvokeRequest(event) ? this.missing() : true;
      case 'play_rejected':
        return this.playRejected(event);
      case 'play_paused':
        return this.playPaused(event);
      case 'play_replay':
        return this.playReplay(event);
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
    const id = ownValue(event, 'span_id');
    const name = ownValue(event, 'name');
    const time = ownValue(event, 't_ms');
    if (!isId(id) || typeof name !== 'string' || typeof time !== 'number') return this.missing();
    const parentId = ownValue(event, 'parent_id');
    const kindName = ownValue(event, 'kind');
    const parent = isId(parentId) ? parentId : null;
    const kind: SpanKind = typeof kindName === 'string' ? (KINDS.has(kindName) ? (kindName as SpanKind) : 'other') : 'step';
    let span = this.spans.get(id);
    if (span) {
      // A resent span_start (flaky reconnect) updates the span; it never resets its outcome.
      if (span.missing_start) {
        delete span.missing_start;
        this.stats.spans_without_start--;
      }
    } else if (this.released.has(id)) {
      return this.late(ownValue(event, 'tags'));
    } else {
      span = this.newSpan(id);
      this.spans.set(id, span);
      this.admit(span, kind === 'flow_root' || parent === null || !this.knows(parent));
    }
    span.name = name;
    span.parent_id = parent;
    span.kind = kind;
    this.setTime(span, 'start', time);
    const sourceFile = ownValue(event, 'source_file');
    const sourceLine = ownValue(event, 'source_line');
    const tags = ownValue(event, 'tags');
    if (typeof sourceFile === 'string') span.source_file = sourceFile;
    if (isNumber(sourceLine)) span.source_line = sourceLine;
    if (ownValue(event, 'replayed') === true) span.replayed = true;
    if (isJsonRecord(tags)) this.addTags(span, tags);
    this.changed?.add(span);
    return true;
  }

  /** Tags accumulate (JSON merge, own keys, bounded depth); what the bound cut is counted. */
  private addTags(span: Span, tags: Dict): void {
    this.countCut(mergeJson(span.tags, tags));
  }

  /** A value as stored: nested at most MAX_JSON_DEPTH deep, the cut counted. */
  private bounded(value: unknown): JsonValue {
    const { value: kept, cut } = cutDeepJson(value);
    this.countCut(cut);
    return kept;
  }

  private countCut(cut: number): void {
    if (cut > 0) this.stats.cut_values = streamStat(this.stats, 'cut_values') + cut;
  }

  /**
   * Records a start or end time. A time no Date can hold (±1e308) is kept out (null) and an end
   * before the start stays as sent; both are named in `time_error` and counted in `bad_times`, so
   * no report draws them as a duration. A later event with a good time clears the problem.
   */
  private setTime(span: Span, which: keyof TimeProblems, time: number): void {
    // The common case costs two comparisons: a good time on a span without time problems.
    if (span.time_error === undefined && isTime(time)) {
      if (which === 'start') span.start_ms = time;
      else span.end_ms = time;
      if (span.start_ms === null || span.end_ms === null || span.end_ms >= span.start_ms) return;
    }
    let problems = this.timeProblems.get(span);
    if (!problems) this.timeProblems.set(span, (problems = {}));
    if (isTime(time)) {
      if (which === 'start') span.start_ms = time;
      else span.end_ms = time;
      delete problems[which];
    } else {
      problems[which] = `span_${which} time ${time} is not a plausible time`;
    }
    const reasons = [problems.start, problems.end];
    if (span.start_ms !== null && span.end_ms !== null && span.end_ms < span.start_ms) {
      reasons.push(`ends ${span.start_ms - span.end_ms} ms before it starts`);
    }
    const error = reasons.filter(Boolean).join('; ') || undefined;
    const had = span.time_error !== undefined;
    if (error === undefined) delete span.time_error;
    else span.time_error = error;
    if (had !== (error !== undefined)) this.stats.bad_times = streamStat(this.stats, 'bad_times') + (had ? -1 : 1);
  }

  private spanTag(event: Dict): boolean {
    const id = ownValue(event, 'span_id');
    const tags = ownValue(event, 'tags');
    if (!isId(id) || !isJsonRecord(tags)) return this.missing();
    if (!this.spans.has(id) && this.released.has(id)) return this.late(tags);
    const span = this.spanFor(id);
    this.addTags(span, tags);
    this.changed?.add(span);
    return true;
  }

  private spanLog(event: Dict): boolean {
    const id = ownValue(event, 'span_id');
    const time = ownValue(event, 't_ms');
    const sentMessage = ownValue(event, 'message');
    const message = typeof sentMessage === 'string' ? sentMessage : ownValue(event, 'text');
    // A log's time is required and has no "unknown" form: one that is not a time skips the line.
    if (!isId(id) || !isTime(time) || typeof message !== 'string') return this.missing();
    if (!this.spans.has(id) && this.released.has(id)) return this.late(undefined);
    const span = this.spanFor(id);
    span.logs.push({ t_ms: time, message });
    this.changed?.add(span);
    return true;
  }

  private spanEnd(event: Dict): boolean {
    const id = ownValue(event, 'span_id');
    const time = ownValue(event, 't_ms');
    const sent = ownValue(event, 'status');
    const error = ownValue(event, 'error');
    const tags = ownValue(event, 'tags');
    if (!isId(id) || typeof time !== 'number' || typeof sent !== 'string') return this.missing();
    if (!this.spans.has(id) && this.released.has(id)) {
      if (!FINAL_STATUSES.has(sent)) this.stats.unknown_statuses++;
      return this.late(tags);
    }
    const span = this.spanFor(id);
    let status: SpanStatus;
    if (FINAL_STATUSES.has(sent)) {
      status = sent as SpanStatus;
    } else {
      // Contract drift must be visible: an unknown status is a failure, never a success.
      this.stats.unknown_statuses++;
      status = 'failed';
      if (typeof error !== 'string') span.error = `unknown status ${JSON.stringify(sent)} in span_end`;
    }
    span.status = status;
    this.setTime(span, 'end', time);
    if (typeof error === 'string') span.error = error;
    if (isJsonRecord(tags)) this.addTags(span, tags);
    this.changed?.add(span);
    this.settle(span);
    return true;
  }

  /**
   * An event for a span the live state let go of (the SDK sends none: its span_end is a span's
   * last). It is counted as the full builder would count it, and stays in the trace file, which
   * `show` reads whole; the live state does not bring the span back.
   */
  private late(tags: unknown): true {
    if (isJsonRecord(tags)) this.countCut(cutDeepJson(tags, MAX_JSON_DEPTH).cut);
    return true;
  }

  private playFlow(event: Dict): boolean {
    const name = ownValue(event, 'name');
    const sourceFile = ownValue(event, 'source_file');
    const sourceLine = ownValue(event, 'source_line');
    const inputs = ownValue(event, 'inputs');
    if (typeof name !== 'string') return this.missing();
    this.flow = {
      name,
      source_file: typeof sourceFile === 'string' ? sourceFile : null,
      source_line: isNumber(sourceLine) ? sourceLine : null,
      inputs: isJsonRecord(inputs) ? (this.bounded(inputs) as JsonObject) : {},
    };
    return true;
  }

  private playRejected(event: Dict): boolean {
    const reason = ownValue(event, 'reason');
    const name = ownValue(event, 'name');
    if (typeof reason !== 'string') return this.missing();
    this.rejection = reason;
    if (typeof name === 'string') this.rejectedFlow = name;
    return true;
  }

  private playPaused(event: Dict): boolean {
    const key = ownValue(event, 'key');
    const prompt = ownValue(event, 'prompt');
    const fields = ownValue(event, 'fields');
    const spanId = ownValue(event, 'span_id');
    const time = ownValue(event, 't_ms');
    if (typeof key !== 'string' || typeof prompt !== 'string' || !isJsonRecord(fields) || typeof spanId !== 'string' || !isTime(time)) return this.missing();
    this.paused = { key, prompt, fields: this.bounded(fields) as JsonObject, span_id: spanId, t_ms: time };
    return true;
  }

  private playReplay(event: Dict): boolean {
    const version = ownValue(event, 'version');
    const replayed = ownValue(event, 'replayed');
    const live = ownValue(event, 'live');
    const diverged = ownValue(event, 'diverged') ?? null;
    if (typeof version !== 'string' || !isCount(replayed) || !isCount(live) || (diverged !== null && typeof diverged !== 'string')) return this.missing();
    this.replay = { version, replayed, live, diverged };
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
      this.admit(span, false);
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
