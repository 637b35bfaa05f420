// The play store: every play kept durably as its raw trace (exactly the bytes received), its
// captured output, and a small metadata file; plus one append-only index so listing thousands of
// plays reads one file. Trace bytes are written with a syscall per received block, so a crash of
// the runtime loses at most the last partial line; a play left `running` by a dead runtime is
// shown as `interrupted` the next time anyone reads the store.
//
//   <root>/.gitignore          "*": the store ignores itself in git
//   <root>/index.jsonl         one summary line per state change, last line per id wins
//   <root>/plays/<id>/play.json, trace.jsonl, stdout.log, stderr.log

import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Play, PlayStatus } from '../../common/src/play';
import { readTrace } from './traceFile';
import { errorFromSpans, lastEventTime, spanList } from './playOutcome';

export interface PlaySummary {
  id: string;
  flow_name: string | null;
  source_file: string | null;
  status: PlayStatus;
  start_ms: number;
  end_ms: number | null;
  error: string | null;
  span_count: number;
  /** The runtime process that owns a running play; when it is gone the play was interrupted. */
  pid: number;
  /** The play that started this one as a child play (absent in index lines written before it existed). */
  parent_play_id?: string | null;
}

interface Tombstone {
  id: string;
  deleted: true;
}

type StoredPlay = Omit<Play, 'spans'> & { runtime_pid: number };

export class StoreError extends Error {}

export const DEFAULT_STORE_DIR = '.hero';

/** What the index needs of a play: enough to list it without reading its folder. */
export type SummarySource = Pick<Play, 'id' | 'flow_name' | 'source_file' | 'status' | 'start_ms' | 'end_ms' | 'error' | 'parent_play_id'>;

