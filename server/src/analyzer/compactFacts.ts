// Facts are kept for every flow file of a workspace, so what each one holds on to matters:
// - a string read from the tree (`node.text`) is a slice of the whole file's text, and keeps that
//   text alive as long as the facts live: facts get strings of their own;
// - the same short strings (`name`, `step`, `int`…) recur in every file: one copy is shared;
// - an array grown by `push` has room for more: facts get arrays of their exact length.
// Applied once to what a statement's analysis built (statementFacts.ts), before anything shares it.

/** Strings this short are shared (the table is bounded: past its size it starts afresh). */
const SHARED_MAX_LENGTH = 48;
const MAX_SHARED = 1 << 16;
let shared = new Map<string, string>();

/** A string that keeps nothing else alive: a shared one when short, else a copy of its own. */
export function ownString(text: string): string {
  if (text.length <= SHARED_MAX_LENGTH) {
    const known = shared.get(text);
    if (known !== undefined) return known;
    if (shared.size >= MAX_SHARED) shared = new Map();
    const copy = flatCopy(text);
    shared.set(copy, copy);
    return copy;
  }
  return flatCopy(text);
}

/**
 * A string holding only its own characters: V8 copies a concatenation's characters into one new
 * string when it is sliced, and a slice of fewer than 13 characters is a copy too.
 */
function flatCopy(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * Rewrites, in place, the strings and arrays of freshly built plain data (objects, arrays,
 * strings, numbers; frozen objects, the shared positions, are left as they are) and returns it.
 */
export function compactInPlace<T>(value: T): T {
  return compact(value, 0) as T;
}

/** Facts are shallow (a literal's value nests a little more); past this depth they are left as they are. */
const MAX_DEPTH = 64;

function compact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return ownString(value);
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const out = value.slice(); // exact length
    for (let i = 0; i < out.length; i++) out[i] = compact(out[i], depth + 1);
    return out;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === '__proto__') continue; // an own key of that name (a dict literal's): never assign through it
    record[key] = compact(record[key], depth + 1);
  }
  return value;
}
