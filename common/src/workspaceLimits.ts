// The limits every part that reads a workspace shares: the language server's scan, `hero-flows flows`
// and `check`, and the Python SDK's search for a `flow.invoke` target (runtime/python/hero_tracing.py
// restates them; test/analyzer/workspaceLimits.test.ts keeps the two the same). One rule, so the
// editor, the command line and a running flow agree on which files make up the flow library.

/** A file (or an open buffer) larger than this is not a flow file anyone writes by hand: not analysed. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** How many Python files a workspace walk looks at, in walk order, before it stops (and says so). */
export const DEFAULT_MAX_WORKSPACE_FILES = 100_000;

/** The setting that raises the cap in the editor (package.json, client/src/settings.ts). */
export const MAX_WORKSPACE_FILES_SETTING = 'heroFlows.maxWorkspaceFiles';

/** The same for the command line and the SDK: the runtime passes it on to every play. */
export const MAX_WORKSPACE_FILES_ENV = 'HERO_FLOWS_MAX_WORKSPACE_FILES';

/** A positive whole number from a setting or the environment, else the default. */
export function maxWorkspaceFiles(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_WORKSPACE_FILES;
}
