// The Python files under some paths, streamed: directories are walked in name order, skipping
// what never holds the user's flows (.git, node_modules, virtualenvs, __pycache__, site-packages,
// the play store .hero), and any folder the caller's `skipDir` names (the language server's excludes:
// never entered). The CLI uses it as is; the language server adds its own cap and cancellation
// around it (it can stop iterating at any time).

import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '__pycache__', 'site-packages', '.hero']);
const VENV_NAMES: ReadonlySet<string> = new Set(['.venv', 'venv', 'env']);

export interface PythonFilesOptions {
  /** Stop after this many files (default 100,000). */
  maxFiles?: number;
  /** Stop early when aborted. */
  signal?: AbortSignal;
  /** Directories below the roots not to enter, besides the ones always skipped (the user's excludes). */
  skipDir?: (path: string) => boolean;
}

/**
 * Every `*.py` file under `roots` (a file given directly is yielded whatever its extension; a path
 * that does not exist yields nothing). Symbolic links to directories are not followed.
 */
export async function* pythonFiles(roots: string | readonly string[], options: PythonFilesOptions = {}): AsyncGenerator<string> {
  let left = options.maxFiles ?? 100_000;
  const pending = [...(typeof roots === 'string' ? [roots] : roots)].reverse();
  for (let root = pending.pop(); root !== undefined && left > 0; root = pending.pop()) {
    const info = await stat(root).catch(() => undefined);
    if (info?.isFile()) {
      left--;
      yield root;
    } else if (info?.isDirectory()) {
      for await (const file of walk(root, options)) {
        if (left-- <= 0) return;
        yield file;
      }
    }
    if (options.signal?.aborted) return;
  }
}

async function* walk(dir: string, options: PythonFilesOptions): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  if (entries.some((entry) => entry.name === 'pyvenv.cfg')) return; // the root of a virtualenv
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (options.signal?.aborted) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedDir(path, entry.name) && !options.skipDir?.(path)) yield* walk(path, options);
    } else if (entry.name.endsWith('.py')) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) yield path;
    }
  }
}

/** A directory the walk does not enter (by name, or a virtualenv named .venv/venv/env). */
export function isSkippedDir(path: string, name: string): boolean {
  if (SKIPPED_DIRS.has(name)) return true;
  return VENV_NAMES.has(name) && (existsSync(join(path, 'bin', 'python')) || existsSync(join(path, 'Scripts', 'python.exe')));
}

/** A source file as the editor shows it: UTF-8 without a byte-order mark. */
export async function readPythonSource(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
