// The one place that knows where the WASM grammar lives and how to load it. Everything else asks
// for a parser here. Paths resolve next to the bundle (dist/) or in node_modules when run from
// source by tests and benchmarks.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Language, Parser, type Tree } from 'web-tree-sitter';

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

/** How long one parse may hold the event loop before it lets other work run (it resumes after). */
export const PARSE_SLICE_MS = 8;

/** The WASM module died (heap exhausted: web-tree-sitter's `Aborted()`); no parse works after it. */
export class ParserAborted extends Error {}

export function isWasmAbort(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || /\bAborted\(/.test(String((error as Error)?.message ?? error));
}

/**
 * Parses a slice at a time: tree-sitter halts a parse when the progress callback says so and
 * resumes it on the next call with the same parser, so a 4 MB file costs many short turns of the
 * event loop instead of one of seconds. Each parse has a parser of its own while it runs (a halted
 * parse lives in its parser); idle parsers are kept for the next one.
 */
export class SlicedParser {
  private readonly idle: Parser[] = [];
  private dead: ParserAborted | undefined;

  constructor(
    private readonly language: Language,
    private readonly sliceMs = PARSE_SLICE_MS,
  ) {}

  static async create(sliceMs?: number): Promise<SlicedParser> {
    return new SlicedParser(await pythonLanguage(), sliceMs);
  }

  /**
   * The tree of `text` (reusing `oldTree`, already edited to match it), or null when `stale()`
   * said, between slices, that nobody wants this parse any more. Throws ParserAborted when the
   * WASM module died: the caller cannot parse again in this process.
   */
  async parse(text: string, oldTree: Tree | null = null, stale: () => boolean = () => false): Promise<Tree | null> {
    if (this.dead) throw this.dead;
    const parser = this.idle.pop() ?? this.newParser();
    let sliceStart = performance.now();
    const progressCallback = () => performance.now() - sliceStart > this.sliceMs;
    try {
      for (;;) {
        const tree = parser.parse(text, oldTree, { progressCallback });
        if (tree) return tree;
        await yieldToEventLoop();
        if (stale()) return null;
        sliceStart = performance.now();
      }
    } catch (error) {
      if (!isWasmAbort(error)) throw error;
      this.dead = new ParserAborted(`the Python parser's WASM module aborted (${String((error as Error)?.message ?? error)})`);
      throw this.dead;
    } finally {
      if (!this.dead) {
        parser.reset(); // a halted parse must not be resumed by the next text
        this.idle.push(parser);
      }
    }
  }

  private newParser(): Parser {
    const parser = new Parser();
    parser.setLanguage(this.language);
    return parser;
  }

  dispose(): void {
    if (!this.dead) for (const parser of this.idle.splice(0)) parser.delete();
  }
}
