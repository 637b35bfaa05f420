// Where the Python half of the runtime is: next to the bundle (dist/python) when built, or in the
// source tree (runtime/python) when run from TypeScript directly by tests and benchmarks.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

let cached: string | undefined;

export function pythonRuntimeDir(): string {
  if (cached) return cached;
  const candidates = [join(__dirname, 'python'), join(__dirname, '..', 'python'), resolve(__dirname, '..', '..', 'runtime', 'python')];
  const found = candidates.find((dir) => existsSync(join(dir, 'hero_tracing', '__init__.py')));
  if (!found) throw new Error(`the Python SDK (the hero_tracing package) is missing; looked in ${candidates.join(', ')}`);
  cached = found;
  return found;
}

export function bootstrapPath(): string {
  return join(pythonRuntimeDir(), 'hero_bootstrap.py');
}
