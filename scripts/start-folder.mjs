// Which folder `npm start` opens: examples/ by default, else the one folder given after `--`
// (`npm start -- ~/my-flows`), taken from where npm was run (npm runs scripts in the package root
// and says where it was called from in INIT_CWD). Returns the folder, or why not.

import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** @returns {{ folder: string } | { error: string }} */
export function startFolder(args, initCwd, root) {
  if (args.length === 0) return { folder: join(root, 'examples') };
  if (args.length > 1 || args[0].startsWith('-')) return { error: `usage: npm start [-- FOLDER] (got ${args.join(' ')})` };
  const folder = resolve(initCwd, args[0]);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // missing: said below
  }
  return isFolder ? { folder } : { error: `${folder} is not a folder` };
}
