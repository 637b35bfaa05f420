// The Python files under some paths, streamed in the order Python's `os.walk` gives them (a
// folder's files by name, then its sub-folders by name: the SDK's search for a `flow.invoke` target
// walks so, and a cap must cut the same files everywhere), skipping what never holds the user's
// flows (hidden folders such as .git and the play store .hero, node_modules, virtualenvs,
// __pycache__, site-packages) and any folder the caller's `skipDir` names (the language server's
// excludes: never entered). The rule's constants are common/src/workspaceLimits.ts; the SDK restates
// it in runtime/python/hero_tracing/_workspace_walk.py (`py_files`, `is_skipped_dir`), and
// test/analyzer/workspaceLimits.test.ts compares the constants and runs both walks on one tree.

import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { DEFAULT_MAX_WORKSPACE_FILES, SKIPPED_DIRS, VENV_CONFIG, VENV_NAMES, VENV_PYTHONS } from '../../../common/src/workspaceLimits';

export interface PythonFilesOptions {
  /** Stop each root's walk after this many files (default DEFAULT_MAX_WORKSPACE_FILES), as the SDK does. */
  maxFiles?: number;
  /** Told of each root whose walk stopped at `maxFiles` with files left. */
  onCapped?: (root: string) => void;
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
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_WORKSPACE_FILES;
  for (const root of typeof roots === 'string' ? [roots] : roots) {
    if (options.signal?.aborted) return;
    const info = await stat(root).catch(() => undefined);
    if (info?.isFile()) yield root;
    else if (info?.isDirectory()) {
      let left = maxFiles;
      for await (const file of walk(root, options)) {
        if (left-- <= 0) {
          options.onCapped?.(root);
          break;
        }
        yield file;
      }
    }
  }
}

async function* walk(dir: string, options: PythonFilesOptions): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  const folders: string[] = [];
  for (const entry of entries) {
    if (options.signal?.aborted) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedDir(path, entry.name) && !options.skipDir?.(path)) folders.push(path);
    } else if (entry.name.endsWith('.py')) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) yield path;
    }
  }
  for (const folder of folders) yield* walk(folder, options);
}

/** A directory the walk does not enter: hidden, named in SKIPPED_DIRS, or a virtualenv. */
export function isSkippedDir(path: string, name: string): boolean {
  if (name.startsWith('.') || SKIPPED_DIRS.has(name) || existsSync(join(path, VENV_CONFIG))) return true;
  return VENV_NAMES.has(name) && VENV_PYTHONS.some((python) => existsSync(join(path, ...python.split('/'))));
}

/** Python's order of `str`s (code points), which UTF-16 comparison breaks above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Whether `a` comes before `b` (negative), after (positive), in the walk of a folder holding both. */
export function compareWalkOrder(a: string, b: string): number {
  const left = a.split(sep);
  const right = b.split(sep);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] === right[i]) continue;
    const leftIsFile = i === left.length - 1;
    const rightIsFile = i === right.length - 1;
    if (leftIsFile !== rightIsFile) return leftIsFile ? -1 : 1; // a folder's files come before its sub-folders
    return byCodePoint(left[i]!, right[i]!);
  }
  return left.length - right.length;
}

/** A source file as the editor shows it: UTF-8 without a byte-order mark. */
export async function readPythonSource(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
