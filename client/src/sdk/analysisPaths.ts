// `python.analysis.extraPaths` with the bundled SDK's folder added: the entries already there kept in
// their order, nothing twice (a trailing slash or `./` does not make a path new). Pure.

import { normalize } from 'node:path';

export const EXTRA_PATHS_SECTION = 'python.analysis';
export const EXTRA_PATHS_KEY = 'extraPaths';

function same(a: string, b: string): boolean {
  return normalize(a).replace(/[\\/]+$/, '') === normalize(b).replace(/[\\/]+$/, '');
}

/** The list to write, or undefined when `folder` is there already. Anything not a string is dropped only when we write. */
export function withExtraPath(existing: unknown, folder: string): string[] | undefined {
  const paths = Array.isArray(existing) ? existing.filter((entry): entry is string => typeof entry === 'string') : [];
  if (paths.some((entry) => same(entry, folder))) return undefined;
  return [...paths, folder];
}
