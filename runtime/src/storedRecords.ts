// What the store reads back from disk — index.jsonl lines and play.json files — is untrusted JSON:
// a workspace's committed `.hero/`, a file edited by hand, a crash's torn line. Each record is
// rebuilt field by field from its own keys (common/src/jsonData.ts), each field type-checked, so no
// crafted record can put a path in an id, a prototype key in an object, or unbounded nesting in
// inputs or output. A record that fails is rejected whole (and counted by the caller).

import { ATTEMPT_MODES, emptyStreamStats, PLAY_STATUSES, type JsonObject, type KilledProcess, type PendingPause, type Play, type PlayAttempt, type PlayStatus, type StreamStats } from '../../common/src/play';
import { cutDeepJson, isJsonRecord, ownValue, type JsonRecord } from '../../common/src/jsonData';
import { isPlayId } from './playId';

/** One line of index.jsonl: a play's summary, last line per id wins. */
export interface PlaySummary extends Pick<Play, 'id' | 'flow_name' | 'source_file' | 'status' | 'start_ms' | 'end_ms' | 'error'> {
  span_count: number;
  /** The runtime process that owns a running play; when it is gone the play was interrupted. */
  pid: number;
  /** The play that started this one as a child play (absent in index lines written before it existed). */
  parent_play_id?: string | null;
  /** The play's latest attempt (docs/durable.md); absent in lines written before it existed. */
  attempt?: number;
  /** What a paused play asks (its pending pause's prompt, cut to 300 characters); null otherwise. */
  pending_prompt?: string | null;
}

/** An index line saying the play was deleted. */
export interface Tombstone {
  id: string;
  deleted: true;
}

/** play.json: the play without its spans (they are in trace.jsonl), and the runtime that wrote it. */
export type StoredPlay = Omit<Play, 'spans'> & { runtime_pid: number };

const STATUSES: ReadonlySet<unknown> = new Set(PLAY_STATUSES);

function stringOrNull(record: JsonRecord, key: string): string | null | undefined {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : undefined;
}

