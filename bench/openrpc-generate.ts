// OpenRPC client generation: a synthetic document of 100 methods and 300 schemas (objects, enums,
// refs, unions, arrays, nested and recursive objects, allOf compositions, declared errors) through
// generateClient in this process (after a warm-up) and through a fresh `hero-flows client generate`
// process, beside `node -e 0`; then the generated module's import time (`python3 -c "import m"`
// beside `python3 -c pass`, interleaved, and `-X importtime`'s own figure for the module).
//
//   node esbuild.mjs && node --import tsx bench/openrpc-generate.ts

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClient } from '../openrpc/src/index';
import { fmt, median, table } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const METHODS = 100;
const SCHEMAS = 300;
const root = join(__dirname, '..');

/** Schema i, one of eight shapes in turn; refs point only to earlier schemas (plus Tree to itself). */
function schema(i: number): Record<string, unknown> {
  const ref = (j: number) => ({ $ref: `#/components/schemas/${name(j)}` });
  const earlier = (k: number) => Math.max(0, i - k);
  switch (i % 8) {
    case 0:
      return {
        type: 'object',
        description: `Record ${i}`,
        required: ['id', 'name'],
        properties: { id: { type: 'integer' }, name: { type: 'string' }, score: { type: 'number' }, active: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } } },
      };
    case 1:
      return { type: 'string', enum: ['draft', 'active', 'archived', `state_${i}`] };
    case 2:
      return { type: 'object', required: ['item'], properties: { item: ref(earlier(2)), history: { type: 'array', items: ref(earlier(2)) }, note: { type: ['string', 'null'] } } };
    case 3:
      return { oneOf: [ref(earlier(3)), ref(earlier(1)), { type: 'null' }] };
    case 4:
      return { type: 'array', items: ref(earlier(4)), maxItems: 100 };
    case 5:
      return {
        type: 'object',
        properties: {
          owner: { type: 'object', required: ['login'], properties: { login: { type: 'string' }, seats: { type: 'integer', default: 3 }, address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } } } } },
          kind: { const: `kind_${i}` },
        },
      };
    case 6:
      return { allOf: [ref(earlier(6)), { type: 'object', required: ['extra'], properties: { extra: { type: 'string' } } }] };
    default:
      return { type: 'object', required: ['value'], properties: { value: { type: 'integer' }, children: { type: 'array', items: ref(i) } } };
  }
}

function name(i: number): string {
  return `Thing${String(i).padStart(3, '0')}`;
}

export function syntheticDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < SCHEMAS; i++) schemas[name(i)] = schema(i);
  const methods = [];
  for (let m = 0; m < METHODS; m++) {
    const target = (m * 3) % SCHEMAS;
    methods.push({
      name: `group${m % 10}.action_${m}`,
      summary: `Action ${m}`,
      description: `Does action ${m} on a ${name(target)}.`,
      ...(m % 3 === 0 ? { paramStructure: 'by-name' } : {}),
      ...(m % 17 === 0 ? { deprecated: true } : {}),
      params: [
        { name: 'id', required: true, schema: { type: 'integer' } },
        { name: 'payload', required: true, schema: { $ref: `#/components/schemas/${name(target)}` } },
        { name: 'limit', schema: { type: 'integer', default: 10 } },
        { name: 'mode', schema: { type: 'string', enum: ['fast', 'safe'] } },
      ],
      result: { name: 'result', schema: { $ref: `#/components/schemas/${name((target + 1) % SCHEMAS)}` } },
      errors: [{ code: 4000 + (m % 7), message: `Conflict ${m % 7}` }],
    });
  }
  return { openrpc: '1.2.6', info: { title: 'Bench Service', version: '1.0.0', description: 'A synthetic document for the generation bench.' }, servers: [{ name: 'local', url: 'http://127.0.0.1:8080/rpc' }], methods, components: { schemas } };
}

/** The interpreter itself, not a launcher in front of it (pyenv's `python3` is a shell script that
 *  adds ~150 ms to every start and would flatten the import ratios). */
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';

function timeSpawn(command: string, args: string[], cwd?: string, env?: Record<string, string>): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd, env: env ? { ...process.env, ...env } : process.env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return performance.now() - start;
}

