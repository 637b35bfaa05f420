// What the runtime reads of a play's history (docs/durable.md, "The history file"): whether it is
// sound, which attempt wrote last, and the pause the play waits on. The SDK appends the history; the
// runtime only reads it, and reads it as untrusted data: a store can come from elsewhere, a crash can
// cut its last line. Every line is a JSON object of a known type with its fields of the right types
// (own keys only); a line over MAX_LINE_BYTES or nested deeper than MAX_NESTING is not a record. A
// truncated last line (no newline: a crash mid-write) is ignored; any other bad line makes the
// history corrupt, a HistoryError naming the line and why.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ATTEMPT_MODES, type AttemptMode, type JsonObject } from '../../common/src/play';
import { cutDeepJson, isJsonRecord, ownValue, type JsonRecord } from '../../common/src/jsonData';
import { MAX_HISTORY_BYTES, MAX_LINE_BYTES, MAX_NESTING } from '../../common/src/historyLimits';

/** The history's name in the play's folder. */
export const HISTORY_FILE = 'history.jsonl';

export { MAX_HISTORY_BYTES, MAX_LINE_BYTES, MAX_NESTING };

export class HistoryError extends Error {
  constructor(
    message: string,
    /** The 1-based line at fault (0: the file as a whole). */
    readonly line: number,
  ) {
    super(message);
  }
}

/** The pause a play waits on: the history's last `pause` line after its last `attempt` line. */
export interface HistoryPause {
  /** The effect key of the pause. */
  key: string;
  pause_key: string;
  prompt: string;
  fields: JsonObject;
  attempt: number;
  span_id: string;
  t_ms: number;
}

export interface HistoryReading {
  /** Lines read as records (the ignored truncated tail not counted). */
  lines: number;
  /** Recorded effects in force: keys recorded and not dropped. */
  effects: number;
  /** The attempt of the last `attempt` line (0: none yet). */
  lastAttempt: number;
  lastMode: AttemptMode | null;
  pendingPause: HistoryPause | null;
  /** A last line without its newline was ignored. */
  truncatedTail: boolean;
}

const EFFECTS = new Set(['pause', 'rpc', 'invoke', 'step']);
const MODES: ReadonlySet<unknown> = new Set(ATTEMPT_MODES);

function emptyReading(): HistoryReading {
  return { lines: 0, effects: 0, lastAttempt: 0, lastMode: null, pendingPause: null, truncatedTail: false };
}

/** Reads `<play>/history.jsonl`; a missing file is an empty history. Throws HistoryError. */
export function readHistory(path: string): HistoryReading {
  let fd: number;
  try {
    // O_NOFOLLOW: a link planted in a play folder is not followed; O_NONBLOCK: a FIFO does not hang the read.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyReading();
    throw new HistoryError(`cannot read the history ${path}: ${(error as Error).message}`, 0);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new HistoryError(`the history ${path} is not a regular file`, 0);
    if (stats.size > MAX_HISTORY_BYTES) throw new HistoryError(`the history ${path} is ${stats.size} bytes, over the ${MAX_HISTORY_BYTES} a history may hold`, 0);
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return parseHistory(bytes.subarray(0, read), path);
  } finally {
    closeSync(fd);
  }
}

/** Parses a history's bytes. Throws HistoryError naming the first bad line. */
export function parseHistory(bytes: Buffer, name = 'the history'): HistoryReading {
  if (bytes.length > MAX_HISTORY_BYTES) throw new HistoryError(`${name} is ${bytes.length} bytes, over the ${MAX_HISTORY_BYTES} a history may hold`, 0);
  const reading = emptyReading();
  const keys = new Set<string>();
  let start = 0;
  let lineNumber = 0;
  while (start < bytes.length) {
    lineNumber++;
    const newline = bytes.indexOf(10, start);
    if (newline < 0) {
      // A line without its newline was cut by a crash mid-write (the SDK writes each line whole, and
      // cuts such a tail before appending): the record never was, even when the bytes parse.
      reading.truncatedTail = true;
      break;
    }
    const problem = lineProblem(bytes, start, newline, reading, keys);
    start = newline + 1;
    if (problem === null) continue;
    throw new HistoryError(`${name} is corrupt at line ${lineNumber}: ${problem}`, lineNumber);
  }
  reading.effects = keys.size;
  return reading;
}

/** Applies one line; returns why it is not a record, or null. */
function lineProblem(bytes: Buffer, start: number, end: number, reading: HistoryReading, keys: Set<string>): string | null {
  if (end > start && bytes[end - 1] === 13) end--;
  if (end - start > MAX_LINE_BYTES) return `the line is ${end - start} bytes, over ${MAX_LINE_BYTES}`;
  if (end === start) return 'an empty line';
  // A line this short cannot nest that deep (each level takes two brackets): most lines skip the scan.
  if (end - start > 2 * MAX_NESTING && nesting(bytes, start, end) > MAX_NESTING) return `nested deeper than ${MAX_NESTING} levels`;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', start, end));
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!isJsonRecord(value)) return 'not a JSON object';
  const problem = applyRecord(value, reading, keys);
  if (problem === null) reading.lines++;
  return problem;
}

