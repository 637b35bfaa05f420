// Sockets live in a directory only this user can enter (0700), so no other local user can
// connect to a play's socket and inject spans, or read what a flow sends. The usual place is one
// per-user folder; when someone else holds that name (another user made it first in /tmp, or put a
// symlink or a file there), plays use a fresh private folder of their own instead of failing.

import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to 107 bytes on Linux. */
const MAX_SOCKET_PATH = 107;
/** Room left in a socket path for `/<play id>.sock`. */
const ROOM_FOR_NAME = 40;

/** The fallback folder made by this process for each per-user folder it could not use. */
const fallbacks = new Map<string, string>();

function runtimeBase(): string {
  const xdg = process.env.XDG_RUNTIME_DIR;
  if (xdg && existsSync(xdg) && statSync(xdg).isDirectory()) return xdg;
  return tmpdir();
}

function fits(dir: string, extra = 0): boolean {
  return Buffer.byteLength(dir) + extra <= MAX_SOCKET_PATH - ROOM_FOR_NAME;
}

export function privateRuntimeDir(base = runtimeBase()): string {
  const uid = userInfo().uid;
  const name = `hero-flows-${uid}`;
  // mkdtemp adds 7 bytes ("-XXXXXX"): pick a base where the fallback fits too.
  const parent = fits(join(base, name), 7) ? base : '/tmp';
  const dir = join(parent, name);
  if (ownPrivateDir(dir, uid)) return dir;
  return fallbackDir(dir);
}

/** Makes `dir` or takes it as it is, if it is a real directory (not a symlink) of this user; made private if it was not. */
function ownPrivateDir(dir: string, uid: number): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  let info;
  try {
    info = lstatSync(dir);
  } catch {
    return false;
  }
  if (!info.isDirectory() || info.uid !== uid) return false;
  // Ours: nobody else can rename or replace it (sticky /tmp), so fixing its mode is enough.
  if ((info.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return true;
}

/** A folder of this process's own, made by mkdtemp (0700, a name nobody could have taken), removed when the process exits. */
function fallbackDir(preferred: string): string {
  const made = fallbacks.get(preferred);
  if (made && existsSync(made)) return made;
  const dir = mkdtempSync(`${preferred}-`);
  if (fallbacks.size === 0) process.once('exit', removeFallbacks);
  fallbacks.set(preferred, dir);
  return dir;
}

function removeFallbacks(): void {
  for (const dir of fallbacks.values()) rmSync(dir, { recursive: true, force: true });
}

export function socketPathFor(dir: string, playId: string): string {
  const path = join(dir, `${playId}.sock`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) throw new Error(`socket path too long: ${path}`);
  return path;
}