function numberOrNull(record: JsonRecord, key: string): number | null | undefined {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function finiteNumber(record: JsonRecord, key: string): number | undefined {
  const value = ownValue(record, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A process id that process.kill(pid, 0) asks about one process: 0 and negatives name groups. */
function processId(record: JsonRecord, key: string): number | undefined {
  const value = ownValue(record, key);
  return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : undefined;
}

/** How many killed processes a play.json may list: the runtime records each once, a real list is short. */
const MAX_KILLED_LISTED = 1000;

const MODES: ReadonlySet<unknown> = new Set(ATTEMPT_MODES);
/** How many attempts a play.json may list: a person resumes a play a handful of times. */
const MAX_ATTEMPTS_LISTED = 10_000;
const MAX_PROMPT = 64 * 1024;

function attemptNumber(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 1 ? (value as number) : undefined;
}

function count(value: unknown): number {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0;
}

/** The attempts a play.json lists, each rebuilt from its own keys; a malformed entry is left out. */
function playAttempts(record: JsonRecord): PlayAttempt[] | undefined {
  const value = ownValue(record, 'attempts');
  if (!Array.isArray(value)) return undefined;
  const attempts: PlayAttempt[] = [];
  for (const entry of value.slice(0, MAX_ATTEMPTS_LISTED)) {
    if (!isJsonRecord(entry)) continue;
    const attempt = attemptNumber(ownValue(entry, 'attempt'));
    const mode = ownValue(entry, 'mode');
    const entryStatus = status(entry);
    const start = finiteNumber(entry, 'start_ms');
    if (attempt === undefined || !MODES.has(mode) || entryStatus === undefined || start === undefined) continue;
    const diverged = ownValue(entry, 'diverged');
    const version = ownValue(entry, 'version');
    attempts.push({
      attempt,
      mode: mode as PlayAttempt['mode'],
      start_ms: start,
      end_ms: numberOrNull(entry, 'end_ms') ?? null,
      status: entryStatus,
      error: stringOrNull(entry, 'error') ?? null,
      exit_code: numberOrNull(entry, 'exit_code') ?? null,
      replayed: count(ownValue(entry, 'replayed')),
      live: count(ownValue(entry, 'live')),
      diverged: typeof diverged === 'string' ? diverged : null,
      version: typeof version === 'string' ? version.slice(0, 200) : null,
    });
  }
  return attempts;
}

/** A paused play's question; anything malformed reads as none. */
function pendingPause(record: JsonRecord): PendingPause | null | undefined {
  const value = ownValue(record, 'pending_pause');
  if (value === undefined) return undefined;
  if (!isJsonRecord(value)) return null;
  const key = ownValue(value, 'key');
  const prompt = ownValue(value, 'prompt');
  const fields = ownValue(value, 'fields');
  const spanId = ownValue(value, 'span_id');
  const attempt = attemptNumber(ownValue(value, 'attempt'));
  const since = finiteNumber(value, 'since_ms');
  if (typeof key !== 'string' || typeof prompt !== 'string' || !isJsonRecord(fields) || typeof spanId !== 'string' || attempt === undefined || since === undefined) return null;
  return { key, prompt: prompt.slice(0, MAX_PROMPT), fields: cutDeepJson(fields).value as JsonObject, span_id: spanId, attempt, since_ms: since };
}

/** The durable fields of a play.json (docs/durable.md), each only when the file has it. */
function durableFields(record: JsonRecord): Pick<Play, 'attempt' | 'attempts' | 'pending_pause' | 'prefill_only'> {
  const out: Pick<Play, 'attempt' | 'attempts' | 'pending_pause' | 'prefill_only'> = {};
  const attempt = attemptNumber(ownValue(record, 'attempt'));
  if (attempt !== undefined) out.attempt = attempt;
  const attempts = playAttempts(record);
  if (attempts) out.attempts = attempts;
  const pending = pendingPause(record);
  if (pending !== undefined) out.pending_pause = pending;
  const prefillOnly = ownValue(record, 'prefill_only');
  if (typeof prefillOnly === 'boolean') out.prefill_only = prefillOnly;
  return out;
}

/** The processes a timeout or cancel had to end; absent in plays stored before it existed, kept absent. */
function killedProcesses(record: JsonRecord): KilledProcess[] | undefined {
  const value = ownValue(record, 'killed_processes');
  if (!Array.isArray(value)) return undefined;
  const killed: KilledProcess[] = [];
  for (const entry of value.slice(0, MAX_KILLED_LISTED)) {
    if (!isJsonRecord(entry)) continue;
    const pid = processId(entry, 'pid');
    const command = ownValue(entry, 'command');
    if (pid !== undefined && typeof command === 'string') killed.push({ pid, command: command.slice(0, 64) });
  }
  return killed;
}

/** A parent play id that is not an id is dropped (the play then lists at the top), not fatal. */
function parentPlayId(record: JsonRecord): string | null {
  const value = ownValue(record, 'parent_play_id');
  return isPlayId(value) ? value : null;
}

function status(record: JsonRecord): PlayStatus | undefined {
  const value = ownValue(record, 'status');
  return STATUSES.has(value) ? (value as PlayStatus) : undefined;
}

/** The fields an index line and a play.json share, each read by its rule (undefined: missing or of the wrong type). */
function sharedFields(record: JsonRecord) {
  return {
    flow_name: stringOrNull(record, 'flow_name'),
    source_file: stringOrNull(record, 'source_file'),
    status: status(record),
    start_ms: finiteNumber(record, 'start_ms'),
    end_ms: numberOrNull(record, 'end_ms'),
    error: stringOrNull(record, 'error'),
  };
}

/** The keys of `fields` that failed their rule. */
function wrongFields(fields: Record<string, unknown>): string[] {
  return Object.keys(fields).filter((key) => fields[key] === undefined);
}

/** An index line, parsed: a summary, a tombstone, or undefined when the line is not a valid record. */
export function readIndexLine(line: string): PlaySummary | Tombstone | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined; // e.g. a line cut short by a crash
  }
  if (!isJsonRecord(record)) return undefined;
  const id = ownValue(record, 'id');
  if (!isPlayId(id)) return undefined;
  if (ownValue(record, 'deleted') === true) return { id, deleted: true };
  const summary = {
    id,
    ...sharedFields(record),
    span_count: finiteNumber(record, 'span_count') ?? 0,
    pid: processId(record, 'pid'),
    parent_play_id: parentPlayId(record),
  };
  if (wrongFields(summary).length > 0) return undefined;
  const durable: Pick<PlaySummary, 'attempt' | 'pending_prompt'> = {};
  const attempt = attemptNumber(ownValue(record, 'attempt'));
  if (attempt !== undefined) durable.attempt = attempt;
  const prompt = ownValue(record, 'pending_prompt');
  if (typeof prompt === 'string') durable.pending_prompt = prompt.slice(0, 301);
  else if (prompt === null) durable.pending_prompt = null;
  return { ...(summary as PlaySummary), ...durable };
}

function streamStats(value: unknown): StreamStats {
  const stats = emptyStreamStats();
  if (!isJsonRecord(value)) return stats;
  for (const key of Object.keys(stats) as (keyof StreamStats)[]) {
    const count = ownValue(value, key);
    if (typeof count === 'number' && Number.isFinite(count) && count >= 0) stats[key] = count;
  }
  return stats;
}

export type MetaReading = { ok: true; play: StoredPlay; cut: number } | { ok: false; problem: string };

/**
 * A play.json's text, checked: `id` is the folder's (whatever the file says), `status` and
 * `start_ms` must be valid, other fields of the wrong type are a damaged file; `inputs` and
 * `output` are cut at MAX_JSON_DEPTH (`cut` says how many containers were replaced).
 */
export function readPlayMeta(id: string, text: string): MetaReading {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  if (!isJsonRecord(record)) return { ok: false, problem: 'play.json is not a JSON object' };
  const inputs = ownValue(record, 'inputs') ?? {};
  if (!isJsonRecord(inputs)) return { ok: false, problem: '"inputs" is not an object' };
  const boundedInputs = cutDeepJson(inputs);
  const boundedOutput = cutDeepJson(ownValue(record, 'output') ?? null);
  const fields = {
    ...sharedFields(record),
    exit_code: numberOrNull(record, 'exit_code'),
    exit_signal: stringOrNull(record, 'exit_signal'),
    stdout: stringOrNull(record, 'stdout'),
    stderr: stringOrNull(record, 'stderr'),
    workspace: stringOrNull(record, 'workspace'),
  };
  const wrong = wrongFields(fields);
  if (wrong.length > 0) return { ok: false, problem: `missing or wrong type: ${wrong.join(', ')}` };
  const valid = fields as { [K in keyof typeof fields]: Exclude<(typeof fields)[K], undefined> };
  const killed = killedProcesses(record);
  const play: StoredPlay = {
    id,
    flow_name: valid.flow_name,
    source_file: valid.source_file,
    status: valid.status,
    start_ms: valid.start_ms,
    end_ms: valid.end_ms,
    inputs: boundedInputs.value as JsonObject,
    output: boundedOutput.value,
    error: valid.error,
    exit_code: valid.exit_code,
    exit_signal: valid.exit_signal,
    stdout: valid.stdout ?? '',
    stderr: valid.stderr ?? '',
    stats: streamStats(ownValue(record, 'stats')),
    workspace: valid.workspace,
    parent_play_id: parentPlayId(record),
    ...(killed ? { killed_processes: killed } : {}),
    ...durableFields(record),
    // Unknown or invalid: the play is settled as interrupted rather than waited for forever.
    runtime_pid: processId(record, 'runtime_pid') ?? 0,
  };
  const cut = boundedInputs.cut + boundedOutput.cut;
  play.stats.cut_values = (play.stats.cut_values ?? 0) + cut;
  return { ok: true, play, cut };
}