export function summaryOf(play: SummarySource, spanCount: number, pid: number): PlaySummary {
  const firstLine = play.error?.split('\n').find((line) => line.trim() !== '') ?? null;
  return {
    id: play.id,
    flow_name: play.flow_name,
    source_file: play.source_file,
    status: play.status,
    start_ms: play.start_ms,
    end_ms: play.end_ms,
    error: firstLine && firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine,
    span_count: spanCount,
    pid,
    parent_play_id: play.parent_play_id ?? null,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Sortable and readable: 20261123-101503-3f9a1c. */
export function newPlayId(now = new Date()): string {
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}-${randomBytes(3).toString('hex')}`;
}

export class PlayStore {
  constructor(readonly root: string) {}

  private get indexPath(): string {
    return join(this.root, 'index.jsonl');
  }

  playDir(id: string): string {
    return join(this.root, 'plays', id);
  }

  tracePath(id: string): string {
    return join(this.playDir(id), 'trace.jsonl');
  }

  /** Creates the store if needed; a clear StoreError when it cannot be written. */
  ensureWritable(): void {
    try {
      mkdirSync(join(this.root, 'plays'), { recursive: true });
      const ignore = join(this.root, '.gitignore');
      if (!existsSync(ignore)) writeFileSync(ignore, '# Hero Flows play store: keep it out of git\n*\n');
      appendFileSync(this.indexPath, '');
    } catch (error) {
      throw new StoreError(`cannot write to the play store ${this.root}: ${(error as Error).message}`);
    }
  }

  /** Starts recording a new play; its id is reserved atomically (mkdir). */
  begin(play: Play): PlayRecorder {
    this.ensureWritable();
    for (let attempt = 0; ; attempt++) {
      try {
        mkdirSync(this.playDir(play.id));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) {
          throw new StoreError(`cannot create ${this.playDir(play.id)}: ${(error as Error).message}`);
        }
        play.id = newPlayId();
      }
    }
    return new PlayRecorder(this, play);
  }

  appendIndex(record: PlaySummary | Tombstone): void {
    appendFileSync(this.indexPath, `${JSON.stringify(record)}\n`);
  }

  writeMeta(play: Play, pid: number): void {
    const { spans: _spans, ...rest } = play;
    const stored: StoredPlay = { ...rest, runtime_pid: pid };
    const path = join(this.playDir(play.id), 'play.json');
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(stored));
    renameSync(temp, path);
  }

  /** Every play, newest first. Plays whose runtime died are settled as `interrupted` on the way. */
  async list(): Promise<PlaySummary[]> {
    const latest = this.readIndex();
    const plays: PlaySummary[] = [];
    for (const summary of latest.values()) {
      if (summary.status === 'running' && summary.pid !== process.pid && !isAlive(summary.pid)) {
        const settled = await this.settleInterrupted(summary.id);
        if (settled) plays.push(summaryOf(settled, settled.spans.length, summary.pid));
        continue;
      }
      plays.push(summary);
    }
    return plays.sort((a, b) => b.start_ms - a.start_ms || (a.id < b.id ? 1 : -1));
  }

  /** A play id, or an unambiguous prefix of one. */
  resolveId(idOrPrefix: string): string {
    const ids = [...this.readIndex().keys()];
    if (ids.includes(idOrPrefix)) return idOrPrefix;
    const matches = ids.filter((id) => id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new StoreError(`no play '${idOrPrefix}' in ${this.root}`);
    throw new StoreError(`'${idOrPrefix}' matches ${matches.length} plays (${matches.slice(0, 3).join(', ')}…); give more of the id`);
  }

  /** The stored play with its spans re-materialised from its trace. */
  async load(idOrPrefix: string): Promise<Play> {
    const id = this.resolveId(idOrPrefix);
    const stored = this.readMeta(id);
    if (stored.status === 'running' && stored.runtime_pid !== process.pid && !isAlive(stored.runtime_pid)) {
      const settled = await this.settleInterrupted(id);
      if (settled) return settled;
    }
    const { runtime_pid: _pid, ...meta } = stored;
    const builder = await readTrace(this.tracePath(id));
    if (meta.status !== 'running') {
      builder.closeOpenSpans(meta.status === 'cancelled' || meta.status === 'timed_out' ? 'cancelled' : 'failed', meta.end_ms ?? meta.start_ms);
    }
    return { ...meta, spans: spanList(builder) };
  }

  delete(id: string): void {
    rmSync(this.playDir(id), { recursive: true, force: true });
    this.appendIndex({ id, deleted: true });
  }

  private readMeta(id: string): StoredPlay {
    try {
      return JSON.parse(readFileSync(join(this.playDir(id), 'play.json'), 'utf8')) as StoredPlay;
    } catch (error) {
      throw new StoreError(`play ${id} is damaged in ${this.root}: ${(error as Error).message}`);
    }
  }

  private readIndex(): Map<string, PlaySummary> {
    const latest = new Map<string, PlaySummary>();
    let text: string;
    try {
      text = readFileSync(this.indexPath, 'utf8');
    } catch {
      return latest;
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let record: PlaySummary | Tombstone;
      try {
        record = JSON.parse(line);
      } catch {
        continue; // a line cut short by a crash
      }
      if (typeof record?.id !== 'string') continue;
      if ('deleted' in record) latest.delete(record.id);
      else latest.set(record.id, record);
    }
    return latest;
  }

  /** The runtime that owned this play died: close it from what its trace says. */
  private async settleInterrupted(id: string): Promise<Play | undefined> {
    let stored: StoredPlay;
    try {
      stored = this.readMeta(id);
    } catch {
      return undefined;
    }
    const { runtime_pid: pid, ...meta } = stored;
    const builder = await readTrace(this.tracePath(id));
    const end = lastEventTime(builder) ?? meta.start_ms;
    builder.closeOpenSpans('failed', end);
    const play: Play = {
      ...meta,
      status: 'interrupted',
      end_ms: end,
      flow_name: meta.flow_name ?? builder.flow?.name ?? null,
      error: `interrupted: the runtime running this play (pid ${pid}) stopped before the play finished` +
        (errorFromSpans(builder) ? `\n${errorFromSpans(builder)}` : ''),
      spans: spanList(builder),
      stats: builder.stats,
    };
    this.writeMeta(play, pid);
    this.appendIndex(summaryOf(play, play.spans.length, pid));
    return play;
  }
}

/** Writes one play as it runs. */
export class PlayRecorder {
  private readonly traceFd: number;
  private readonly outputFds: { stdout: number; stderr: number };
  private closed = false;

  constructor(
    private readonly store: PlayStore,
    readonly play: Play,
  ) {
    const dir = store.playDir(play.id);
    this.traceFd = openSync(join(dir, 'trace.jsonl'), 'a');
    this.outputFds = { stdout: openSync(join(dir, 'stdout.log'), 'a'), stderr: openSync(join(dir, 'stderr.log'), 'a') };
    store.writeMeta(play, process.pid);
    store.appendIndex(summaryOf(play, play.spans.length, process.pid));
  }

  get tracePath(): string {
    return this.store.tracePath(this.play.id);
  }

  outputPath(stream: 'stdout' | 'stderr'): string {
    return join(this.store.playDir(this.play.id), `${stream}.log`);
  }

  writeTrace(bytes: Buffer): void {
    if (!this.closed) writeAll(this.traceFd, bytes);
  }

  writeOutput(stream: 'stdout' | 'stderr', bytes: Buffer): void {
    if (!this.closed) writeAll(this.outputFds[stream], bytes);
  }

  /** Records the flow's resolved name and inputs once the bootstrap reports them. */
  update(play: Play): void {
    this.store.writeMeta(play, process.pid);
  }

  finish(play: Play): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of [this.traceFd, this.outputFds.stdout, this.outputFds.stderr]) closeSync(fd);
    this.store.writeMeta(play, process.pid);
    this.store.appendIndex(summaryOf(play, play.spans.length, process.pid));
  }
}
