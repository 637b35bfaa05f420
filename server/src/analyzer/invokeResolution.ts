// Which definition `flow.invoke("X")` runs when several flows are named X (flow-duplicate-name is
// reported, but the call still runs one of them, so it is checked against that one). The rule is the
// SDK's, restated: runtime/python/hero_tracing/_invoke.py `_resolve_flow` is its twin, and
// test/analyzer/invokeResolution.test.ts asks both about the same workspaces.
//
//   1. A flow the invoking file defines itself is registered already: that file's (its last
//      definition of the name, as a later decoration replaces an earlier one).
//   2. Otherwise the search roots, nearest first: the invoking file's folder, then the workspace
//      folder holding it. In a root, the files are taken in walk order (pythonFiles.ts: a folder's
//      files by name before its sub-folders), and the first that defines the name wins (its last
//      definition of it). A file seen under a nearer root is not looked at again.
//   3. A definition under no root (an open buffer outside every workspace folder) is the last resort.

import { dirname, sep } from 'node:path';
import { compareWalkOrder } from './pythonFiles';

export interface Definition {
  path: string;
}

function isUnder(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * The definition the runtime runs for an invoke in `invoker`, among `definitions` (each file's in
 * source order). `workspaceFolders` are the folders the workspace is made of.
 */
export function resolveInvoke<T extends Definition>(invoker: string, definitions: readonly T[], workspaceFolders: readonly string[]): T | undefined {
  if (definitions.length <= 1) return definitions[0];
  const own = definitions.filter((definition) => definition.path === invoker);
  if (own.length > 0) return own[own.length - 1];
  const workspace = workspaceFolders.filter((folder) => isUnder(invoker, folder)).sort((a, b) => b.length - a.length)[0];
  const roots = [dirname(invoker), ...(workspace && workspace !== dirname(invoker) ? [workspace] : [])];
  for (const root of roots) {
    const found = firstInWalkOrder(definitions.filter((definition) => isUnder(definition.path, root)));
    if (found) return found;
  }
  return firstInWalkOrder(definitions);
}

/** The first file's last definition, in walk order. */
function firstInWalkOrder<T extends Definition>(definitions: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const definition of definitions) {
    if (!best) best = definition;
    else {
      const order = compareWalkOrder(definition.path, best.path);
      if (order < 0 || (order === 0 && definition.path === best.path)) best = definition; // same file: a later one replaces
    }
  }
  return best;
}
