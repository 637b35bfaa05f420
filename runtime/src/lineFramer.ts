// Cuts a byte stream into blocks of whole lines, holding back the unfinished last line.
// Memory stays bounded: a line longer than `maxLineBytes` is dropped as it streams and counted.

const NEWLINE = 0x0a;

export interface LineFramerSink {
  /** Whole lines, each ending in `\n`, exactly as received. */
  block(bytes: Buffer): void;
  /** A line that grew past the limit was dropped. */
  oversized(): void;
}

export class LineFramer {
  private tail: Buffer[] = [];
  private tailLength = 0;
  private skippingOversized = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineFramerSink,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.skippingOversized) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) return;
      this.skippingOversized = false;
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline < start) {
      this.hold(chunk.subarray(start));
      return;
    }
    const firstNewline = chunk.indexOf(NEWLINE, start);
    let head = chunk.subarray(start, lastNewline + 1);
    if (this.tailLength > 0) {
      if (this.tailLength + (firstNewline - start) > this.maxLineBytes) {
        this.sink.oversized();
        head = chunk.subarray(firstNewline + 1, lastNewline + 1);
        this.dropTail();
      } else {
        head = Buffer.concat([...this.tail, head]);
        this.dropTail();
      }
    }
    if (head.length > 0) this.sink.block(head);
    this.hold(chunk.subarray(lastNewline + 1));
  }

  /** The stream ended: a last line without its `\n` is handed on with one added. */
  end(): void {
    if (this.tailLength > 0) {
      const last = Buffer.concat([...this.tail, Buffer.from('\n')]);
      this.dropTail();
      this.sink.block(last);
    }
    this.skippingOversized = false;
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.tailLength + bytes.length > this.maxLineBytes) {
      this.sink.oversized();
      this.dropTail();
      this.skippingOversized = true;
      return;
    }
    this.tail.push(bytes);
    this.tailLength += bytes.length;
  }

  private dropTail(): void {
    this.tail = [];
    this.tailLength = 0;
  }
}
