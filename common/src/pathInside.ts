// Whether a path lies in a folder, decided on path segments: `..hidden.py` is a name like any
// other, only a `..` segment climbs out. Callers pass real paths (fs.realpathSync) when a symbolic
// link must not carry a path out of its folder.

import { isAbsolute, relative, sep } from 'node:path';

/** True when `path` is `folder` or lies under it (both absolute). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
