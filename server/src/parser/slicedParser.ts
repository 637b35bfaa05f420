// Parsing that never holds the event loop for long and survives the parser's WASM module dying:
// the language server's only way to parse (open documents and the workspace scan).

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Parser, Tree } from 'web-tree-sitter';
import { bundledPythonGrammar, freshPythonGrammar, type PythonGrammar } from './pythonParser';

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
