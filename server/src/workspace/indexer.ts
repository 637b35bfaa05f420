// The background scan that fills the flow library at start-up. It never blocks the server: files
// are streamed from the folder walk (which never enters an excluded folder), read a batch at a time,
// and those that pass the flow-aware pre-filter are parsed and analysed by the parse worker (on the
// other core: scanAnalyser.ts) while the walk reads on; the event loop gets a turn whenever a slice
// of work has run, so requests are answered during the scan. The library takes the files as one batch: the
// paths they affect are worked out once, at the end. With a facts cache (factsCache.ts), a file
// unchanged since the last complete scan is not read or parsed (scanFile.ts), and each folder's
// cache is rewritten as its walk goes, put in place when the walk completes. It stops at a file
// cap when the user sets one, can be cancelled, and `done` is a promise a caller (or a test)
// awaits instead of sleeping. The cap is the SDK's and the CLI's (common/src/workspaceLimits.ts):
// each folder's first N Python files in walk order.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FileFacts } from '../analyzer/facts';
import type { IndexReadyParams } from '../../../common/src/lspMessages';
import { DEFAULT_MAX_WORKSPACE_FILES } from '../../../common/src/workspaceLimits';
import { pythonFiles } from '../analyzer/pythonFiles';
import { factsCacheFile } from './cacheLocation';
import type { PathFilter } from './excludeGlobs';
import { FactsCacheWriter, readFactsCache, type FactsCacheContents } from './factsCache';
import { mightHoldFlows } from './analysis';
import { ScanAnalyser } from './scanAnalyser';
import { scanFile, type ScannedFile } from './scanFile';
import type { Workspace } from './workspace';

const READ_BATCH = 32;
const SLICE_MS = 8;
/** Files read ahead of their facts: at most this many, holding at most this much text. */
const MAX_QUEUED = 256;
const MAX_QUEUED_CHARS = 16 * 1024 * 1024;

interface Queued {
  path: string;
  file: ScannedFile;
  facts: Promise<FileFacts | null>;
  bytes: number;
}

export interface FactsCacheOptions {
  /** The private directory holding one cache file per folder. */
  dir: string;
  /** This build's key (cacheLocation.ts buildKey): a cache written under another is ignored. */
  key: string;
}

export interface ScanOptions {
  folders: string[];
  /** The user's excludes: an excluded folder is not entered, an excluded file not read. */
  isExcluded: PathFilter;
  /** Each folder's cap (default DEFAULT_MAX_WORKSPACE_FILES). */
  maxFiles?: number;
  /** Reuse the facts of files unchanged since the last complete scan, and record this one's. */
  cache?: FactsCacheOptions;
  /** The parse worker's script (scanAnalyser.ts); undefined: the scan parses on the main thread. */
  parseWorker?: string;
  log?: (message: string) => void;
}

