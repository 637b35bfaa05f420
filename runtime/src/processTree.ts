// Finds and kills every process a play started, whatever they did to get away: a process group
// misses a grandchild that called `setsid`, and parent links break when its parent exits (it is
// reparented to init). What survives both is the environment: every process the flow starts inherits
// PROCESS_MARK_ENV, whose value lists the plays it belongs to, so a sweep of /proc finds them
// wherever they went. The flow's session and process group, and parent links from anything found,
// add the few that cleared their environment without leaving. Linux only: where /proc is missing,
// the sweep finds nothing and the caller's process-group signals are all there is.
//
// Out of reach: a process that clears its environment AND leaves the session AND loses its parent
// (reparented to init). Only a cgroup could hold that one, but an ordinary user on most distributions
// cannot create one, and one mechanism that works everywhere beats two that are each tested half the
// time. Such a process cannot hold the play open, though: the executor stops waiting for its pipes.

import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import type { KilledProcess } from '../../common/src/play';

/** Set on the flow's process: the ids of the plays it belongs to, comma-separated (nested runtimes add theirs). */
export const PROCESS_MARK_ENV = 'HERO_FLOW_PROCESS_MARK';

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  command: string;
  marks: readonly string[];
}

/** Freeze rounds before a kill: each catches what was forked while the previous round's SIGSTOPs landed. */
const MAX_FREEZE_ROUNDS = 50;
/** Free pids in a row, past the newest one listed, before a scan stops probing for newer processes. */
const PROBE_PAST_NEWEST = 64;
/** Freeze-and-kill passes, until scans find nobody: one that outran the freezing is caught by the next pass. */
const MAX_KILL_PASSES = 12;
/**
 * Passes in a row that must find nobody before the kill ends: a process that hops to a new pid every
 * few milliseconds can fall between one scan's listing and its probes on a loaded machine, rarely
 * twice, and not three times (a CI run saw one outlive a single empty scan).
 */
const EMPTY_PASSES_TO_END = 3;

/** The mark value for a process started by `playId` from an environment that may already carry one. */
export function markFor(inherited: string | undefined, playId: string): string {
  return inherited ? `${inherited},${playId}` : playId;
}

export class ProcessTree {
  /**
   * When the flow's process started (clock ticks since boot, /proc/<pid>/stat), read once while it is
   * alive: a process that started before it cannot be one of its descendants nor carry its mark (the
   * mark is born in its environment), so a scan reads the environment of newer processes only — on a
   * busy machine most of /proc is older, and reading every environ three times over was most of an
   * empty play's end. Undefined (no /proc, or no flow process): every environment is read.
   */
  private readonly rootStart: number | undefined;

  /** Forks since boot when the flow's process was spawned, and the kernel's pid_max: see firstPidToScan. */
  private readonly forksAtStart: number | undefined;
  private readonly pidMax: number | undefined;

  constructor(
    /** The flow's process: it leads its own session and process group (spawned detached). */
    private readonly rootPid: number,
    private readonly playId: string,
  ) {
    this.rootStart = rootPid > 0 ? readStat(rootPid)?.startTime : undefined;
    this.forksAtStart = rootPid > 0 ? forksSinceBoot() : undefined;
    this.pidMax = rootPid > 0 ? readNumber('/proc/sys/kernel/pid_max') : undefined;
  }

  /**
   * Asks every process of the play to end (SIGTERM) and returns them, the flow's own process left
   * out. Those still in the flow's process group are left to the caller, who signals the group in one
   * atomic call: each process gets SIGTERM once (a second one would interrupt the flow's clean-up).
   */
  terminateAll(): KilledProcess[] {
    const asked: KilledProcess[] = [];
    for (const member of this.members()) {
      if (member.pid === this.rootPid) continue;
      if (member.pgrp === this.rootPid || send(member.pid, 'SIGTERM')) asked.push({ pid: member.pid, command: member.command });
    }
    return asked;
  }

