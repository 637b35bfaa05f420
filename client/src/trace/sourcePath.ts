// Where a span's source file is, for "jump to source" (no `vscode` import, unit-tested). The file
// name comes from a trace, so it is untrusted: it must be a file path (not a URI), and it is opened
// only when its REAL path (links resolved) lies inside a workspace folder's real path — a link in
// the workspace that points outside is refused, while a name such as `..hidden.py` is just a name.

import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isInside } from '../../../common/src/pathInside';

export type SourceResolution = { ok: true; path: string } | { ok: false; message: string };

/** A path's real path, or undefined when nothing is there (or a link leads nowhere). */
export type RealPath = (path: string) => string | undefined;

export const realPathOnDisk: RealPath = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/** `file://…`, `vscode://…`, `https:…`: a scheme of two letters or more (a Windows drive `C:` is one). */
const URI_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Where a span's `file` is: a relative path resolves against the play's workspace (else the first
 * folder); its real path must lie inside a workspace folder's real path and exist, else a message
 * says why. The path returned is the one the workspace knows (links in the folders kept).
 */
export function resolveSourcePath(file: string, workspace: string | null, folders: readonly string[], realPath: RealPath = realPathOnDisk): SourceResolution {
  if (!file) return { ok: false, message: 'This span does not say which file it ran.' };
  if (URI_SCHEME.test(file) || file.includes('\0')) {
    return { ok: false, message: `Cannot open ${JSON.stringify(file.slice(0, 200))}: the span's source is not a file path.` };
  }
  let path: string;
  if (isAbsolute(file)) path = resolve(file);
  else {
    const base = workspace ?? folders[0];
    if (!base) return { ok: false, message: `Cannot open ${file}: the play has no workspace to resolve the relative path against.` };
    path = resolve(base, file);
  }
  const lexicallyInside = folders.some((folder) => isInside(resolve(folder), path));
  const real = realPath(path);
  if (real === undefined) {
    return { ok: false, message: lexicallyInside ? `Cannot open ${path}: the file does not exist.` : `Not opening ${path}: it is outside the workspace folders.` };
  }
  const realFolders = folders.map((folder) => realPath(folder) ?? resolve(folder));
  if (!realFolders.some((folder) => isInside(folder, real))) {
    return { ok: false, message: lexicallyInside ? `Not opening ${path}: it is a symbolic link to ${real}, outside the workspace folders.` : `Not opening ${path}: it is outside the workspace folders.` };
  }
  return { ok: true, path };
}
