// `npm run test:python`: the SDK's unittest suite on every CPython 3.9+ this machine has — each
// pyenv version (`pyenv root`, else ~/.pyenv) and python3 on the PATH — one after another. Absent
// versions are skipped; it prints which ran and fails if any failed or none was found.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const MIN = [3, 9];
const ROOT = new URL('..', import.meta.url).pathname;

function pyenvRoot() {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return process.env.PYENV_ROOT || join(homedir(), '.pyenv');
  }
}

/** [executable, "3.x.y"] of an interpreter that starts, or undefined. */
function probe(executable) {
  const result = spawnSync(executable, ['-c', 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  const [real, version] = result.stdout.trim().split('\n');
  return real && version ? [real, version] : undefined;
}

const candidates = [];
const versionsDir = join(pyenvRoot(), 'versions');
if (existsSync(versionsDir)) for (const name of readdirSync(versionsDir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) candidates.push(join(versionsDir, name, 'bin', 'python3'));
candidates.push('python3');

const found = new Map(); // real executable → version
for (const candidate of candidates) {
  if (candidate.includes('/') && !existsSync(candidate)) continue;
  const info = probe(candidate);
  if (!info) continue;
  const [major, minor] = info[1].split('.').map(Number);
  if (major !== MIN[0] || minor < MIN[1]) continue;
  const real = existsSync(info[0]) ? realpathSync(info[0]) : info[0];
  if (![...found.values()].some((v) => v.real === real)) found.set(info[0], { real, version: info[1] });
}
if (found.size === 0) {
  console.error('test-python-versions: no CPython 3.9+ found (pyenv versions or python3 on the PATH)');
  process.exit(1);
}

const results = [];
for (const [executable, { version }] of found) {
  console.log(`\n=== Python ${version} (${executable}) ===`);
  const run = spawnSync(executable, ['-m', 'unittest', 'discover', '-s', 'runtime/python/tests', '-t', 'runtime/python', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  results.push({ version, executable, ok: run.status === 0 });
}
console.log('\nSDK tests by Python version:');
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.version}  ${r.executable}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
