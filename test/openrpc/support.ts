// What the OpenRPC generator tests share: the example documents, generating into a folder, and
// the real interpreters (python3, and Python 3.9 from pyenv when the machine has it).

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateClient, type GeneratedModule } from '../../openrpc/src/index';
import { ROOT } from '../helpers/cli';

export const EXAMPLES_DIR = join(ROOT, 'node_modules', '@open-rpc', 'examples', 'build', 'service-descriptions');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'openrpc');

export function exampleDocuments(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(EXAMPLES_DIR, f));
}

/** Generates `specPath` and writes its modules into `outDir`; throws with the problems if any. */
export function generateInto(specPath: string, outDir: string, root?: string): GeneratedModule[] {
  const result = generateClient({ specPath, outDir, root });
  if (!result.ok) throw new Error(`${specPath}: ${JSON.stringify(result.problems, null, 2)}`);
  for (const module of result.modules) writeFileSync(join(outDir, module.fileName), module.text);
  return result.modules;
}

export const STRICT_39 = { typeCheckingMode: 'strict', pythonVersion: '3.9' };

/** The interpreters to import generated modules with: python3 and, when installed, pyenv's 3.9. */
export function interpreters(): string[] {
  const pyenv = join(homedir(), '.pyenv', 'versions');
  const old = existsSync(pyenv) ? readdirSync(pyenv).filter((v) => /^3\.9\./.test(v)).map((v) => join(pyenv, v, 'bin', 'python3')) : [];
  return ['python3', ...old.filter((p) => existsSync(p)).slice(0, 1)];
}

/** Runs a Python script with `dir` on sys.path; returns its stdout (throws on a non-zero exit). */
export function runPython(python: string, dir: string, script: string, input = ''): string {
  const result = spawnSync(python, ['-c', script], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${python} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
