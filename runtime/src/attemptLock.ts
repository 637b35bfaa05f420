// The play's `attempt.lock` (docs/durable.md, "Concurrency"): held by the runtime running an attempt,
// created exclusively with its pid and the attempt, so a second resume or retry of the same play,
// from this process or another, is refused. A lock whose pid is dead (a runtime killed -9) is taken
// over. The file is untrusted like the rest of the store: its own regular file, small, own keys.

import { closeSync, constants, fstatSync, linkSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isJsonRecord, ownValue } from '../../common/src/jsonData';

export const LOCK_FILE = 'attempt.lock';
const MAX_LOCK_BYTES = 4096;

export interface LockHolder {
  pid: number;
  attempt: number;
}

/** Who holds the lock, by what the file says; null when there is no readable lock. */
export function readLock(path: string): LockHolder | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // Absent: no lock. A link or anything unreadable holds for nobody: it is moved aside, never followed.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : { pid: 0, attempt: 0 };
  }
  try {
    if (!fstatSync(fd).isFile()) return { pid: 0, attempt: 0 };
    const bytes = Buffer.alloc(MAX_LOCK_BYTES);
    const n = readSync(fd, bytes, 0, MAX_LOCK_BYTES, 0);
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', 0, n));
    } catch {
      return { pid: 0, attempt: 0 }; // a torn or foreign file holds for nobody: it is taken over
    }
    if (!isJsonRecord(record)) return { pid: 0, attempt: 0 };
    const pid = ownValue(record, 'pid');
    const attempt = ownValue(record, 'attempt');
    return {
      pid: Number.isSafeInteger(pid) && (pid as number) > 0 ? (pid as number) : 0,
      attempt: Number.isSafeInteger(attempt) && (attempt as number) > 0 ? (attempt as number) : 0,
    };
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false; // 0 and negative pids name process groups
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A held lock; `release` removes it (once, and only while it is still ours). */
export class AttemptLock {
  private released = false;

  private constructor(
    readonly path: string,
    private readonly token: string,
  ) {}

  /**
   * Takes the lock of the play folder `dir` for `attempt`, or returns who holds it. A holder whose
   * pid is dead is taken over: its file is first moved aside (one rename wins), then created afresh.
   */
  static acquire(dir: string, attempt: number): AttemptLock | { heldBy: LockHolder } {
    const path = join(dir, LOCK_FILE);
    for (let tries = 0; tries < 5; tries++) {
      const token = randomBytes(8).toString('hex');
      try {
        const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        try {
          const text = Buffer.from(JSON.stringify({ pid: process.pid, attempt, token }));
          writeSync(fd, text, 0, text.length);
        } finally {
          closeSync(fd);
        }
        return new AttemptLock(path, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readLock(path);
      if (holder === null) continue; // released meanwhile
      if (isAlive(holder.pid)) return { heldBy: holder };
      takeOver(path, holder);
    }
    const holder = readLock(path);
    return { heldBy: holder ?? { pid: 0, attempt: 0 } };
  }

  /** Removes the lock if it is still this one's (never a lock someone took over since). */
  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      const fd = openSync(this.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      let text: string;
      try {
        const bytes = Buffer.alloc(MAX_LOCK_BYTES);
        text = bytes.toString('utf8', 0, readSync(fd, bytes, 0, MAX_LOCK_BYTES, 0));
      } finally {
        closeSync(fd);
      }
      if (text.includes(`"token":"${this.token}"`)) rmSync(this.path, { force: true });
    } catch {
      // Gone already.
    }
  }
}

/** Moves a dead holder's lock aside; if what moved turns out to be a live holder's (a race), puts it back. */
function takeOver(path: string, dead: LockHolder): void {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readLock(aside);
  if (moved && moved.pid !== dead.pid && isAlive(moved.pid)) {
    try {
      linkSync(aside, path); // exclusive: fails if another lock exists by now
    } catch {
      // Another lock exists: it holds.
    }
  }
  rmSync(aside, { force: true });
}