  /**
   * Kills every process of the play and returns the ones that were alive to be killed, the flow's
   * own process left out of the list (how it ended is the play's `exit_signal`). A process that
   * forks as fast as it can cannot outrun this: members are stopped first, round after round,
   * until no new one appears, and only then killed.
   */
  killAll(): KilledProcess[] {
    const killed = new Map<number, KilledProcess>();
    let emptyPasses = 0;
    for (let pass = 0; pass < MAX_KILL_PASSES; pass++) {
      const frozen = this.freeze();
      if (frozen.length === 0) {
        if (++emptyPasses >= EMPTY_PASSES_TO_END) break;
        continue;
      }
      emptyPasses = 0;
      for (const member of frozen) {
        if (send(member.pid, 'SIGKILL') && member.pid !== this.rootPid) killed.set(member.pid, { pid: member.pid, command: member.command });
      }
    }
    return [...killed.values()];
  }

  /**
   * Stops the play's processes (SIGSTOP), rescanning until no new one appears: a stopped process
   * cannot fork. A marked process is stopped the moment it is read, newest pids first, and the pids
   * allocated after the listing are probed too: a process that keeps forking and exiting (a new pid
   * every few milliseconds) is faster than a whole scan of /proc, but not than reading one file.
   */
  private freeze(): ProcessInfo[] {
    const frozen = new Map<number, ProcessInfo>();
    const stop = (info: ProcessInfo) => {
      if (!frozen.has(info.pid) && send(info.pid, 'SIGSTOP')) frozen.set(info.pid, info);
    };
    for (let round = 0; round < MAX_FREEZE_ROUNDS; round++) {
      const before = frozen.size;
      for (const member of this.members(stop)) stop(member);
      if (frozen.size === before) break;
    }
    return [...frozen.values()];
  }

  /** The play's living processes: marked with its id, in its session or group, or descended from one of those. */
  private members(onMarked?: (info: ProcessInfo) => void): ProcessInfo[] {
    const fromPid = firstPidToScan(this.rootPid, this.forksAtStart, forksSinceBoot(), this.pidMax);
    const all = livingProcesses((info) => (info.marks.includes(this.playId) ? onMarked?.(info) : undefined), this.rootStart, fromPid);
    const protectedPids = ancestorsOfSelf(all);
    const children = new Map<number, ProcessInfo[]>();
    for (const info of all.values()) {
      let list = children.get(info.ppid);
      if (!list) children.set(info.ppid, (list = []));
      list.push(info);
    }
    const found = new Map<number, ProcessInfo>();
    const queue: ProcessInfo[] = [];
    const add = (info: ProcessInfo) => {
      if (found.has(info.pid) || protectedPids.has(info.pid)) return;
      found.set(info.pid, info);
      queue.push(info);
    };
    for (const info of all.values()) {
      const ofThePlay = info.pid === this.rootPid || info.session === this.rootPid || info.pgrp === this.rootPid || info.marks.includes(this.playId);
      if (ofThePlay) add(info);
    }
    // Iterative walk: a deep chain of forks must not exhaust the stack.
    while (queue.length > 0) for (const child of children.get(queue.pop()!.pid) ?? []) add(child);
    return [...found.values()];
  }
}