/** What the client is told in `heroFlows/indexReady`, plus what the server does next. */
export interface ScanResult extends IndexReadyParams {
  fromCache: number;
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
    const result: ScanResult = { folders: this.options.folders, files: 0, parsed: 0, fromCache: 0, flows: 0, durationMs: 0, capped: false, cappedFolders: [], maxFiles, cancelled: false, affected: new Set() };
    const updates = this.workspace.library.batch();
    const analyser = new ScanAnalyser(this.workspace.parser, this.options.log ?? (() => undefined), this.options.parseWorker);
    try {
      for (const folder of this.options.folders) {
        if (this.cancelled) break;
        await this.scanFolder(folder, maxFiles, result, updates, analyser);
      }
    } finally {
      if (analyser.parsedInWorker > 0) this.options.log?.(`workspace scan: ${analyser.parsedInWorker} files parsed in the parse worker`);
      analyser.dispose();
      result.affected = updates.end();
      result.cancelled = this.cancelled;
      result.flows = this.workspace.library.allFlows().length;
      result.durationMs = Math.round(performance.now() - started);
    }
    return result;
  }

  /** One folder's walk, streamed a batch at a time, with its cache read before and written after. */
  private async scanFolder(folder: string, maxFiles: number, result: ScanResult, updates: Parameters<Workspace['applyFacts']>[2], analyser: ScanAnalyser): Promise<void> {
    const cacheFile = this.options.cache && factsCacheFile(this.options.cache.dir, folder);
    const scanStartedAt = Date.now();
    const cache = cacheFile ? await this.readCache(cacheFile, folder) : undefined;
    const writer = cacheFile ? await this.openWriter(cacheFile, folder, scanStartedAt) : undefined;
    // While every file is the cache's, unchanged, its entries are held back (paths only): when the
    // walk ends that way, with no file gone, the cache file is left as it is instead of rewritten.
    let unchanged: string[] | undefined = cache && writer ? [] : undefined;
    let batch: string[] = [];
    let sliceStart = performance.now();
    // Files read and waiting for their facts (from the parse worker), in walk order; bounded so that
    // a slow parser holds up the reads rather than letting texts pile up.
    const queue: Queued[] = [];
    let queuedBytes = 0;
    const settleFirst = async () => {
      const next = queue.shift()!;
      queuedBytes -= next.bytes;
      const facts = await next.facts;
      if (this.cancelled) return;
      this.workspace.applyFacts(next.path, facts, updates); // an open document's buffer wins there
      if (next.file.kind === 'cached') result.fromCache++;
      else if (facts) result.parsed++;
      if (next.file.kind === 'cached' && !next.file.read && unchanged) unchanged.push(next.path);
      else {
        // The first file the cache did not hold as it is: the entries held back so far go first.
        for (const path of unchanged?.splice(0) ?? []) writer?.add(path, cache!.files.get(path)!);
        unchanged = undefined;
        writer?.add(next.path, next.file.kind === 'cached' ? next.file.file : { size: next.file.size, mtimeMs: next.file.mtimeMs, hash: next.file.hash, facts });
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    };
    const flush = async (drain: boolean) => {
      const files = await Promise.all(batch.map((path) => scanFile(path, cache?.files.get(path), cache?.scanStartedAt ?? 0)));
      for (let i = 0; i < batch.length && !this.cancelled; i++) {
        const file = files[i];
        if (file === undefined) continue;
        const path = batch[i]!;
        if (file.kind === 'cached') queue.push({ path, file, facts: Promise.resolve(file.file.facts), bytes: 0 });
        else if (!mightHoldFlows(file.text)) queue.push({ path, file, facts: Promise.resolve(null), bytes: 0 });
        else {
          queue.push({ path, file, facts: analyser.facts(path, file.text), bytes: file.text.length });
          queuedBytes += file.text.length;
        }
        while (!this.cancelled && (queue.length > MAX_QUEUED || queuedBytes > MAX_QUEUED_CHARS)) await settleFirst();
      }
      batch = [];
      while (drain && !this.cancelled && queue.length > 0) await settleFirst();
    };
    let complete = false;
    try {
      const walk = pythonFiles(folder, {
        signal: this.controller.signal,
        skipDir: this.options.isExcluded,
        maxFiles,
        onCapped: (root) => {
          result.capped = true;
          result.cappedFolders.push(root);
        },
      });
      for await (const path of walk) {
        if (this.cancelled) break;
        if (this.options.isExcluded(path)) continue;
        result.files++;
        batch.push(path);
        if (batch.length >= READ_BATCH) await flush(false);
      }
      if (!this.cancelled) await flush(true);
      complete = !this.cancelled;
    } finally {
      if (complete && unchanged && unchanged.length === cache?.files.size) await writer?.abandon();
      else if (complete) {
        for (const path of unchanged ?? []) writer?.add(path, cache!.files.get(path)!);
        await writer?.commit().catch((error: unknown) => this.options.log?.(`facts cache not written for ${folder}: ${String(error)}`));
      } else await writer?.abandon();
    }
  }

  private async readCache(file: string, folder: string): Promise<FactsCacheContents | undefined> {
    const read = await readFactsCache(file, folder, this.options.cache!.key);
    if (read.ok) return read.contents;
    if (read.problem !== 'none yet') this.options.log?.(`facts cache of ${folder} ignored (${read.problem}): rebuilt by this scan`);
    return undefined;
  }

  private async openWriter(file: string, folder: string, scanStartedAt: number): Promise<FactsCacheWriter | undefined> {
    try {
      return await FactsCacheWriter.create(file, folder, this.options.cache!.key, scanStartedAt);
    } catch (error) {
      this.options.log?.(`facts cache not written for ${folder}: ${String(error)}`);
      return undefined;
    }
  }
}
