// A SpecProblem (a file and an RFC 6901 pointer into it) → where its diagnostic goes: the pointed
// value's offset and length in that file's text (locatePointer), or the nearest parent the text has
// (a missing property is reported on the object that lacks it), or the file's start. Problems are
// grouped by file: a relative `$ref`'s problem lands on the referenced file. No `vscode` import.

import { locatePointer, type SpecProblem } from '../../../openrpc/src/index';
import { specFormat } from './specFiles';

export interface LocatedProblem {
  file: string;
  pointer: string;
  message: string;
  start: Position;
  end: Position;
}

/** Zero-based line and UTF-16 column, as VS Code's Position. */
export interface Position {
  line: number;
  character: number;
}

/** The parent of a pointer ('/a/b' → '/a', '/a' → ''); undefined for the whole document. */
export function parentPointer(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** The offset of `pointer`'s value in `text`, else of its nearest located parent. */
export function pointerRange(text: string, pointer: string, format: 'json' | 'yaml'): { offset: number; length: number } {
  for (let at: string | undefined = pointer; at !== undefined; at = parentPointer(at)) {
    const found = locateSafely(text, at, format);
    if (found) return found;
  }
  return { offset: 0, length: 0 };
}

/** locatePointer, or undefined where it throws (jsonc-parser's lookup on a half-typed array does). */
function locateSafely(text: string, pointer: string, format: 'json' | 'yaml'): { offset: number; length: number } | undefined {
  try {
    const found = locatePointer(text, pointer, format);
    // Only a range inside the text is used.
    return found && found.offset >= 0 && found.length >= 0 && found.offset + found.length <= text.length ? found : undefined;
  } catch {
    return undefined;
  }
}

/** Line and column of an offset (JavaScript strings are UTF-16, as VS Code's columns). */
export function positionAt(text: string, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: clamped - lineStart };
}

/**
 * The problems grouped by file, each at its range. `textOf` gives a file's text (the editor's
 * buffer when open); a file it cannot give is reported at its start.
 */
export function locateProblems(problems: readonly SpecProblem[], textOf: (file: string) => string | undefined): Map<string, LocatedProblem[]> {
  const byFile = new Map<string, LocatedProblem[]>();
  const texts = new Map<string, string | undefined>();
  for (const problem of problems) {
    if (!texts.has(problem.file)) texts.set(problem.file, textOf(problem.file));
    const text = texts.get(problem.file);
    const format = specFormat(problem.file) ?? 'json';
    const { offset, length } = text === undefined ? { offset: 0, length: 0 } : pointerRange(text, problem.pointer, format);
    const located: LocatedProblem = {
      file: problem.file,
      pointer: problem.pointer,
      message: problem.message,
      start: text === undefined ? { line: 0, character: 0 } : positionAt(text, offset),
      end: text === undefined ? { line: 0, character: 0 } : positionAt(text, offset + length),
    };
    byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), located]);
  }
  return byFile;
}
