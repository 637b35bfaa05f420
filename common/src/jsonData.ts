// Untrusted JSON stays data. Every value read from a trace, a store, a socket, a webview's saved state
// or a setting goes through these few rules, and nothing else copies, merges or walks such values:
// - keys are written as own data properties, never through the `__proto__` setter, so a key named
//   `__proto__`, `constructor` or `prototype` is stored and shown as an ordinary key;
// - keys are read only when they are the value's own, never inherited from `Object.prototype`;
// - nesting is bounded: a value nested deeper than MAX_JSON_DEPTH is replaced by a marker string and
//   counted, so no serialiser, renderer or comparison downstream recurses on the depth of user data.
// JSON.parse and structuredClone already build own data properties; these helpers keep it that way.

import type { JsonObject, JsonValue } from './play';

/** How deep a stored JSON value may nest; deeper containers are cut (the raw trace keeps them). */
export const MAX_JSON_DEPTH = 64;

/** What a cut container is replaced by. */
export const DEPTH_CUT_MARKER = `[cut: nested deeper than ${MAX_JSON_DEPTH} levels]`;

export type JsonRecord = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isJsonRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object[key]` when `key` is the object's own property, else undefined: nothing inherited. */
export function ownValue(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as JsonRecord)[key] : undefined;
}

/** `object[key] = value` as an own data property, also for the key `__proto__`. */
export function setOwn(object: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (object as JsonRecord)[key] = value;
  }
}

/**
 * Cuts, in place, every container of `value` nested deeper than `maxDepth` levels below it,
 * replacing it by DEPTH_CUT_MARKER. Returns the (possibly replaced) value and how many containers
 * were cut. Iterative: the depth of the input costs no stack.
 */
export function cutDeepJson(value: unknown, maxDepth = MAX_JSON_DEPTH): { value: JsonValue; cut: number } {
  if (typeof value !== 'object' || value === null) return { value: value as JsonValue, cut: 0 };
  if (maxDepth <= 0) return { value: DEPTH_CUT_MARKER, cut: 1 };
  let cut = 0;
  const pending: Array<{ container: JsonRecord | unknown[]; depth: number }> = [{ container: value as JsonRecord, depth: 1 }];
  while (pending.length > 0) {
    const { container, depth } = pending.pop()!;
    const keys = Array.isArray(container) ? container.keys() : Object.keys(container);
    for (const key of keys) {
      const child = (container as JsonRecord)[key as string];
      if (typeof child !== 'object' || child === null) continue;
      if (depth >= maxDepth) {
        setOwn(container, key as string, DEPTH_CUT_MARKER);
        cut++;
      } else {
        pending.push({ container: child as JsonRecord, depth: depth + 1 });
      }
    }
  }
  return { value: value as JsonValue, cut };
}

/**
 * JSON merge of `source` into `target` (both objects of ours, e.g. freshly parsed): objects merge key
 * by key, anything else takes the newer value; own keys only, `__proto__` as data. The merged result
 * nests at most `maxDepth` levels below `target`. Returns how many containers were cut. Iterative.
 */
export function mergeJson(target: JsonObject, source: JsonRecord, maxDepth = MAX_JSON_DEPTH): number {
  let cut = 0;
  const pending: Array<{ into: JsonRecord; from: JsonRecord; depth: number }> = [{ into: target, from: source, depth: 1 }];
  while (pending.length > 0) {
    const { into, from, depth } = pending.pop()!;
    for (const key of Object.keys(from)) {
      const incoming = from[key];
      const current = ownValue(into, key);
      if (isJsonRecord(current) && isJsonRecord(incoming) && depth < maxDepth) {
        pending.push({ into: current, from: incoming, depth: depth + 1 });
        continue;
      }
      const bounded = cutDeepJson(incoming, maxDepth - depth);
      cut += bounded.cut;
      setOwn(into, key, bounded.value);
    }
  }
  return cut;
}
