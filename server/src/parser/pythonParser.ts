// The one place that knows where the WASM grammar lives and how to load it. Everything else asks
// for a parser here. Paths resolve next to the bundle (dist/) or in node_modules when run from
// source by tests and benchmarks. When a WASM module aborts (its heap exhausted), no call into it
// works again; a fresh copy of web-tree-sitter (its own module and heap) replaces it: in a bundle,
// a second evaluation of dist/server.js that only hands back its web-tree-sitter (server/src/main.ts);
// from source, the package's ES module imported under a URL of its own. slicedParser.ts parses with
// it, a slice at a time, and moves to a fresh copy when one dies.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Language, Parser, Query } from 'web-tree-sitter';

type WebTreeSitter = typeof import('web-tree-sitter');

/** This copy of web-tree-sitter, for server/src/main.ts to export to a second evaluation of the bundle. */
export * as webTreeSitter from 'web-tree-sitter';

/** Set while a copy of the server bundle is evaluated for its web-tree-sitter: the copy must not start a server. */
export const PARSER_COPY_FLAG = '__heroFlowsParserCopy';

let loading: Promise<Language> | undefined;

function locate(file: string, packageName: string): string {
  const bundled = join(__dirname, file);
  if (existsSync(bundled)) return bundled;
  return require.resolve(`${packageName}/${file}`);
}

/** The Python grammar, loaded once per process. */
export function pythonLanguage(): Promise<Language> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => locate('web-tree-sitter.wasm', 'web-tree-sitter') });
    return Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
  })();
  return loading;
}

/** A parser for Python. Callers own the trees it returns: `tree.delete()` each one they drop. */
export async function createPythonParser(): Promise<Parser> {
  const language = await pythonLanguage(); // Parser.init() must finish before `new Parser()`
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The grammar and the web-tree-sitter copy it was loaded into (its Parser and Query go with it). */
export interface PythonGrammar {
  readonly module: Pick<WebTreeSitter, 'Parser' | 'Query'>;
  readonly language: Language;
}

const queryClasses = new WeakMap<Language, typeof Query>();

/** The Query class of the copy a language was loaded into (the analyzer compiles its queries with it). */
export function queryClassFor(language: Language): typeof Query {
  return queryClasses.get(language) ?? Query;
}

/** The grammar in the bundled copy of web-tree-sitter (the one every process starts with). */
export async function bundledPythonGrammar(): Promise<PythonGrammar> {
  return { module: { Parser, Query }, language: await pythonLanguage() };
}

/** The grammar in a fresh copy of web-tree-sitter, with a WASM module and heap of its own. */
export async function freshPythonGrammar(): Promise<PythonGrammar> {
  const module = await freshWebTreeSitter();
  await module.Parser.init({ locateFile: () => locate('web-tree-sitter.wasm', 'web-tree-sitter') });
  const language = await module.Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
  queryClasses.set(language, module.Query);
  return { module, language };
}

let copies = 0;

async function freshWebTreeSitter(): Promise<WebTreeSitter> {
  const bundle = join(__dirname, 'server.js');
  if (existsSync(bundle) && existsSync(join(__dirname, 'web-tree-sitter.wasm'))) return bundleCopy(bundle);
  const esm = join(dirname(createRequire(__filename).resolve('web-tree-sitter')), 'web-tree-sitter.js'); // from source only
  return (await import(`${pathToFileURL(esm).href}?copy=${++copies}`)) as WebTreeSitter;
}

/** Evaluates the server bundle once more, as a CommonJS module of its own (not cached), for the web-tree-sitter it exports. */
function bundleCopy(file: string): WebTreeSitter {
  const copy = new Module(file) as Module & { _compile(source: string, filename: string): void };
  copy.filename = file;
  copy.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const flags = globalThis as Record<string, unknown>;
  flags[PARSER_COPY_FLAG] = true;
  try {
    copy._compile(readFileSync(file, 'utf8'), file);
  } finally {
    delete flags[PARSER_COPY_FLAG];
  }
  const { webTreeSitter } = copy.exports as { webTreeSitter?: WebTreeSitter };
  if (!webTreeSitter) throw new Error(`${file} does not export webTreeSitter`);
  return webTreeSitter;
}
