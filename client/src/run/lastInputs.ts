// The input values last used for each flow, in the workspace's state (a Memento), so the next form
// starts from them and "Run flow with last inputs" can skip it. No `vscode` import.

import type { JsonObject } from '../../../common/src/play';
import { isJsonRecord, ownValue, setOwn } from '../../../common/src/jsonData';

export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'heroFlows.lastInputs';
/** Flows remembered at most; the least recently run are forgotten first. */
export const MAX_REMEMBERED = 200;

/** A flow as the memory knows it: its file and how the runtime selects it. */
export function lastInputsKey(file: string, flow: string): string {
  return `${file}::${flow}`;
}

export class LastInputs {
  constructor(private readonly memento: Memento) {}

  get(file: string, flow: string): JsonObject | undefined {
    return ownValue(this.all(), lastInputsKey(file, flow)) as JsonObject | undefined;
  }

  async set(file: string, flow: string, inputs: JsonObject): Promise<void> {
    const all = this.all();
    const key = lastInputsKey(file, flow);
    delete all[key]; // re-inserted last: the order is the order of use
    setOwn(all, key, inputs);
    const keys = Object.keys(all);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete all[old];
    await this.memento.update(KEY, all);
  }

  /** What the workspace state holds, own keys only, without entries that are not input objects. */
  private all(): Record<string, JsonObject> {
    const stored = this.memento.get<unknown>(KEY);
    const all: Record<string, JsonObject> = {};
    if (!isJsonRecord(stored)) return all;
    for (const key of Object.keys(stored)) {
      const inputs = stored[key];
      if (isJsonRecord(inputs)) setOwn(all, key, inputs);
    }
    return all;
  }
}
