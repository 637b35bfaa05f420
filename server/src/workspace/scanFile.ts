// One file of the scan, against what the facts cache remembers of it: the same size and mtime
// (and an mtime older than the scan that recorded it by more than a clock tick) → its facts are
// reused without reading the file; otherwise the file is read and its bytes hashed, and the same
// bytes (a checkout that rewrote the file, a `touch`) still reuse the facts. Only new bytes are
// analysed. A file touched in the moment its scan read it is never trusted by its stat alone: on a
// file system with coarse times an edit in the same tick would keep the old time (as git's "racy"
// check does).

import { readFile, stat } from 'node:fs/promises';
import { MAX_FILE_BYTES } from '../../../common/src/workspaceLimits';
import { contentHash, type CachedFile } from './factsCache';

/** Coarser than every file system's mtime tick (FAT's is 2 s). */
export const RACY_MS = 3_000;

export type ScannedFile =
  /** The cache's facts hold (`file` carries the size and mtime seen now). */
  | { kind: 'cached'; file: CachedFile; read: boolean }
  /** New bytes: `text` is to be analysed. */
  | { kind: 'read'; text: string; size: number; mtimeMs: number; hash: string };

/** Undefined when the file is gone, not a file, or too large to be a flow file. */
export async function scanFile(path: string, cached: CachedFile | undefined, cacheScanStartedAt: number): Promise<ScannedFile | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const { size, mtimeMs } = info;
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs && mtimeMs < cacheScanStartedAt - RACY_MS) {
      return { kind: 'cached', file: cached, read: false };
    }
    const bytes = await readFile(path);
    const hash = contentHash(bytes);
    if (cached && cached.hash === hash) return { kind: 'cached', file: { ...cached, size: bytes.length, mtimeMs }, read: true };
    const text = bytes.toString('utf8');
    return { kind: 'read', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, size: bytes.length, mtimeMs, hash };
  } catch {
    return undefined;
  }
}
