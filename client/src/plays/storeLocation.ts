// Where the play store is, from the `heroFlows.playsStore` setting and the workspace folders.

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_STORE_DIR } from '../../../runtime/src/store';

/**
 * The store folder: the setting (with `~` and `${workspaceFolder}` expanded, relative to the first
 * folder), else `.hero` in the first workspace folder, else `.hero` in `fallbackDir` (the
 * extension's global storage) when no folder is open.
 */
export function storeDirectory(setting: string, firstFolder: string | undefined, fallbackDir: string): string {
  const base = firstFolder ?? fallbackDir;
  let path = setting.trim();
  if (path === '') return join(base, DEFAULT_STORE_DIR);
  if (firstFolder) path = path.replaceAll('${workspaceFolder}', firstFolder);
  if (path === '~' || path.startsWith('~/')) path = join(homedir(), path.slice(1));
  return isAbsolute(path) ? resolve(path) : resolve(base, path);
}
