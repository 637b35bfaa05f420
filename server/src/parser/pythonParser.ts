// The one place that knows where the WASM grammar lives and how to load it. Everything else asks
// for a parser here. Paths resolve next to the bundle (dist/) or in node_modules when run from
// source by tests and benchmarks. When a WASM module aborts (its heap exhausted), no call into it
// works again; a fresh copy of web-tree-sitter (its own module and heap) replaces it: in a bundle,
// a second evaluation of dist/server.js that only hands back its web-tree-sitter (server/src/main.ts);
// from source, the package's ES module imported under a URL of its own.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

type WebTreeSitter = typeof import('web-tree-sitter');

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

/** How long one parse may hold the event loop before it lets other work run (it resumes after). */
export const PARSE_SLICE_MS = 8;

/** A parse hit a WASM module abort (its heap exhausted: web-tree-sitter's `Aborted()`). */
export class ParserAborted extends Error {}

export function isWasmAbort(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || /\bAborted\(/.test(String((error as Error)?.message ?? error));
}

/**
 * Parses a slice at a time: tree-sitter halts a parse when the progress callback says so and
 * resumes it on the next call with the same parser, so a 4 MB file costs many short turns of the
 * event loop instead of one of seconds. Each parse has a parser of its own while it runs (a halted
 * parse lives in its parser); idle parsers are kept for the next one. When the WASM module aborts,
 * the parse that hit it throws ParserAborted, the listeners drop every tree of that module, and
 * the next parse runs in a fresh copy.
 */
export class SlicedParser {
  private readonly idle: Parser[] = [];
  private grammar: Promise<PythonGrammar>;
  private readonly abortListeners = new Set<() => void>();
  /** Counts the WASM modules this parser has used: a tree of an older one cannot be used or edited. */
  generation = 0;

  constructor(
    grammar: PythonGrammar,
    private readonly sliceMs = PARSE_SLICE_MS,
    private readonly reload: () => Promise<PythonGrammar> = freshPythonGrammar,
  ) {
    this.grammar = Promise.resolve(grammar);
  }

  /**
   * `fresh`: start in a copy of its own rather than the bundled module, which the bundle's code
   * keeps forever: only a copy's heap can be given back (`renew`). The language server does.
   */
  static async create(sliceMs?: number, fresh = false): Promise<SlicedParser> {
    return new SlicedParser(await (fresh ? freshPythonGrammar() : bundledPythonGrammar()), sliceMs);
  }

  /** `listener` runs when the module is replaced (an abort, or `renew`), before any new parse: every tree made so far is dead. */
  onAbort(listener: () => void): void {
    this.abortListeners.add(listener);
  }

  /**
   * Moves to a fresh module so that the old one's heap, which WASM never shrinks, can be collected
   * (after a big document is closed). The listeners drop and re-parse what they hold.
   */
  renew(): void {
    this.replaceModule();
  }

  /**
   * The tree of `text` (reusing `oldTree`, already edited to match it), or null when `stale()`
   * said, between slices, that nobody wants this parse any more. Throws ParserAborted when the
   * WASM module died under this parse (the next one runs in a fresh module).
   */
  async parse(text: string, oldTree: Tree | null = null, stale: () => boolean = () => false): Promise<Tree | null> {
    const grammar = await this.grammar;
    const generation = this.generation;
    const parser = this.idle.pop() ?? newParser(grammar);
    let sliceStart = performance.now();
    const progressCallback = () => performance.now() - sliceStart > this.sliceMs;
    let aborted = false;
    try {
      for (;;) {
        const tree = parser.parse(text, oldTree, { progressCallback });
        if (tree) return tree;
        await yieldToEventLoop();
        if (stale() || generation !== this.generation) return null;
        sliceStart = performance.now();
      }
    } catch (error) {
      if (!isWasmAbort(error)) throw error;
      aborted = true;
      if (generation === this.generation) this.replaceModule();
      throw new ParserAborted(`the Python parser's WASM module aborted (${String((error as Error)?.message ?? error)}); a fresh one replaces it`);
    } finally {
      if (!aborted && generation === this.generation) {
        parser.reset(); // a halted parse must not be resumed by the next text
        this.idle.push(parser);
      }
    }
  }

  private replaceModule(): void {
    this.generation++;
    for (const parser of this.idle.splice(0)) {
      try {
        parser.delete();
      } catch {
        // a parser of the module that aborted
      }
    }
    this.grammar = this.reload();
    for (const listener of this.abortListeners) listener();
  }

  dispose(): void {
    for (const parser of this.idle.splice(0)) parser.delete();
  }
}

function newParser(grammar: PythonGrammar): Parser {
  const parser = new grammar.module.Parser();
  parser.setLanguage(grammar.language);
  return parser;
}
