// The play store: every play kept durably as its raw trace (exactly the bytes received), its
// captured output, and a small metadata file; plus one append-only index so listing thousands of
// plays reads one file. Trace bytes are written with a syscall per received block, so a crash of
// the runtime loses at most the last partial line; a play left `running` by a dead runtime is
// shown as `interrupted` the next time anyone reads the store.
//
//   <root>/.gitignore          "*": the store ignores itself in git
//   <root>/index.jsonl         one summary line per state change, last line per id wins
//   <root>/plays/<id>/play.json, trace.jsonl, stdout.log, stderr.log
//   <root>/plays/<id>/history.jsonl, attempt.lock, trace.<n>.jsonl, stdout.<n>.log, stderr.<n>.log
//                              durable plays (docs/durable.md): attempt n ≥ 2 has files of its own
//
// Everything read back is untrusted (a store can come with a cloned repository): ids must be play
// ids (playId.ts), records are rebuilt field by field (storedRecords.ts), and every path stays under
// the store's real path (storePaths.ts). A bad index line is skipped and counted, never fatal.

import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingPause, Play } from '../../common/src/play';
import { HISTORY_FILE, HistoryError, readHistory } from './history';
import { readTrace } from './traceFile';
import { PlayBuilder } from './playBuilder';
import { assemblePlay, errorFromSpans, lastEventTime } from './playOutcome';
import { isPlayId, isPlayIdPrefix, newPlayId } from './playId';
import { readIndexLine, readPlayMeta, type PlaySummary, type StoredPlay, type Tombstone } from './storedRecords';
import { checkOwnFile, checkPlayDir, checkStoreLayout, realStoreRoot, StoreError } from './storePaths';

export { newPlayId, StoreError, type PlaySummary };

/** Appends to the index, never through a link planted in its place (checkStoreLayout says why first). */
function appendNoFollow(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  try {
    writeAll(fd, Buffer.from(text));
  } finally {
    closeSync(fd);
  }
}

export const DEFAULT_STORE_DIR = '.hero';

/** A file of one attempt: `trace.jsonl` for the first, `trace.<n>.jsonl` for attempt n ≥ 2 (docs/durable.md). */
export function attemptFile(stem: string, extension: string, attempt: number): string {
  return attempt <= 1 ? `${stem}.${extension}` : `${stem}.${attempt}.${extension}`;
}

/** The pause a play's history says attempt `attempt` parked on, as the play records it; undefined when none (or the history is unreadable). */
export function parkedPause(historyPath: string, attempt: number): PendingPause | undefined {
  let pause;
  try {
    pause = readHistory(historyPath).pendingPause;
  } catch (error) {
    if (error instanceof HistoryError) return undefined;
    throw error;
  }
  if (!pause || pause.attempt !== attempt) return undefined;
  return { key: pause.pause_key, prompt: pause.prompt, fields: pause.fields, span_id: pause.span_id, attempt: pause.attempt, since_ms: pause.t_ms };
}

/** What the index needs of a play: enough to list it without reading its folder. */
export type SummarySource = Pick<Play, 'id' | 'flow_name' | 'source_file' | 'status' | 'start_ms' | 'end_ms' | 'error' | 'parent_play_id' | 'attempt' | 'pending_pause'>;

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
    attempt: play.attempt ?? 1,
    pending_prompt: play.pending_pause ? cut(play.pending_pause.prompt, 300) : null,
  };
}

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false; // 0 and negative pids name process groups, not a runtime
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens a play file for appending, created if absent, refused (ELOOP) if it is a symbolic link. */
function openAppend(path: string): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    throw new StoreError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

/** A play id as a message shows it: quoted, with any NUL or control character escaped. */
function shown(id: string): string {
  return `'${JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id).slice(1, -1)}'`;
}

export class PlayStore {
  /** Index lines the last read skipped: not JSON, not a record, or not a valid play record. */
  skippedIndexLines = 0;

  constructor(readonly root: string) {}

  /** The store root with its symbolic links resolved: every store path is built on it. */
  get realRoot(): string {
    return realStoreRoot(this.root);
  }

  private get indexPath(): string {
    return join(this.realRoot, 'index.jsonl');
  }

  /** The folder of a play: `id` must be a play id, so the folder is always right under plays/. */
  playDir(id: string): string {
    if (!isPlayId(id)) throw new StoreError(`${shown(id)} is not a play id (they look like 20261123-101503-3f9a1c)`);
    return join(this.realRoot, 'plays', id);
  }

  /** The trace of one attempt of a play (the first when not given). */
  tracePath(id: string, attempt = 1): string {
    return join(this.playDir(id), attemptFile('trace', 'jsonl', attempt));
  }

  historyPath(id: string): string {
    return join(this.playDir(id), HISTORY_FILE);
  }

  /** A play's folder, checked: the store's layout is its own and the folder resolves inside plays/. */
  private checkedPlayDir(id: string): string {
    const dir = this.playDir(id);
    checkStoreLayout(this.root);
    checkPlayDir(this.realRoot, dir);
    return dir;
  }

