// Sockets live in a directory only this user can enter (0700), so no other local user can
// connect to a play's socket and inject spans, or read what a flow sends.

import { lstatSync, mkdirSync, chmodSync, existsSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to 107 bytes on Linux. */
const MAX_SOCKET_PATH = 107;

function runtimeBase(): string {
  const xdg = process.env.XDG_RUNTIME_DIR;
  if (xdg && existsSync(xdg) && statSync(xdg).isDirectory()) return xdg;
  return tmpdir();
}

export function privateRuntimeDir(base = runtimeBase()): string {
  const uid = userInfo().uid;
  let dir = join(base, `hero-flows-${uid}`);
  if (Buffer.byteLength(dir) > MAX_SOCKET_PATH - 40) dir = join('/tmp', `hero-flows-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  if (!info.isDirectory()) throw new Error(`${dir} exists and is not a directory; remove it so plays can use it for their sockets`);
  if (info.uid !== uid) throw new Error(`${dir} belongs to another user (uid ${info.uid}); refusing to put play sockets there`);
  if ((info.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

export function socketPathFor(dir: string, playId: string): string {
  const path = join(dir, `${playId}.sock`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) throw new Error(`socket path too long: ${path}`);
  return path;
}