/** Signals one process; false when it is already gone (or not ours to signal). */
function send(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** This runtime and its ancestors are never part of a play, whatever their environment says. */
function ancestorsOfSelf(all: Map<number, ProcessInfo>): Set<number> {
  const chain = new Set<number>([process.pid]);
  let current = all.get(process.pid)?.ppid;
  while (current !== undefined && current > 0 && !chain.has(current)) {
    chain.add(current);
    current = all.get(current)?.ppid;
  }
  return chain;
}

/** Forks the flow may make between its spawn and the ProcessTree's first count (none in practice: the count is taken as spawn returns). */
const FORK_SLACK = 1024;

/**
 * The lowest pid a scan must read. Every process of a play — the flow's, its descendants, whatever
 * joins its session or group, whatever carries its mark — is created after the flow's process, and
 * the kernel hands out pids in rising order until it wraps at pid_max: while fewer processes were
 * created machine-wide since the spawn (/proc/stat's fork counter, threads included) than there are
 * pids above the flow's, none can have wrapped, and every one of the play's pids is above the flow's.
 * A scan then reads those only, instead of every process on the machine (three scans end every
 * play). 0 (read everything) when a wrap is possible or a count is missing.
 */
export function firstPidToScan(rootPid: number, forksAtStart: number | undefined, forksNow: number | undefined, pidMax: number | undefined): number {
  if (rootPid <= 0 || forksAtStart === undefined || forksNow === undefined || pidMax === undefined) return 0;
  return forksNow - forksAtStart + FORK_SLACK < pidMax - rootPid ? rootPid : 0;
}

/** Processes created since boot (the `processes` line of /proc/stat), or undefined. */
function forksSinceBoot(): number | undefined {
  const stat = readProcFile('/proc/stat');
  if (!stat) return undefined;
  const at = stat.indexOf('\nprocesses ');
  if (at < 0) return undefined;
  const end = stat.indexOf('\n', at + 1);
  const count = Number(stat.toString('latin1', at + 11, end < 0 ? stat.length : end));
  return Number.isSafeInteger(count) ? count : undefined;
}

function readNumber(path: string): number | undefined {
  const text = readProcFile(path)?.toString('latin1').trim();
  const value = text ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * Every process /proc shows from `fromPid` up, zombies left out (they are dead already and cannot be
 * killed), each passed to `onRead` as soon as it is read: newest pids first, then the pids allocated
 * since the listing (until PROBE_PAST_NEWEST in a row are free). Marks are read only for processes
 * that started at `marksFrom` or later (all of them when it is undefined).
 */
function livingProcesses(onRead: (info: ProcessInfo) => void, marksFrom: number | undefined, fromPid = 0): Map<number, ProcessInfo> {
  const all = new Map<number, ProcessInfo>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return all; // not Linux
  }
  const read = (pid: number): boolean => {
    const info = readProcess(pid, marksFrom);
    if (!info) return existsSync(`/proc/${pid}`);
    all.set(pid, info);
    onRead(info);
    return true;
  };
  const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number).sort((a, b) => b - a);
  for (const pid of pids) {
    if (pid < fromPid) break; // newest first: the rest are older than the play
    read(pid);
  }
  for (let pid = (pids[0] ?? 0) + 1, free = 0; free < PROBE_PAST_NEWEST; pid++) free = read(pid) ? 0 : free + 1;
  return all;
}

interface Stat {
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  command: string;
  /** Field 22: when the process started, in clock ticks since boot. */
  startTime: number;
}

/** One buffer for every read of /proc: a sweep reads hundreds of small files, three times over at a play's end. */
const procBuffer = Buffer.allocUnsafe(16 * 1024);

/**
 * A /proc file's bytes, or undefined when it cannot be read (the process exited meanwhile, or is not
 * ours). The view is into `procBuffer` and good until the next call. readFileSync, which cannot know
 * a /proc file's size and allocates as it reads, was most of a sweep's time; a file larger than the
 * buffer (a long environment) is read by it still.
 */
function readProcFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const length = readSync(fd, procBuffer, 0, procBuffer.length, 0);
    return length < procBuffer.length ? procBuffer.subarray(0, length) : readFileSync(path);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function readStat(pid: number): Stat | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`)?.toString('latin1');
  if (stat === undefined) return undefined; // exited meanwhile
  // "pid (comm) state ppid pgrp session …": comm may hold spaces and parentheses, so split at the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = stat.slice(close + 2).split(' '); // fields[0] is field 3 (state)
  return { state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]), command: stat.slice(open + 1, close), startTime: Number(fields[19]) };
}

function readProcess(pid: number, marksFrom: number | undefined): ProcessInfo | undefined {
  const stat = readStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return undefined;
  // An older process than the flow's cannot hold its mark; NaN (an unreadable field) reads it anyway.
  const older = marksFrom !== undefined && stat.startTime < marksFrom;
  return { pid, ppid: stat.ppid, pgrp: stat.pgrp, session: stat.session, command: stat.command, marks: older ? [] : readMarks(pid) };
}

const MARK_PREFIX = Buffer.from(`${PROCESS_MARK_ENV}=`);

/** The play ids in a process's PROCESS_MARK_ENV; none when it has no mark or is not ours to read. */
function readMarks(pid: number): string[] {
  const environ = readProcFile(`/proc/${pid}/environ`);
  if (environ === undefined) return [];
  for (let at = environ.indexOf(MARK_PREFIX); at >= 0; at = environ.indexOf(MARK_PREFIX, at + 1)) {
    if (at > 0 && environ[at - 1] !== 0) continue; // the name inside another variable's value
    const start = at + MARK_PREFIX.length;
    const end = environ.indexOf(0, start);
    return environ.toString('utf8', start, end < 0 ? environ.length : end).split(',');
  }
  return [];
}
