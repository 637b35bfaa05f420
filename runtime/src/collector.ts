// The collector: byte streams (one per socket connection, or a trace file) in, spans out.
// Each connection gets its own line framer so two writers never splice each other's lines;
// whole-line blocks go to the trace sink exactly as received, then to the play builder. A stream
// opened with a request handler also hands it its `invoke_request` lines (child plays).

import { LineFramer } from './lineFramer';
import { LIVE_RETENTION, PlayBuilder, type SpanRetention } from './playBuilder';

/** Lines past this are cut off and counted; the SDK caps its own lines far below it. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface CollectorOptions {
  maxLineBytes?: number;
  /**
   * Receives every block of whole lines before it is parsed (the store's trace file). That file
   * keeps everything, so the builder then keeps only the live state (LIVE_RETENTION) unless
   * `retention` says otherwise.
   */
  onBlock?: (bytes: Buffer) => void;
  /** What the builder keeps of ended spans; 'all' keeps every span. */
  retention?: SpanRetention | 'all';
  /** Called after each block is applied, for batched live updates. */
  onApplied?: () => void;
}

export interface StreamFeed {
  push(chunk: Buffer): void;
  end(): void;
}

/** Receives the `invoke_request` lines of one stream, after the builder applied them. */
export type RequestHandler = (event: Record<string, unknown>) => void;

export class Collector {
  readonly builder: PlayBuilder;
  private readonly maxLineBytes: number;

  constructor(private readonly options: CollectorOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const retention = options.retention ?? (options.onBlock ? LIVE_RETENTION : 'all');
    this.builder = new PlayBuilder({ trackChanges: options.onApplied !== undefined, retention: retention === 'all' ? undefined : retention });
  }

  /** A new independent byte stream feeding this play; `onRequest` answers its requests, if any. */
  openStream(onRequest?: RequestHandler): StreamFeed {
    const framer = new LineFramer(this.maxLineBytes, {
      block: (bytes) => this.block(bytes, onRequest),
      oversized: () => this.builder.oversizedLine(),
    });
    return { push: (chunk) => framer.push(chunk), end: () => framer.end() };
  }

  private block(bytes: Buffer, onRequest: RequestHandler | undefined): void {
    this.options.onBlock?.(bytes);
    const text = bytes.toString('utf8');
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      const event = this.line(text, start, newline);
      if (onRequest && isRequest(event)) {
        try {
          onRequest(event);
        } catch {
          // The handler answers its own failures; whatever escapes must not end the collection.
        }
      }
      start = newline + 1;
    }
    this.options.onApplied?.();
  }

  /** Applies one line; returns the parsed event (undefined when skipped). */
  private line(text: string, start: number, end: number): unknown {
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // tolerate CRLF
    if (end === start) return undefined;
    if (end - start > this.maxLineBytes) {
      this.builder.oversizedLine();
      return undefined;
    }
    const line = text.slice(start, end);
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      if (line.trim() !== '') this.builder.invalidLine();
      return undefined;
    }
    this.builder.apply(event);
    return event;
  }
}

function isRequest(event: unknown): event is Record<string, unknown> {
  return typeof event === 'object' && event !== null && (event as { type?: unknown }).type === 'invoke_request';
}
