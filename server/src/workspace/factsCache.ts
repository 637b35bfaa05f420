// The facts cache's file: what a workspace folder's last complete scan found, so that a start with
// nothing changed reads no file and parses nothing. One file per folder, in a private per-user
// directory (never the workspace). Text, one JSON value per line:
//   header  {"format":"hero-flows-facts","version":1,"key":…,"folder":…,"scanStartedAt":…}
//   entries ["relative/path.py", size, mtimeMs, "sha256 of the bytes", FileFacts | null]   (walk order)
//   trailer {"entries":N,"sha256":"<hex of every byte before this line>"}
// The reader trusts nothing: size bounded, checksum checked, every line parsed on its own and
// checked field by field (factsShape.ts), paths kept inside the folder; any doubt and the whole
// file is ignored (the scan then rebuilds it). The writer writes a private temp file beside it and
// renames it over the old one, so a reader — another window on the same folder — sees a whole old
// file or a whole new one, never half of one.

import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { isInside } from '../../../common/src/pathInside';
import type { FileFacts } from '../analyzer/facts';
import { isFileFacts } from './factsShape';

export const CACHE_FORMAT = 'hero-flows-facts';
/** Bump when the file's layout changes (the analyzer's own changes change the key instead). */
export const CACHE_VERSION = 1;
/** A cache bigger than this is not one this server wrote for a workspace anyone has. */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;
const WRITE_CHUNK = 1024 * 1024;

/** What the cache remembers of one file. */
export interface CachedFile {
  size: number;
  mtimeMs: number;
  /** sha256 of the file's bytes, hex. */
  hash: string;
  /** Null: not a flow file (not kept in the library). */
  facts: FileFacts | null;
}

export interface FactsCacheContents {
  /** When the scan that wrote the cache started: a file modified near it is checked by its bytes. */
  scanStartedAt: number;
  /** Absolute path → what was known of it. */
  files: Map<string, CachedFile>;
}

export type CacheRead = { ok: true; contents: FactsCacheContents } | { ok: false; problem: string };

/** sha256 of a file's bytes, as the cache keeps it. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Reads and checks a cache file written for `folder` under `key`; a missing, stale or damaged one says why. */
export async function readFactsCache(file: string, folder: string, key: string): Promise<CacheRead> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_CACHE_BYTES) return { ok: false, problem: 'not a file, or too large' };
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false, problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'none yet' : String(error) };
  }
  return parseFactsCache(bytes, folder, key);
}

/** The checks of readFactsCache on bytes already read (the fuzz test's entry). */
export function parseFactsCache(bytes: Buffer, folder: string, key: string): CacheRead {
  try {
    return checkedContents(bytes, folder, key);
  } catch (error) {
    return { ok: false, problem: `unreadable: ${(error as Error).message}` }; // JSON.parse's errors
  }
}

function checkedContents(bytes: Buffer, folder: string, key: string): CacheRead {
  const fail = (problem: string): CacheRead => ({ ok: false, problem });
  const headerEnd = bytes.indexOf(0x0a);
  if (headerEnd === -1 || headerEnd > MAX_HEADER_BYTES) return fail('no header');
  if (bytes.length < 2 || bytes[bytes.length - 1] !== 0x0a) return fail('truncated');
  const trailerStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  if (trailerStart <= headerEnd) return fail('no trailer');
  const trailer: unknown = JSON.parse(bytes.subarray(trailerStart, bytes.length - 1).toString('utf8'));
  if (!isRecordOf(trailer, ['entries', 'sha256']) || !isCount(trailer.entries) || typeof trailer.sha256 !== 'string') return fail('bad trailer');
  if (createHash('sha256').update(bytes.subarray(0, trailerStart)).digest('hex') !== trailer.sha256) return fail('checksum mismatch');

  const header: unknown = JSON.parse(bytes.subarray(0, headerEnd).toString('utf8'));
  if (!isRecordOf(header, ['format', 'version', 'key', 'folder', 'scanStartedAt'])) return fail('bad header');
  if (header.format !== CACHE_FORMAT || header.version !== CACHE_VERSION) return fail('another format');
  if (header.key !== key) return fail('written by another build of the server');
  if (header.folder !== folder) return fail('written for another folder');
  if (!isTime(header.scanStartedAt)) return fail('bad header');

  const files = new Map<string, CachedFile>();
  for (let start = headerEnd + 1; start < trailerStart; ) {
    const end = bytes.indexOf(0x0a, start);
    const entry: unknown = JSON.parse(bytes.subarray(start, end).toString('utf8'));
    start = end + 1;
    if (!Array.isArray(entry) || entry.length !== 5) return fail('bad entry');
    const [relative, size, mtimeMs, hash, facts] = entry as unknown[];
    const path = typeof relative === 'string' ? pathIn(folder, relative) : undefined;
    if (path === undefined || files.has(path)) return fail('bad entry path');
    if (!isCount(size) || !isTime(mtimeMs) || typeof hash !== 'string' || !HEX64.test(hash)) return fail('bad entry');
    if (facts !== null && !isFileFacts(facts, path)) return fail('bad facts');
    files.set(path, { size, mtimeMs, hash, facts });
  }
  if (files.size !== trailer.entries) return fail('entry count mismatch');
  return { ok: true, contents: { scanStartedAt: header.scanStartedAt, files } };
}

/** An object with exactly these own keys. */
function isRecordOf(value: unknown, keys: string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(value, k));
}

/** The absolute path of a relative one that stays inside `folder`, else undefined. */
function pathIn(folder: string, relative: string): string | undefined {
  if (relative === '' || relative.includes('\0') || isAbsolute(relative)) return undefined;
  const path = join(folder, relative);
  if (!isInside(folder, path) || path === folder || normalize(relative) !== relative) return undefined;
  return path;
}

/**
 * Writes a new cache file for a folder as the scan goes (entries streamed out, a chunk at a time),
 * then `commit` puts it in place atomically; `abandon` (a cancelled scan) leaves the old one.
 */
export class FactsCacheWriter {
  private readonly hash: Hash = createHash('sha256');
  private chunk = '';
  private entries = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private failed: unknown;

  private constructor(
    private readonly file: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    private readonly folder: string,
  ) {}

  static async create(file: string, folder: string, key: string, scanStartedAt: number): Promise<FactsCacheWriter> {
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    const writer = new FactsCacheWriter(file, temp, handle, folder);
    writer.line(JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION, key, folder, scanStartedAt }));
    return writer;
  }

  add(path: string, file: CachedFile): void {
    if (!path.startsWith(this.folder + sep)) return;
    this.entries++;
    this.line(JSON.stringify([path.slice(this.folder.length + 1), file.size, file.mtimeMs, file.hash, file.facts]));
  }

  private line(text: string): void {
    this.chunk += `${text}\n`;
    if (this.chunk.length >= WRITE_CHUNK) this.flush();
  }

  private flush(): void {
    const data = Buffer.from(this.chunk, 'utf8');
    this.chunk = '';
    this.hash.update(data);
    this.pending = this.pending.then(() => this.handle.write(data)).catch((error: unknown) => (this.failed ??= error));
  }

  async commit(): Promise<void> {
    this.flush();
    const trailer = Buffer.from(`${JSON.stringify({ entries: this.entries, sha256: this.hash.digest('hex') })}\n`);
    await this.pending;
    try {
      if (this.failed) throw this.failed;
      await this.handle.write(trailer);
      await this.handle.close();
      await rename(this.temp, this.file);
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }

  async abandon(): Promise<void> {
    await this.pending;
    await this.handle.close().catch(() => undefined);
    await unlink(this.temp).catch(() => undefined);
  }
}
