// Writing generated modules: each one atomically (a temporary file in the same folder, then a
// rename), so a flow importing the module never reads half of it and a failed write leaves the old
// one. Node's fs rather than vscode.workspace.fs: the extension works on local files only
// (virtualWorkspaces: false), and fs gives the exclusive create and the same-folder rename the
// atomicity rests on. A file that exists and is not a generated module is never replaced silently:
// the caller asks first (whatKindOfFile). No `vscode` import.

import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseGeneratedHeader } from '../../../openrpc/src/index';
import { readHead } from './generatedSources';

/** Writes `text` to `path` through a temporary sibling and a rename. */
export function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Is `path` free, a generated module (replaced without asking), or someone's own file? */
export function whatKindOfFile(path: string): 'absent' | 'generated' | 'other' {
  let head: string;
  try {
    head = readHead(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    return 'other';
  }
  return parseGeneratedHeader(head) ? 'generated' : 'other';
}