  /** A file of a play's folder to read: its own regular file, never a link or a device. */
  private checkedPlayFile(id: string, name: string): string {
    const path = join(this.checkedPlayDir(id), name);
    checkOwnFile(path);
    return path;
  }

  /** Creates the store if needed; a clear StoreError when it cannot be written or is refused. */
  ensureWritable(): void {
    try {
      mkdirSync(this.root, { recursive: true });
      checkStoreLayout(this.root);
      mkdirSync(join(this.realRoot, 'plays'), { recursive: true });
      try {
        // `wx`: never written through a link planted in its place.
        writeFileSync(join(this.realRoot, '.gitignore'), '# Hero Flows play store: keep it out of git\n*\n', { flag: 'wx' });
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      appendNoFollow(this.indexPath, '');
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot write to the play store ${this.root}: ${(error as Error).message}`);
    }
  }

  /** Starts recording a new play; its id is reserved atomically (mkdir). */
  begin(play: Play): PlayRecorder {
    this.ensureWritable();
    this.playDir(play.id); // a valid id, or a StoreError saying why
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
    // The SDK appends to it; created here so it is the play's own file, readable by its owner only.
    writeFileSync(this.historyPath(play.id), '', { flag: 'wx', mode: 0o600 });
    return new PlayRecorder(this, play);
  }

  /** Starts recording a new attempt of a stored play (play.attempt ≥ 2): its own trace and output files. */
  continuePlay(play: Play): PlayRecorder {
    this.ensureWritable();
    this.checkedPlayDir(play.id);
    return new PlayRecorder(this, play);
  }

  /** The stored play.json of a play (no spans), checked; a running play whose runtime died is reported as it stands. */
  meta(id: string): StoredPlay {
    return this.readMeta(id);
  }

  /** Rewrites a play that is not running (a paused play cancelled) and lists its new state. */
  rewrite(play: Play, pid: number): void {
    this.writeMeta(play, pid);
    this.appendIndex(summaryOf(play, play.span_count ?? play.spans.length, pid));
  }

  appendIndex(record: PlaySummary | Tombstone): void {
    checkStoreLayout(this.root);
    appendNoFollow(this.indexPath, `${JSON.stringify(record)}\n`);
  }

  writeMeta(play: Play, pid: number): void {
    const { spans: _spans, span_count: _count, ...rest } = play;
    const stored: StoredPlay = { ...rest, runtime_pid: pid };
    const path = join(this.checkedPlayDir(play.id), 'play.json');
    const temp = `${path}.${process.pid}.tmp`;
    rmSync(temp, { force: true }); // a leftover (or a planted link) goes; `wx` then creates a fresh file
    writeFileSync(temp, JSON.stringify(stored), { flag: 'wx' });
    renameSync(temp, path);
  }

  /** Every play, newest first. Plays whose runtime died are settled as `interrupted` on the way. */
  async list(): Promise<PlaySummary[]> {
    const latest = this.readIndex();
    const plays: PlaySummary[] = [];
    for (const summary of latest.values()) {
      if (summary.status === 'running' && summary.pid !== process.pid && !isAlive(summary.pid)) {
        const settled = await this.settleInterrupted(summary.id);
        // A folder that cannot be settled (damaged, refused) still lists, as what it is.
        plays.push(settled ? summaryOf(settled, settled.spans.length, summary.pid) : { ...summary, status: 'interrupted', error: 'interrupted: its runtime stopped, and its folder could not be read' });
        continue;
      }
      plays.push(summary);
    }
    return plays.sort((a, b) => b.start_ms - a.start_ms || (a.id < b.id ? 1 : -1));
  }

  /** A play id, or an unambiguous prefix of one. */
  resolveId(idOrPrefix: string): string {
    if (!isPlayIdPrefix(idOrPrefix)) throw new StoreError(`no play ${shown(idOrPrefix)} in ${this.root}: that is not a play id or the start of one (they look like 20261123-101503-3f9a1c)`);
    const ids = [...this.readIndex().keys()];
    if (ids.includes(idOrPrefix)) return idOrPrefix;
    const matches = ids.filter((id) => id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new StoreError(`no play '${idOrPrefix}' in ${this.root}`);
    throw new StoreError(`'${idOrPrefix}' matches ${matches.length} plays (${matches.slice(0, 3).join(', ')}…); give more of the id`);
  }

  /**
   * The stored play with its spans re-materialised from its trace: the latest attempt's, or with
   * `attempt` an earlier one's (its status, error and times then those of that attempt).
   */
  async load(idOrPrefix: string, options: { attempt?: number } = {}): Promise<Play> {
    const id = this.resolveId(idOrPrefix);
    let stored = this.readMeta(id);
    if (stored.status === 'running' && stored.runtime_pid !== process.pid && !isAlive(stored.runtime_pid)) {
      const settled = await this.settleInterrupted(id);
      if (settled && options.attempt === undefined) return settled;
      if (settled) stored = this.readMeta(id);
    }
    const { runtime_pid: _pid, ...meta } = stored;
    const latest = meta.attempt ?? 1;
    const wanted = options.attempt ?? latest;
    if (wanted !== latest) {
      const record = meta.attempts?.find((attempt) => attempt.attempt === wanted);
      if (!record) throw new StoreError(`play ${id} has no attempt ${wanted} (its attempts: 1–${latest})`);
      Object.assign(meta, { attempt: wanted, status: record.status, error: record.error, exit_code: record.exit_code, end_ms: record.end_ms, output: null, stdout: '', stderr: '', pending_pause: null, exit_signal: null });
    }
    const builder = await this.readAttemptTrace(id, wanted);
    const end = meta.status === 'running' ? null : { as: meta.status === 'cancelled' || meta.status === 'timed_out' ? ('cancelled' as const) : ('failed' as const), atMs: meta.end_ms ?? meta.start_ms };
    return assemblePlay({ ...meta, spans: [] }, builder, end, { keepStats: wanted === latest });
  }

  /** Removes a play's folder (refused when it is a link out of the store) and lists it as deleted. */
  delete(id: string): void {
    rmSync(this.checkedPlayDir(id), { recursive: true, force: true });
    this.appendIndex({ id, deleted: true });
  }

  /** One attempt's trace; an attempt whose trace never got written (or a play.json naming an attempt that never ran) has no spans. */
  private async readAttemptTrace(id: string, attempt: number): Promise<PlayBuilder> {
    const path = this.checkedPlayFile(id, attemptFile('trace', 'jsonl', attempt));
    if (attempt > 1 && !existsSync(path)) return new PlayBuilder();
    return readTrace(path);
  }

  private readMeta(id: string): StoredPlay {
    let text: string;
    try {
      text = readFileSync(this.checkedPlayFile(id, 'play.json'), 'utf8');
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`play ${id} is damaged in ${this.root}: ${(error as Error).message}`);
    }
    const reading = readPlayMeta(id, text);
    if (!reading.ok) throw new StoreError(`play ${id} is damaged in ${this.root}: ${reading.problem}`);
    return reading.play;
  }

  private readIndex(): Map<string, PlaySummary> {
    const latest = new Map<string, PlaySummary>();
    this.skippedIndexLines = 0;
    checkStoreLayout(this.root);
    let text: string;
    try {
      text = readFileSync(this.indexPath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return latest;
      throw new StoreError(`cannot read the play store index ${this.indexPath}: ${(error as Error).message}`);
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const record = readIndexLine(line);
      if (!record) {
        this.skippedIndexLines++;
        continue;
      }
      if ('deleted' in record) latest.delete(record.id);
      else latest.set(record.id, record);
    }
    return latest;
  }

  /** The runtime that owned this play died: close it from what its trace says. */
  private async settleInterrupted(id: string): Promise<Play | undefined> {
    let stored: StoredPlay;
    let builder: Awaited<ReturnType<typeof readTrace>>;
    try {
      stored = this.readMeta(id);
      builder = await this.readAttemptTrace(id, stored.attempt ?? 1);
    } catch (error) {
      if (error instanceof StoreError) return undefined;
      throw error;
    }
    const { runtime_pid: pid, ...meta } = stored;
    const end = lastEventTime(builder) ?? meta.start_ms;
    // The flow parked (its pause line is in the history) and its runtime died before recording it: paused.
    const pending = parkedPause(this.historyPath(id), meta.attempt ?? 1);
    const play = assemblePlay({ ...meta, status: pending ? 'paused' : 'interrupted', end_ms: end, flow_name: meta.flow_name ?? builder.flow?.name ?? null, spans: [] }, builder, { as: 'failed', atMs: end });
    if (pending) {
      play.pending_pause = pending;
      play.error = null;
    } else {
      const fromSpans = errorFromSpans(builder); // read once the open spans are closed
      play.error = `interrupted: the runtime running this play (pid ${pid}) stopped before the play finished` + (fromSpans ? `\n${fromSpans}` : '');
    }
    const record = play.attempts?.find((attempt) => attempt.attempt === (meta.attempt ?? 1));
    if (record) Object.assign(record, { status: play.status, error: play.error, end_ms: end });
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

  private readonly attempt: number;

  constructor(
    private readonly store: PlayStore,
    readonly play: Play,
  ) {
    const dir = store.playDir(play.id);
    this.attempt = play.attempt ?? 1;
    // Never through a link: a later attempt writes into a folder that may have come from elsewhere.
    this.traceFd = openAppend(join(dir, attemptFile('trace', 'jsonl', this.attempt)));
    this.outputFds = { stdout: openAppend(this.outputPath('stdout')), stderr: openAppend(this.outputPath('stderr')) };
    store.writeMeta(play, process.pid);
    store.appendIndex(summaryOf(play, play.spans.length, process.pid));
  }

  /** The play's folder. */
  get dir(): string {
    return this.store.playDir(this.play.id);
  }

  get tracePath(): string {
    return this.store.tracePath(this.play.id, this.attempt);
  }

  outputPath(stream: 'stdout' | 'stderr'): string {
    return join(this.store.playDir(this.play.id), attemptFile(stream, 'log', this.attempt));
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
    this.store.appendIndex(summaryOf(play, play.span_count ?? play.spans.length, process.pid));
  }
}
