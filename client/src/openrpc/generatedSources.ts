// Which generated modules come from a document: a module's header names its source relative to the
// module's folder (THE CONTRACT's `# source:` line, read by parseGeneratedHeader). Only each
// candidate's first bytes are read, and what was read is kept per path while its mtime holds, so a
// save in a workspace of many clients reads almost nothing. The header is untrusted text: it is only
// compared with the saved path, never read or run.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, posix, resolve } from 'node:path';
import { parseGeneratedHeader } from '../../../openrpc/src/index';
import { HEADER_BYTES } from './specFiles';

export interface ModuleHead {
  /** absolute path of the module */
  path: string;
  /** its first bytes, as text */
  head: string;
}

/** The absolute path a module's header names as its source, if the head is a generated module's header. */
export function headerSource(modulePath: string, head: string): string | undefined {
  const header = parseGeneratedHeader(head);
  if (!header || header.source.length === 0 || header.source.includes('\0')) return undefined;
  // Posix separators in the header; resolve() takes them on every platform once normalised.
  return resolve(dirname(modulePath), posix.normalize(header.source));
}

/** The modules among `heads` generated from `specPath` (absolute). */
export function modulesGeneratedFrom(specPath: string, heads: readonly ModuleHead[]): string[] {
  const spec = resolve(specPath);
  return heads.filter((m) => headerSource(m.path, m.head) === spec).map((m) => m.path);
}

/** A file's first `bytes` bytes as UTF-8 text (a cut character at the end is harmless: the header is ASCII). */
export function readHead(path: string, bytes = HEADER_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Heads of candidate modules, read once per path and mtime. */
export class HeaderCache {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; head: string }>();

  constructor(
    private readonly stat: (path: string) => { mtimeMs: number; size: number } | undefined = (path) => {
      try {
        return statSync(path);
      } catch {
        return undefined;
      }
    },
    private readonly read: (path: string) => string = (path) => readHead(path),
  ) {}

  /** The heads of `paths` that exist and can be read; reads only the new or changed ones. */
  heads(paths: readonly string[]): ModuleHead[] {
    const seen = new Set(paths);
    for (const path of this.entries.keys()) if (!seen.has(path)) this.entries.delete(path);
    const heads: ModuleHead[] = [];
    for (const path of paths) {
      const stat = this.stat(path);
      if (!stat) {
        this.entries.delete(path);
        continue;
      }
      let entry = this.entries.get(path);
      if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
        try {
          entry = { mtimeMs: stat.mtimeMs, size: stat.size, head: this.read(path) };
        } catch {
          this.entries.delete(path);
          continue;
        }
        this.entries.set(path, entry);
      }
      heads.push({ path, head: entry.head });
    }
    return heads;
  }

  /** How many heads are cached (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
