// The play id: how newPlayId() makes one and the one rule by which every id read back (an index
// line, a play.json, a CLI argument, a webview's message) is accepted. An id names a folder in the
// store, so only this shape may ever reach a path: no `/`, no `..`, no NUL, nothing absolute.

import { randomBytes } from 'node:crypto';

/** `20261123-101503-3f9a1c`: UTC date, UTC time, 6 random hex digits. */
export const PLAY_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{6}$/;

/** The shape of an id, each position filled with a character the pattern accepts there. */
const PLAY_ID_TEMPLATE = '00000000-000000-000000';

export function isPlayId(value: unknown): value is string {
  return typeof value === 'string' && PLAY_ID_PATTERN.test(value);
}

/** A non-empty start of a play id (what `hero-flows show 2026112` accepts). */
export function isPlayIdPrefix(value: string): boolean {
  return value.length > 0 && value.length <= PLAY_ID_TEMPLATE.length && isPlayId(value + PLAY_ID_TEMPLATE.slice(value.length));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Sortable and readable: 20261123-101503-3f9a1c. */
export function newPlayId(now = new Date()): string {
  const date = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}-${randomBytes(3).toString('hex')}`;
}
