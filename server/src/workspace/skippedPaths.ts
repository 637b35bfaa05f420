// Whether a path lies in a folder the workspace scan never enters (.git, node_modules, a virtualenv,
// __pycache__, site-packages…), so that file events from there (a `pip install` into .venv) do not
// pull library code into the flow library. The rules are the analyzer's walk's own.

import { basename, dirname, isAbsolute, relative } from 'node:path';
import { isSkippedDir } from '../analyzer/pythonFiles';

export function inSkippedFolder(path: string, roots: readonly string[]): boolean {
  const root = roots.find((r) => {
    const rel = relative(r, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  if (!root) return false;
  for (let dir = dirname(path); dir.length > root.length; dir = dirname(dir)) {
    if (isSkippedDir(dir, basename(dir))) return true;
  }
  return false;
}
