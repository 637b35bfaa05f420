// The collector: byte streams (one per socket connection, or a trace file) in, spans out.
// Each connection gets its own line framer so two writers never splice each other's lines;
// whole-line blocks go to the trace sink exactly as received, then to the play builder.

import { LineFramer } from './lineFramer';
import { PlayBuilder } from './playBuilder';

/** Lines past this are cut off and counted; the SDK caps its own lines far below it. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface CollectorOptions {
  maxLineBytes?: number;
  /** Receives every block of whole lines before it is parsed (the store's trace file). */
  onBlock?: (bytes: Buffer) => void;
  /** Called after each block is applied, for batched live updates. */
  onApplied?: () => void;
}

export interface StreamFeed {
  push(chunk: Buffer): void;
  end(): void;
}

export class Collector {
  readonly builder: PlayBuilder;
  private readonly maxLineBytes: number;

  constructor(private readonly options: CollectorOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.builder = new PlayBuilder({ trackChanges: options.onApplied !== undefined });
  }

  /** A new independent byte stream feeding this play. */
  openStream(): StreamFeed {
    const framer = new LineFramer(this.maxLineBytes, {
      block: (bytes) => this.block(bytes),
      oversized: () => this.builder.oversizedLine(),
    });
    return { push: (chunk) => framer.push(chunk), end: () => framer.end() };
  }

  private block(bytes: Buffer): void {
    this.options.onBlock?.(bytes);
    const text = bytes.toString('utf8');
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      this.line(text, start, newline);
      start = newline + 1;
    }
    this.options.onApplied?.();
  }

  private line(text: string, start: number, end: number): void {
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // tolerate CRLF
    if (end === start) return;
    if (end - start > this.maxLineBytes) {
      this.builder.oversizedLine();
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(text.slice(start, end));
    } catch {
      if (text.slice(start, end).trim() !== '') this.builder.invalidLine();
      return;
    }
    this.builder.apply(event);
  }
}
