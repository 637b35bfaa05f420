// Keeps the last `limit` bytes of a stream in memory (the store keeps all of it on disk), so a
// flow that prints gigabytes costs bounded memory and the play record still shows how it ended.

export class OutputCapture {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept - this.chunks[0]!.length >= this.limit) {
      this.kept -= this.chunks.shift()!.length;
    }
  }

  text(fullOutputPath?: string): string {
    let bytes = Buffer.concat(this.chunks);
    if (bytes.length > this.limit) bytes = bytes.subarray(bytes.length - this.limit);
    const omitted = this.total - bytes.length;
    const body = bytes.toString('utf8');
    if (omitted === 0) return body;
    const where = fullOutputPath ? `; all of it is in ${fullOutputPath}` : '';
    return `[… ${omitted} earlier bytes omitted${where}]\n${body}`;
  }

  lastLine(): string | null {
    const lines = this.text().split('\n').filter((line) => line.trim() !== '');
    return lines.at(-1) ?? null;
  }
}
