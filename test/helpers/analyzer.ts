// Helpers of the analyzer tests: fixtures analysed, ranges found by their text, libraries built
// from sources.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import type { DiagnosticCode, DiagnosticFact, FileFacts, Range } from '../../server/src/analyzer/facts';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { ROOT } from './cli';

export const ANALYZER_FIXTURES = join(ROOT, 'test', 'fixtures', 'analyzer');

export function fixturePath(name: string): string {
  return join(ANALYZER_FIXTURES, name);
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export async function analyzeFixture(name: string): Promise<{ text: string; facts: FileFacts }> {
  const text = fixtureText(name);
  return { text, facts: await analyzeText(fixturePath(name), text) };
}

/** The range of the `occurrence`-th (0-based) `needle` in `text`, in UTF-16 columns. */
export function rangeOfText(text: string, needle: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`'${needle}' #${occurrence} not found`);
  }
  return { start: positionAt(text, index), end: positionAt(text, index + needle.length) };
}

/** The range of `part` inside the first `context` (for tokens that also occur elsewhere). */
export function rangeWithin(text: string, context: string, part: string): Range {
  const at = text.indexOf(context);
  const offset = context.indexOf(part);
  if (at === -1 || offset === -1) throw new Error(`'${part}' in '${context}' not found`);
  return { start: positionAt(text, at + offset), end: positionAt(text, at + offset + part.length) };
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function withCode(diagnostics: readonly DiagnosticFact[], code: DiagnosticCode): DiagnosticFact[] {
  return diagnostics.filter((d) => d.code === code);
}

/** A library of in-memory files: path → source. */
export async function libraryOf(files: Record<string, string>): Promise<FlowLibrary> {
  const library = new FlowLibrary();
  for (const [path, text] of Object.entries(files)) library.set(await analyzeText(path, text));
  return library;
}
