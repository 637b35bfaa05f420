// The SDK in a user's own Python, with the real parts: the wheel the build made (dist/sdk/), real
// pip (offline, the command's own arguments) into a fresh venv, the real pyright CLI on a fresh
// folder holding a flow file, `python my_flow.py`, the interpreter probe and a play through the
// runtime choosing the installed SDK. Needs `node esbuild.mjs` first (as `npm test` does).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlay } from '../../runtime/src/executor';
import { chooseSdk } from '../../runtime/src/sdkChoice';
import { BUNDLED_SDK_VERSION, bundledWheelPath, pythonRuntimeDir, SDK_WHEEL_NAME } from '../../runtime/src/sdkPaths';
import { SdkProbeCache } from '../../runtime/src/sdkProbe';
import { PlayStore } from '../../runtime/src/store';
import { withExtraPath } from '../../client/src/sdk/analysisPaths';
import { pipInstallArgs, pipOutcome } from '../../client/src/sdk/pipInstall';
import { ROOT, tempDir } from '../helpers/cli';
import { python3 } from '../helpers/python';
import { pyrightErrors, runPyright, type PyrightDiagnostic } from '../helpers/pyright';
import { zipEntries } from '../helpers/zip';

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const FLOW = [
  'from hero_tracing import flow',
  '',
  '@flow("Greet", inputs={"name": str})',
  'def greet(inputs: dict) -> str:',
  '    with flow.step("hello"):',
  '        return "hi " + inputs["name"]',
  '',
  'def misuse() -> None:',
  '    with flow.step(123):', // line 9 (0-based 8): the name must be a str
  '        pass',
  '',
  'if __name__ == "__main__":',
  '    greet({"name": "x"})',
  '',
].join('\n');
const MISUSE_LINE = 8;

let work: string;
let venvPython: string;

