// The span tree growing in place on a terminal: redrawn on a timer (never per event), clipped to
// the screen, with the flow's own output printed above it as it arrives. It holds the open spans and
// the latest ended ones (recentSpans.ts), so a play of millions of spans draws in bounded memory.

import type { createLogUpdate as CreateLogUpdate } from 'log-update';
import type { Span } from '../../../common/src/play';
import { colors } from './format';
import { RecentSpans } from './recentSpans';
import { treeLines } from './spanTree';

const FRAME_MS = 80;

/** stderr as log-update sees it; a terminal that reports a 0×0 size (some PTYs) gets 80×24. */
const terminal = {
  write: (text: string) => process.stderr.write(text),
  get columns() {
    return process.stderr.columns || 80;
  },
  get rows() {
    return process.stderr.rows || 24;
  },
};

export class LiveTree {
  private readonly spans = new RecentSpans();
  // Required here, not imported: log-update and its terminal-width tables load only when a live tree
  // is drawn (a terminal), not for every `hero-flows` start.
  private readonly update = (require('log-update') as { createLogUpdate: typeof CreateLogUpdate }).createLogUpdate(terminal as unknown as NodeJS.WriteStream, { showCursor: false });
  private frame = 0;
  private timer: NodeJS.Timeout;
  private dirty = true;

  constructor(private readonly title: () => string) {
    this.timer = setInterval(() => this.render(), FRAME_MS);
  }

  setSpans(spans: Span[]): void {
    this.spans.apply(spans);
    this.dirty = true;
  }

  /** Prints the flow's output above the tree, keeping the tree below it. */
  print(stream: NodeJS.WriteStream, text: string): void {
    this.update.clear();
    stream.write(text);
    this.dirty = true;
    this.render();
  }

  stop(): void {
    clearInterval(this.timer);
    this.update.clear();
    this.update.done();
  }

  private render(): void {
    this.frame++;
    const running = this.spans.hasRunning();
    if (!this.dirty && !running) return;
    this.dirty = false;
    const rows = Math.max(5, terminal.rows - 2);
    let lines = treeLines(this.spans.values(), { frame: this.frame, now: Date.now() });
    if (lines.length > rows - 1 || this.spans.dropped > 0) {
      const shown = Math.min(lines.length, rows - 2);
      const hidden = lines.length - shown + this.spans.dropped;
      lines = [colors.dim(`… ${hidden} more lines above`), ...lines.slice(lines.length - shown)];
    }
    this.update([this.title(), ...lines].join('\n'));
  }
}