/** `-X importtime`'s cumulative microseconds for the module itself. */
function importtimeUs(dir: string, module: string): number {
  const result = spawnSync(PYTHON, ['-X', 'importtime', '-c', `import ${module}`], { cwd: dir, encoding: 'utf8' });
  const line = result.stderr.split('\n').find((l) => l.trim().endsWith(`| ${module}`));
  if (!line) throw new Error(`no importtime line for ${module}: ${result.stderr.slice(-500)}`);
  return Number(line.split('|')[1]!.trim());
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-openrpc-'));
  try {
    const specPath = join(dir, 'bench.openrpc.json');
    const text = JSON.stringify(syntheticDocument(), null, 2);
    writeFileSync(specPath, text);
    const outDir = join(dir, 'out');
    mkdirSync(outDir);

    const generate = () => {
      const result = generateClient({ specPath, outDir });
      if (!result.ok) throw new Error(`the synthetic document has problems: ${JSON.stringify(result.problems.slice(0, 5))}`);
      return result.modules;
    };
    const firstStart = performance.now();
    const modules = generate(); // the first call compiles the meta-schema; then the module to import
    const firstMs = performance.now() - firstStart;
    const module = modules[0]!;
    writeFileSync(join(outDir, module.fileName), module.text);
    const moduleName = module.fileName.replace(/\.py$/, '');
    timeSpawn(PYTHON, ['-c', `import ${moduleName}`], outDir); // writes its bytecode cache
    const noCache = join(dir, 'no-pycache'); // -B with an empty cache prefix: compiled at every import

    const samples: Record<string, number[]> = { inProcess: [], cli: [], node: [], pass: [], importCold: [], importCached: [], importtime: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      generate();
      samples.inProcess!.push(performance.now() - start);
      samples.node!.push(timeSpawn(process.execPath, ['-e', '0']));
      samples.cli!.push(timeSpawn(process.execPath, [join(root, 'dist', 'cli.js'), 'client', 'generate', specPath, '-o', outDir]));
      samples.pass!.push(timeSpawn(PYTHON, ['-c', 'pass']));
      samples.importCold!.push(timeSpawn(PYTHON, ['-B', '-c', `import ${moduleName}`], outDir, { PYTHONPYCACHEPREFIX: noCache }));
      samples.importCached!.push(timeSpawn(PYTHON, ['-c', `import ${moduleName}`], outDir));
      samples.importtime!.push(importtimeUs(outDir, moduleName) / 1000);
    }
    const m = (key: string) => median(samples[key]!);
    const lines = module.text.split('\n').length;
    console.log(`OpenRPC client generation (python: ${PYTHON}): ${METHODS} methods, ${SCHEMAS} schemas (${fmt(text.length / 1024)} KiB of JSON) → ${module.fileName}, ${fmt(lines)} lines, ${fmt(module.text.length / 1024)} KiB\n`);
    console.log(
      table([
        [`what (median of ${ROUNDS})`, 'ms', 'ratio'],
        ['generateClient, in process: first call', fmt(firstMs, 1), ''],
        ['generateClient, in process (warm)', fmt(m('inProcess'), 1), ''],
        ['node -e 0', fmt(m('node'), 1), '1.0×'],
        ['`node dist/cli.js client generate` (fresh process)', fmt(m('cli'), 1), `${fmt(m('cli') / m('node'), 1)}× node -e 0`],
        ['python3 -c pass', fmt(m('pass'), 1), '1.0×'],
        [`python3 -c "import ${moduleName}" (bytecode cached)`, fmt(m('importCached'), 1), `${fmt(m('importCached') / m('pass'), 1)}× python3 -c pass`],
        [`  the same, compiled every time (no bytecode cache)`, fmt(m('importCold'), 1), `${fmt(m('importCold') / m('pass'), 1)}× python3 -c pass`],
        [`  -X importtime: ${moduleName} itself (cumulative)`, fmt(m('importtime'), 1), ''],
      ]),
    );
    const header = readFileSync(join(outDir, module.fileName), 'utf8').split('\n').slice(0, 4).join('\n');
    if (!header.startsWith('# Generated by Hero Flows')) throw new Error('the CLI did not write a generated module');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
