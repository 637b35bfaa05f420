// The rule every part that reads a workspace shares: which folders are never entered and how many
// files a walk looks at — the language server's scan, `hero-flows flows` and `check` (all through
// server/src/analyzer/pythonFiles.ts), and the Python SDK's search for a `flow.invoke` target
// (runtime/python/hero_tracing/_workspace_walk.py restates it under the same names;
// test/analyzer/workspaceLimits.test.ts compares the two and runs both walks). One rule, so the
// editor, the command line and a running flow agree on which files make up the flow library.

/** Folders never entered, besides hidden ones (a name starting with a dot) and virtualenvs. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '__pycache__', 'site-packages']);

/** A folder holding this file is a virtualenv, whatever its name. */
export const VENV_CONFIG = 'pyvenv.cfg';

/** A folder with one of these names is a virtualenv when it holds one of VENV_PYTHONS. */
export const VENV_NAMES: ReadonlySet<string> = new Set(['venv', 'env']);
export const VENV_PYTHONS: readonly string[] = ['bin/python', 'Scripts/python.exe'];

/** A file (or an open buffer) larger than this is not a flow file anyone writes by hand: not analysed. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * How many Python files a workspace walk looks at, in walk order, before it stops (and says so).
 * By default none stops short (the largest whole number both languages hold exactly): the scan
 * streams, so a monorepo's size costs time, not memory. A user may still set a smaller cap.
 */
export const DEFAULT_MAX_WORKSPACE_FILES = Number.MAX_SAFE_INTEGER;

/** The setting that raises the cap in the editor (package.json, client/src/settings.ts). */
export const MAX_WORKSPACE_FILES_SETTING = 'heroFlows.maxWorkspaceFiles';

/** The same for the command line and the SDK: the runtime passes it on to every play. */
export const MAX_WORKSPACE_FILES_ENV = 'HERO_FLOWS_MAX_WORKSPACE_FILES';

/** A positive whole number from a setting or the environment, else the default. */
export function maxWorkspaceFiles(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_WORKSPACE_FILES;
}
