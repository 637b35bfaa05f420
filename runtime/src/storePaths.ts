// Where the store may read and write: only under the store root's real path. A store folder can
// come from a cloned repository, so its parts may be symbolic links planted to reach elsewhere:
// `plays/` and `index.jsonl` must be the store's own (not links, of the right kind), and a play
// folder must resolve inside `plays/`. Each check throws a StoreError naming the path and why.

import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { isInside } from '../../common/src/pathInside';

export class StoreError extends Error {}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The store root's real path (symbolic links in it resolved); the path as given while it does not exist. */
export function realStoreRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

/** Refuses a store whose `plays/` or `index.jsonl` is a link (to elsewhere) or not what it should be. */
export function checkStoreLayout(root: string): void {
  const parts: Array<[name: string, kind: string, isKind: (stats: Stats) => boolean]> = [
    ['plays', 'folder', (stats) => stats.isDirectory()],
    ['index.jsonl', 'regular file', (stats) => stats.isFile()],
  ];
  for (const [name, kind, isKind] of parts) {
    const path = join(root, name);
    const stats = lstatOrUndefined(path);
    if (stats?.isSymbolicLink()) {
      throw new StoreError(`refusing the play store ${root}: ${path} is a symbolic link (to ${linkTarget(path)}); a store's ${name} must be a ${kind} of its own`);
    }
    if (stats && !isKind(stats)) throw new StoreError(`refusing the play store ${root}: ${path} is not a ${kind}`);
  }
}

function linkTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return 'a path that does not exist';
  }
}

/** Refuses a play folder that is a link resolving outside `plays/` (or to nothing); fine when absent. */
export function checkPlayDir(realRoot: string, playDir: string): void {
  const stats = lstatOrUndefined(playDir);
  if (!stats?.isSymbolicLink()) return;
  const target = linkTarget(playDir);
  if (!isInside(join(realRoot, 'plays'), target) || target === join(realRoot, 'plays')) {
    throw new StoreError(`refusing the play folder ${playDir}: it is a symbolic link to ${target}, outside the play store ${realRoot}`);
  }
}

/** Refuses a file of a play's folder that is a link or not a regular file (a FIFO would block a read forever); fine when absent. */
export function checkOwnFile(path: string): void {
  const stats = lstatOrUndefined(path);
  if (stats?.isSymbolicLink()) throw new StoreError(`refusing ${path}: it is a symbolic link (to ${linkTarget(path)}); the store reads only its own files`);
  if (stats && !stats.isFile()) throw new StoreError(`refusing ${path}: it is not a regular file`);
}
