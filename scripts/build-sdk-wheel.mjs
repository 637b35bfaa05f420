// Builds the SDK wheel (dist/sdk/hero_tracing-<version>-py3-none-any.whl) from runtime/python/pyproject.toml
// and runtime/python/hero_tracing/, offline: pip with --no-build-isolation --no-index, so the build
// backend (setuptools>=61 + wheel) must already be in an interpreter here. Called by esbuild.mjs;
// also runs alone (`node scripts/build-sdk-wheel.mjs`). Skipped when the wheel is newer than its
// sources. Only the package is staged (never hero_bootstrap.py or tests/), in a temporary folder,
// so the source tree gets no build/ or egg-info, and SOURCE_DATE_EPOCH fixes the zip's timestamps.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEBIAN_PACKAGES = ['python3-setuptools', 'python3-wheel', 'python3-pip'];
const FIXED_EPOCH = '315532800'; // 1980-01-01, the earliest time a zip can hold

/** The wheel's file name for a version (PEP 427: the project name with '-' as '_'). */
export function wheelName(version) {
  return `hero_tracing-${version}-py3-none-any.whl`;
}

function pyprojectVersion(text) {
  return /^version\s*=\s*"([^"]+)"/m.exec(text)?.[1];
}

function newestSource(files) {
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function sourceFiles(root) {
  const pkg = join(root, 'runtime', 'python', 'hero_tracing');
  const files = readdirSync(pkg).filter((name) => name.endsWith('.py') || name === 'py.typed').map((name) => join(pkg, name));
  return [join(root, 'package.json'), join(root, 'runtime', 'python', 'pyproject.toml'), join(root, 'scripts', 'build-sdk-wheel.mjs'), ...files];
}

/** The first interpreter that has pip and the backend; undefined when none has. */
export function builderPython() {
  const candidates = [process.env.HERO_SDK_BUILD_PYTHON, 'python3', '/usr/bin/python3', 'python'].filter(Boolean);
  // setuptools before pip: Debian's setuptools refuses to load after pip has imported distutils.
  const check = 'import sys, importlib.util, setuptools, wheel; sys.exit(0 if int(setuptools.__version__.split(".")[0]) >= 61 and importlib.util.find_spec("pip") else 3)';
  return candidates.find((python) => spawnSync(python, ['-c', check], { stdio: 'ignore', timeout: 60_000 }).status === 0);
}

/** Builds the wheel into <root>/dist/sdk/ unless it is up to date; returns its path. Throws with what to install. */
export function buildSdkWheel(root = new URL('..', import.meta.url).pathname) {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const pyproject = readFileSync(join(root, 'runtime', 'python', 'pyproject.toml'), 'utf8');
  if (pyprojectVersion(pyproject) !== version) {
    throw new Error(`runtime/python/pyproject.toml says version ${pyprojectVersion(pyproject)}, package.json ${version}: the SDK's version is package.json's, set it in both`);
  }
  const outDir = join(root, 'dist', 'sdk');
  const wheel = join(outDir, wheelName(version));
  if (existsSync(wheel) && statSync(wheel).mtimeMs > newestSource(sourceFiles(root))) return wheel;

  const python = builderPython();
  if (!python) {
    throw new Error(
      'building the SDK wheel needs a Python with pip, setuptools>=61 and wheel (offline: nothing is downloaded); none of ' +
        `python3, /usr/bin/python3 has them. On Debian/Ubuntu: apt-get install ${DEBIAN_PACKAGES.join(' ')} ` +
        '(or set HERO_SDK_BUILD_PYTHON to an interpreter that has them).',
    );
  }
  const stage = mkdtempSync(join(tmpdir(), 'hero-sdk-wheel-'));
  try {
    const src = join(stage, 'src');
    mkdirSync(src);
    cpSync(join(root, 'runtime', 'python', 'pyproject.toml'), join(src, 'pyproject.toml'));
    cpSync(join(root, 'runtime', 'python', 'hero_tracing'), join(src, 'hero_tracing'), { recursive: true, filter: (path) => !path.includes('__pycache__') && !path.endsWith('.pyc') });
    const out = join(stage, 'out');
    const result = spawnSync(python, ['-m', 'pip', 'wheel', '--no-build-isolation', '--no-deps', '--no-index', '--disable-pip-version-check', '-q', '-w', out, src], {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH, PYTHONDONTWRITEBYTECODE: '1', PIP_NO_INPUT: '1' },
    });
    const built = join(out, wheelName(version));
    if (result.status !== 0 || !existsSync(built)) {
      throw new Error(`${python} -m pip wheel failed (exit ${result.status}):\n${`${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n')}`);
    }
    mkdirSync(outDir, { recursive: true });
    for (const old of readdirSync(outDir)) if (old.startsWith('hero_tracing-') && old.endsWith('.whl')) rmSync(join(outDir, old));
    renameSync(built, wheel);
    return wheel;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // --check: only say whether an interpreter here can build it (scripts/install-sdk-build.sh asks).
  if (process.argv.includes('--check')) {
    const python = builderPython();
    console.log(python ? `${python} has pip, setuptools>=61 and wheel` : 'no interpreter here has pip, setuptools>=61 and wheel');
    process.exit(python ? 0 : 1);
  }
  try {
    console.log(buildSdkWheel());
  } catch (error) {
    console.error(`build-sdk-wheel: ${error.message}`);
    process.exit(1);
  }
}
