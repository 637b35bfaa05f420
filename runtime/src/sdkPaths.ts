// Where the Python half of the runtime is: next to the bundle (dist/python) when built, or in the
// source tree (runtime/python) when run from TypeScript directly by tests and benchmarks.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
// esbuild inlines only this field of package.json: the SDK's version is the extension's.
import { version } from '../../package.json';

/** The version of the SDK this runtime bundles (dist/python/hero_tracing and the wheel). */
export const BUNDLED_SDK_VERSION: string = version;

/** The SDK wheel's file name (PEP 427; scripts/build-sdk-wheel.mjs builds it). */
export const SDK_WHEEL_NAME = `hero_tracing-${BUNDLED_SDK_VERSION}-py3-none-any.whl`;

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

/** The SDK wheel: dist/sdk/ beside the bundles, or the repository's dist/sdk/ when run from source. */
export function bundledWheelPath(): string {
  const candidates = [join(__dirname, 'sdk'), resolve(__dirname, '..', '..', 'dist', 'sdk')].map((dir) => join(dir, SDK_WHEEL_NAME));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`the SDK wheel ${SDK_WHEEL_NAME} is missing (build it with node esbuild.mjs); looked in ${candidates.join(', ')}`);
  return found;
}
