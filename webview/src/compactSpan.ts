// Spans as the webview keeps them, sharing what repeats. A span that arrives in a message is a
// fresh structured clone: its kind, status and source file are new strings, its empty logs and
// its tags new containers, one set per span, though a play has a handful of each. Sharing them cuts
// the panel's memory per span (bench/webview-load.ts) without changing what a span holds: shared
// containers are frozen, and nothing in the webview writes into a span.

import type { JsonObject, Span, SpanLog } from '../../common/src/play';
import { FINAL_SPAN_STATUSES, SPAN_KINDS } from '../../common/src/play';

const EMPTY_LOGS: SpanLog[] = Object.freeze([]) as unknown as SpanLog[];
const EMPTY_TAGS: JsonObject = Object.freeze({}) as JsonObject;

/** Distinct source files remembered (a hostile stream's millions of names must not grow the table without end). */
const MAX_FILES = 10_000;

const CANONICAL = new Map<string, string>([...SPAN_KINDS, 'running', ...FINAL_SPAN_STATUSES].map((word) => [word, word]));

export class SpanCompactor {
  private readonly files = new Map<string, string>();
  /** The tags last kept: the next span's equal tags share them (spans of one step mostly carry the same). */
  private lastTags: JsonObject = EMPTY_TAGS;

  /** Forgets what it shared (a new play). */
  clear(): void {
    this.files.clear();
    this.lastTags = EMPTY_TAGS;
  }

  /** Makes `span` (a checked span of ours) share the kind, status, file, logs and tags it repeats; returns it. */
  compact(span: Span): Span {
    span.kind = (CANONICAL.get(span.kind) ?? span.kind) as Span['kind'];
    span.status = (CANONICAL.get(span.status) ?? span.status) as Span['status'];
    if (span.logs.length === 0) span.logs = EMPTY_LOGS;
    if (span.source_file !== null) span.source_file = this.file(span.source_file);
    span.tags = this.tags(span.tags);
    return span;
  }

  private file(path: string): string {
    const known = this.files.get(path);
    if (known !== undefined) return known;
    if (this.files.size < MAX_FILES) this.files.set(path, path);
    return path;
  }

  /** Flat tags (primitive values only) equal to the last kept ones are shared; nested ones are kept as they came. */
  private tags(tags: JsonObject): JsonObject {
    const keys = Object.keys(tags);
    if (keys.length === 0) return EMPTY_TAGS;
    const last = this.lastTags;
    const lastKeys = Object.keys(last);
    let same = keys.length === lastKeys.length;
    for (let i = 0; i < keys.length; i++) {
      const value = tags[keys[i]!];
      if (typeof value === 'object' && value !== null) return tags;
      same &&= keys[i] === lastKeys[i] && value === last[keys[i]!];
    }
    if (same) return last;
    this.lastTags = Object.freeze(tags);
    return tags;
  }
}
