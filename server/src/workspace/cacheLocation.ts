// Where a workspace folder's facts cache lives and which build may read it. The directory is the
// client's choice (`initializationOptions.factsCacheDir`: the extension passes its global storage,
// and only for a trusted workspace), made private (0700) here; never a folder of the workspace.
// The key names the server build: a rebuilt bundle (another analyzer) never reads an old cache.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { CACHE_VERSION } from './factsCache';

/** The cache file of one workspace folder: its path hashed, so any path makes a plain file name. */
export function factsCacheFile(dir: string, folder: string): string {
  return join(dir, `${createHash('sha256').update(folder).digest('hex').slice(0, 32)}.facts`);
}

/** The cache's key for this build: the format, the version, and the running bundle's size and time. */
export function buildKey(version: string, bundle: string = __filename): string {
  let stamp = 'unknown';
  try {
    const info = statSync(bundle);
    stamp = `${info.size}:${info.mtimeMs}`;
  } catch {
    // no bundle to stat: the version alone
  }
  return `${CACHE_VERSION}:${version}:${stamp}`;
}

/** The directory from the initialization options, when it is an absolute path. */
export function cacheDirOption(options: unknown): string | undefined {
  const value = (options as { factsCacheDir?: unknown } | null | undefined)?.factsCacheDir;
  return typeof value === 'string' && value !== '' && !value.includes('\0') && isAbsolute(value) ? value : undefined;
}

/** Creates the directory if needed, readable by its owner only. False when it cannot be made so. */
export async function preparePrivateDir(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    return true;
  } catch {
    return false;
  }
}
