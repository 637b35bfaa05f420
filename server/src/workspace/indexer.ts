// The background scan that fills the flow library at start-up. It never blocks the server: files
// are streamed from the folder walk (which never enters an excluded folder), read a batch at a time,
// analysed behind the flow-aware pre-filter, and the event loop gets a turn whenever a slice of work
// has run, so requests are answered during the scan. The library takes the files as one batch: the
// paths they affect are worked out once, at the end. It stops at a file cap, can be cancelled, and
// `done` is a promise a caller (or a test) awaits instead of sleeping. The cap is the SDK's and the
// CLI's (common/src/workspaceLimits.ts): each folder's first N Python files in walk order.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { IndexReadyParams } from '../../../common/src/lspMessages';
import { DEFAULT_MAX_WORKSPACE_FILES } from '../../../common/src/workspaceLimits';
import { pythonFiles } from '../analyzer/pythonFiles';
import type { PathFilter } from './excludeGlobs';
import { readSmallFile, type Workspace } from './workspace';

const READ_BATCH = 32;
const SLICE_MS = 8;

export interface ScanOptions {
  folders: string[];
  /** The user's excludes: an excluded folder is not entered, an excluded file not read. */
  isExcluded: PathFilter;
  /** Each folder's cap (default DEFAULT_MAX_WORKSPACE_FILES). */
  maxFiles?: number;
}

/** What the client is told in `heroFlows/indexReady`, plus what the server does next. */
export interface ScanResult extends IndexReadyParams {
  /** Paths whose diagnostics may have changed during the scan. */
  affected: Set<string>;
}

export class WorkspaceScan {
  readonly done: Promise<ScanResult>;
  private readonly controller = new AbortController();

  constructor(
    private readonly workspace: Workspace,
    private readonly options: ScanOptions,
  ) {
    this.done = this.run();
  }

  cancel(): void {
    this.controller.abort();
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  private async run(): Promise<ScanResult> {
    const started = performance.now();
    const maxFiles = this.options.maxFiles ?? DEFAULT_MAX_WORKSPACE_FILES;
    const result: ScanResult = { folders: this.options.folders, files: 0, parsed: 0, flows: 0, durationMs: 0, capped: false, cappedFolders: [], maxFiles, cancelled: false, affected: new Set() };
    const updates = this.workspace.library.batch();
    let batch: string[] = [];
    let sliceStart = performance.now();
    const flush = async () => {
      const texts = await Promise.all(batch.map(readSmallFile));
      for (let i = 0; i < batch.length && !this.cancelled; i++) {
        const text = texts[i];
        if (text === undefined) continue;
        const parsedBefore = this.workspace.parsedCount;
        await this.workspace.updateText(batch[i]!, text, updates);
        result.parsed += this.workspace.parsedCount - parsedBefore;
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      }
      batch = [];
    };
    try {
      const walk = pythonFiles(this.options.folders, {
        signal: this.controller.signal,
        skipDir: this.options.isExcluded,
        maxFiles,
        onCapped: (folder) => {
          result.capped = true;
          result.cappedFolders.push(folder);
        },
      });
      for await (const path of walk) {
        if (this.cancelled) break;
        if (this.options.isExcluded(path)) continue;
        result.files++;
        batch.push(path);
        if (batch.length >= READ_BATCH) await flush();
      }
      if (!this.cancelled) await flush();
    } finally {
      result.affected = updates.end();
      result.cancelled = this.cancelled;
      result.flows = this.workspace.library.allFlows().length;
      result.durationMs = Math.round(performance.now() - started);
    }
    return result;
  }
}
