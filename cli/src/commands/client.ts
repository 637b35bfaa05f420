// hero-flows client generate SPEC… [-o DIR]: typed Python clients from OpenRPC documents. Every
// document is generated before anything is written: one problem anywhere → the problems as
// `file:line:col: pointer: message`, exit 2, no file touched. Modules are written atomically.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateClient, locatePointer, type GeneratedModule, type SpecProblem } from '../../../openrpc/src/index';
import { formatOf, readSpecFile } from '../../../openrpc/src/load';
import { EXIT, UsageError } from '../usage';

export async function clientCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' } },
  });
  const [action, ...specs] = positionals;
  if (action !== 'generate') throw new UsageError(action === undefined ? "client: say what to do: 'hero-flows client generate SPEC... [-o DIR]'" : `client: unknown action '${action}'; try generate`);
  if (specs.length === 0) throw new UsageError('client generate: name at least one OpenRPC document');
  const cwd = process.cwd();
  const outDir = resolve(cwd, values.out ?? '.');

  const modules: Array<{ spec: string; module: GeneratedModule }> = [];
  const problems: SpecProblem[] = [];
  for (const spec of specs) {
    const result = generateClient({ specPath: resolve(cwd, spec), outDir, root: cwd });
    if (result.ok) modules.push(...result.modules.map((module) => ({ spec, module })));
    else problems.push(...result.problems);
  }
  const byName = new Map<string, string>();
  for (const { spec, module } of modules) {
    const other = byName.get(module.fileName);
    if (other !== undefined) problems.push({ file: resolve(cwd, spec), pointer: '/info/title', message: `${other} and ${spec} both make ${module.fileName}: give their services different titles` });
    byName.set(module.fileName, spec);
  }
  if (problems.length > 0) {
    process.stderr.write(problems.map((p) => `${describe(p, cwd)}\n`).join(''));
    process.stderr.write(`hero-flows: no client written: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    return EXIT.usage;
  }

  try {
    mkdirSync(outDir, { recursive: true });
    for (const { module } of modules) {
      const path = join(outDir, module.fileName);
      writeAtomically(path, module.text);
      process.stdout.write(`${shown(path, cwd)}\n`);
    }
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    throw new UsageError(`cannot write into ${shown(outDir, cwd)}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'not a folder' : code ?? (error as Error).message}${path && code !== 'EEXIST' && code !== 'ENOTDIR' ? ` (${path})` : ''}`);
  }
  return EXIT.ok;
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** `file:line:col: pointer: message`, the place found in the document's text when it can be read. */
function describe(problem: SpecProblem, cwd: string): string {
  let line = 1;
  let column = 1;
  try {
    const text = readSpecFile(problem.file);
    const place = locatePointer(text, problem.pointer, formatOf(problem.file));
    if (place !== undefined) {
      const before = text.slice(0, place.offset);
      line = before.split('\n').length;
      column = place.offset - before.lastIndexOf('\n');
    }
  } catch {
    // an unreadable file is the problem itself: its place is its start
  }
  return `${shown(problem.file, cwd)}:${line}:${column}: ${problem.pointer === '' ? '(document)' : problem.pointer}: ${problem.message}`;
}