/** How deep the line's brackets nest, strings skipped (a scan, so no parse ever recurses on it). */
function nesting(bytes: Buffer, start: number, end: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === 92) i++; // a backslash escapes the next byte
      else if (byte === 34) inString = false;
    } else if (byte === 34) inString = true;
    else if (byte === 91 || byte === 123) {
      if (++depth > deepest) deepest = depth;
    } else if (byte === 93 || byte === 125) depth--;
  }
  return deepest;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isAttempt(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

/** An effect's key or site: 32 lowercase hex digits (docs/durable.md, "Keys"). */
function isKey(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The first field that fails its rule, as `"name" (why)`, else null. */
function firstWrong(record: JsonRecord, rules: Rules): string | null {
  for (const [key, rule, what] of rules) {
    if (!rule(ownValue(record, key))) return `"${key}" is not ${what}`;
  }
  return null;
}

const KEY = [isKey, '32 hex digits'] as const;
const STRING = [(value: unknown) => typeof value === 'string', 'a string'] as const;
const ATTEMPT = [isAttempt, 'an attempt number'] as const;
const TIME = [isTime, 'a time'] as const;

type Rules = ReadonlyArray<readonly [string, (value: unknown) => boolean, string]>;

const ATTEMPT_RULES: Rules = [
  ['attempt', ...ATTEMPT],
  ['mode', (value) => MODES.has(value), `one of ${ATTEMPT_MODES.join(', ')}`],
  ['version', ...STRING],
  ['t_ms', ...TIME],
];
const EFFECT_RULES: Rules = [
  ['key', ...KEY],
  ['site', ...KEY],
  ['effect', (value) => EFFECTS.has(value as string), `one of ${[...EFFECTS].join(', ')}`],
  ['name', ...STRING],
  ['path', ...STRING],
  ['index', isCount, 'a count'],
  ['attempt', ...ATTEMPT],
  ['span_id', ...STRING],
];
const PAUSE_RULES: Rules = [
  ['key', ...KEY],
  ['site', ...KEY],
  ['pause_key', ...STRING],
  ['prompt', ...STRING],
  ['fields', isJsonRecord, 'an object of fields'],
  ['attempt', ...ATTEMPT],
  ['span_id', ...STRING],
  ['t_ms', ...TIME],
];
const DROP_RULES: Rules = [
  ['attempt', ...ATTEMPT],
  ['reason', ...STRING],
];

function applyRecord(record: JsonRecord, reading: HistoryReading, keys: Set<string>): string | null {
  const type = ownValue(record, 'type');
  switch (type) {
    case 'attempt': {
      const wrong = firstWrong(record, ATTEMPT_RULES);
      if (wrong) return `an attempt record: ${wrong}`;
      reading.lastAttempt = record.attempt as number;
      reading.lastMode = record.mode as AttemptMode;
      reading.pendingPause = null; // a pause before the last attempt line was answered (or left) by it
      return null;
    }
    case 'effect':
      return effectProblem(record, keys);
    case 'pause': {
      const wrong = firstWrong(record, PAUSE_RULES);
      if (wrong) return `a pause record: ${wrong}`;
      const fields = fieldsProblem(record.fields as JsonRecord);
      if (fields) return `a pause record: ${fields}`;
      reading.pendingPause = {
        key: record.key as string,
        pause_key: record.pause_key as string,
        prompt: record.prompt as string,
        fields: cutDeepJson(record.fields).value as JsonObject,
        attempt: record.attempt as number,
        span_id: record.span_id as string,
        t_ms: record.t_ms as number,
      };
      return null;
    }
    case 'drop': {
      const dropped = ownValue(record, 'keys');
      if (!Array.isArray(dropped) || !dropped.every(isKey)) return 'a drop record: "keys" is not a list of keys';
      const wrong = firstWrong(record, DROP_RULES);
      if (wrong) return `a drop record: ${wrong}`;
      for (const key of dropped) keys.delete(key);
      return null;
    }
    default:
      return typeof type === 'string' ? `unknown record type ${JSON.stringify(type.slice(0, 40))}` : 'no "type"';
  }
}

function effectProblem(record: JsonRecord, keys: Set<string>): string | null {
  const wrong = firstWrong(record, EFFECT_RULES);
  if (wrong) return `an effect record: ${wrong}`;
  const unrecorded = ownValue(record, 'unrecorded');
  const ok = ownValue(record, 'ok');
  if (unrecorded !== undefined) {
    if (typeof unrecorded !== 'string') return 'an effect record: "unrecorded" is not a reason';
  } else if (ok === true) {
    if (!Object.hasOwn(record, 'result')) return 'an effect record: ok without a "result"';
  } else if (ok === false) {
    const error = ownValue(record, 'error');
    if (!isJsonRecord(error) || typeof ownValue(error, 'type') !== 'string' || typeof ownValue(error, 'message') !== 'string' || typeof ownValue(error, 'builtin') !== 'boolean') {
      return 'an effect record: "error" is not {type, message, builtin}';
    }
  } else {
    return 'an effect record: neither "ok" nor "unrecorded"';
  }
  keys.add(record.key as string);
  return null;
}

/** A pause's fields: field name → a spec whose `type` is a string (spec §1's field specs). */
function fieldsProblem(fields: JsonRecord): string | null {
  for (const name of Object.keys(fields)) {
    const spec = fields[name];
    if (!isJsonRecord(spec) || typeof ownValue(spec, 'type') !== 'string') return `field ${JSON.stringify(name.slice(0, 40))} has no "type"`;
  }
  return null;
}
