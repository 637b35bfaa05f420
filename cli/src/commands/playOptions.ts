// The options `run`, `resume` and `retry` share: inputs (`--input K=V`, `--inputs JSON`), the
// timeout, and `--prefill JSON` (an object answers pauses by key, a list in order).

import type { JsonObject } from '../../../common/src/play';
import { isJsonRecord, setOwn } from '../../../common/src/jsonData';
import type { Prefill } from '../../../runtime/src/executor';
import { UsageError } from '../usage';

export function parseRawInputs(values: string[], option = '--input'): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} expects KEY=VALUE, got '${item}'`);
    setOwn(raw, item.slice(0, eq), item.slice(eq + 1)); // `--input __proto__=x` names an input like any other
  }
  return raw;
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}

export function parseJsonInputs(text: string | undefined, option = '--inputs'): JsonObject {
  if (text === undefined) return {};
  const value = parseJson(text, option);
  if (!isJsonRecord(value)) throw new UsageError(`${option} must be a JSON object, like {"name": "demo"}`);
  return value as JsonObject;
}

export function parseTimeout(text: string | undefined): number | null {
  if (text === undefined) return null;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout expects a positive number of seconds, got '${text}'`);
  return seconds * 1000;
}

/** `--prefill JSON`: an object is answers by pause key, a list answers in the order pauses come; each answer an object. */
export function parsePrefill(text: string | undefined): Prefill | undefined {
  if (text === undefined) return undefined;
  const value = parseJson(text, '--prefill');
  const shape = '--prefill must be a JSON object of answers by pause key ({"approve": {"ok": true}}) or a list of answers ([{"ok": true}, …])';
  if (Array.isArray(value)) {
    value.forEach((answer, index) => {
      if (!isJsonRecord(answer)) throw new UsageError(`${shape}: answer ${index + 1} is not an object`);
    });
    return { by_key: {}, in_order: value as JsonObject[] };
  }
  if (!isJsonRecord(value)) throw new UsageError(shape);
  for (const key of Object.keys(value)) {
    if (!isJsonRecord(value[key])) throw new UsageError(`${shape}: the answer for '${key}' is not an object`);
  }
  return { by_key: value as JsonObject, in_order: [] };
}