/** A file of the wheel, read by Python's own zipfile (as pip reads it). */
function wheelFile(wheel: string, name: string): string {
  const read = spawnSync(python3(), ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', wheel, name], { encoding: 'utf8' });
  assert.equal(read.status, 0, `${name} is not in ${wheel}: ${read.stderr}`);
  return read.stdout;
}

function pyright(project: string, config: object): PyrightDiagnostic[] {
  return pyrightErrors(runPyright(project, { pythonVersion: '3.9', typeCheckingMode: 'standard', ...config }));
}

/** A fresh folder with the flow file, as a user's project is. */
function project(): string {
  const dir = tempDir('hero-user-project-');
  writeFileSync(join(dir, 'my_flow.py'), FLOW);
  return dir;
}

function assertResolvesAndTypeChecks(errors: PyrightDiagnostic[]): void {
  assert.deepEqual(errors.filter((d) => d.rule === 'reportMissingImports' || d.rule === 'reportMissingModuleSource'), [], 'hero_tracing resolves');
  assert.deepEqual(errors.map((d) => d.range.start.line), [MISUSE_LINE], JSON.stringify(errors));
  assert.match(errors[0]!.message, /"123"|int|str/);
}

before(() => {
  work = tempDir('hero-sdk-wheel-');
  // `python3 -m venv` puts pip in through ensurepip, offline.
  const venv = join(work, 'venv');
  const made = spawnSync(python3(), ['-m', 'venv', venv], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(made.status, 0, made.stderr);
  venvPython = join(venv, 'bin', 'python');
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the wheel holds only the package (with py.typed) and says package.json\'s version', () => {
  const wheel = bundledWheelPath();
  assert.equal(SDK_WHEEL_NAME, `hero_tracing-${PACKAGE_VERSION}-py3-none-any.whl`);
  assert.equal(BUNDLED_SDK_VERSION, PACKAGE_VERSION);
  const names = zipEntries(wheel).map((entry) => entry.name);
  const distInfo = `hero_tracing-${PACKAGE_VERSION}.dist-info/`;
  assert.deepEqual(names.filter((name) => !name.startsWith('hero_tracing/') && !name.startsWith(distInfo)), [], 'nothing but the package and its metadata');
  assert.ok(names.includes('hero_tracing/py.typed') && names.includes('hero_tracing/__init__.py') && names.includes('hero_tracing/_runtime.py'));
  assert.ok(!names.some((name) => /bootstrap|tests?\/|__pycache__|\.pyc$/.test(name)), names.join(', '));
  const metadata = wheelFile(wheel, `${distInfo}METADATA`);
  assert.match(metadata, new RegExp(`^Name: hero-tracing$`, 'm'));
  assert.match(metadata, new RegExp(`^Version: ${PACKAGE_VERSION.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(metadata, /^Requires-Python: >=3\.9$/m);
  assert.doesNotMatch(metadata, /^Requires-Dist:/m);
  const pyproject = readFileSync(join(ROOT, 'runtime', 'python', 'pyproject.toml'), 'utf8');
  assert.match(pyproject, new RegExp(`^version = "${PACKAGE_VERSION.replace(/\./g, '\\.')}"$`, 'm'), 'pyproject.toml has package.json\'s version');
});

test('pyright cannot resolve hero_tracing in a fresh project; after pip installs the wheel into its venv it resolves and type-checks, and python my_flow.py runs silently', async () => {
  const dir = project();
  try {
    const venvConfig = { venvPath: work, venv: 'venv' };
    const before = pyright(dir, venvConfig);
    assert.ok(before.some((d) => d.rule === 'reportMissingImports' && /hero_tracing/.test(d.message)), JSON.stringify(before));
    const standalone = spawnSync(venvPython, ['my_flow.py'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.match(standalone.stderr, /ModuleNotFoundError: No module named 'hero_tracing'/);

    // The probe sees it is missing, so a ▶ run uses the bundled copy.
    const probes = new SdkProbeCache();
    const missing = await probes.get(venvPython);
    assert.equal(missing.importable, false);
    assert.equal(missing.installedVersion, null);
    assert.equal(chooseSdk(venvPython, missing, BUNDLED_SDK_VERSION).use, 'bundled');

    // What Hero Flows: Install SDK into Interpreter runs, from outside the project.
    const install = spawnSync(venvPython, pipInstallArgs(bundledWheelPath()), { cwd: work, encoding: 'utf8', timeout: 180_000 });
    assert.deepEqual(pipOutcome(venvPython, install.status, install.stdout + install.stderr), { kind: 'installed' }, install.stdout + install.stderr);
    // …and again: the same version reinstalls.
    const again = spawnSync(venvPython, pipInstallArgs(bundledWheelPath()), { cwd: work, encoding: 'utf8', timeout: 180_000 });
    assert.equal(again.status, 0, again.stderr);

    assertResolvesAndTypeChecks(pyright(dir, venvConfig));
    const run = spawnSync(venvPython, ['my_flow.py'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.deepEqual({ status: run.status, stdout: run.stdout, stderr: run.stderr }, { status: 0, stdout: '', stderr: '' });

    // The cached answer noticed the install (site-packages changed): a run now uses the installed SDK.
    const installed = await probes.get(venvPython);
    assert.equal(installed.importable, true);
    assert.equal(installed.installedVersion, PACKAGE_VERSION);
    assert.equal(chooseSdk(venvPython, installed, BUNDLED_SDK_VERSION).use, 'installed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pyright resolves and type-checks the flow with extraPaths at the bundled package folder (Use Bundled SDK for Analysis)', () => {
  const dir = project();
  try {
    const bundled = join(ROOT, 'dist', 'python'); // what the command adds, inside the installed extension
    assert.ok(existsSync(join(bundled, 'hero_tracing', 'py.typed')), 'dist/python exists after the build');
    mkdirSync(join(dir, 'lib'));
    const without = pyright(dir, { extraPaths: ['lib'] });
    assert.ok(without.some((d) => d.rule === 'reportMissingImports' && /hero_tracing/.test(d.message)), JSON.stringify(without));
    // The workspace's own entry is kept, the bundled folder added once.
    const merged = withExtraPath(['lib'], bundled);
    assert.deepEqual(merged, ['lib', bundled]);
    assert.equal(withExtraPath(merged, `${bundled}/`), undefined);
    assertResolvesAndTypeChecks(pyright(dir, { extraPaths: merged }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// After the install above (tests in a file run in order).
test('a play told to use the installed SDK imports the venv\'s copy; by default the bundled one', async () => {
  const dir = project();
  try {
    writeFileSync(join(dir, 'where.py'), 'import hero_tracing\nfrom hero_tracing import flow\n\n@flow("Where")\ndef where(inputs: dict) -> str:\n    return hero_tracing.__file__\n');
    const store = new PlayStore(tempDir('hero-sdk-store-'));
    const outputOf = async (sdk: 'installed' | 'bundled' | undefined) => {
      const { play } = await startPlay({ file: join(dir, 'where.py'), store, python: venvPython, cwd: dir, ...(sdk ? { sdk } : {}) }).done;
      assert.equal(play.status, 'ok', play.error ?? play.stderr ?? '');
      return realpathSync(String(play.output));
    };
    assert.ok((await outputOf('installed')).startsWith(realpathSync(join(work, 'venv'))), 'the installed copy');
    assert.ok((await outputOf(undefined)).startsWith(realpathSync(pythonRuntimeDir())), 'the bundled copy');
    assert.ok((await outputOf('bundled')).startsWith(realpathSync(pythonRuntimeDir())), 'the bundled copy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
