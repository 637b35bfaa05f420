// Reads one OpenRPC (or referenced) document: size-capped, JSON with the parse error's position or
// YAML, own data properties only (JSON.parse and yaml's toJS both define `__proto__` as data), and
// a bounded depth so nothing downstream (ajv, the type mapper) recurses on hostile nesting.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { toPointer, type SpecProblem } from './problems';

/** Bytes a document may have. */
export const MAX_SPEC_BYTES = 5 * 1024 * 1024;
/** Containers a document may nest. */
export const MAX_SPEC_DEPTH = 100;

export type SpecFormat = 'json' | 'yaml';

export interface LoadedDocument {
  file: string;
  text: string;
  format: SpecFormat;
  data: unknown;
}

export function formatOf(path: string): SpecFormat {
  return /\.ya?ml$/i.test(path) ? 'yaml' : 'json';
}

/**
 * The default reader: a regular file only (never a device or a pipe, which could read forever),
 * refused over MAX_SPEC_BYTES before reading, and never more than that read.
 */
export function readSpecFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new NotARegularFile();
    if (stat.size > MAX_SPEC_BYTES) throw new SpecTooLarge(stat.size);
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_SPEC_BYTES) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_SPEC_BYTES) throw new SpecTooLarge(length);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

export class NotARegularFile extends Error {
  constructor() {
    super('not a regular file (a device, a pipe or a socket)');
  }
}

export class SpecTooLarge extends Error {
  constructor(readonly size: number) {
    super(`the document has ${size} bytes, over the ${MAX_SPEC_BYTES}-byte limit (5 MiB)`);
  }
}

export function loadDocument(file: string, readFile: (path: string) => string): LoadedDocument | SpecProblem {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const reason = error instanceof SpecTooLarge || error instanceof NotARegularFile ? error.message : code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a document' : `cannot read it (${(error as Error)?.message ?? String(error)})`;
    return { file, pointer: '', message: reason };
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) return { file, pointer: '', message: new SpecTooLarge(bytes).message };
  const format = formatOf(file);
  const parsed = format === 'json' ? parseJson(text) : parseYaml(text);
  if ('error' in parsed) return { file, pointer: '', message: parsed.error };
  const deep = tooDeep(parsed.data);
  if (deep !== undefined) return { file, pointer: deep, message: `nested deeper than ${MAX_SPEC_DEPTH} levels` };
  return { file, text, format, data: parsed.data };
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function parseJson(text: string): { data: unknown } | { error: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { data: JSON.parse(body) as unknown };
  } catch (error) {
    const errors: ParseError[] = [];
    parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first !== undefined) return { error: `not valid JSON: ${describeJsonError(printParseErrorCode(first.error))} at ${lineColumn(body, first.offset)}` };
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function parseYaml(text: string): { data: unknown } | { error: string } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const error = doc.errors[0];
  if (error !== undefined) return { error: `not valid YAML: ${error.message.split('\n')[0]} at ${lineColumn(text, error.pos[0])}` };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (e) {
    return { error: `not valid YAML: ${(e as Error).message}` };
  }
}

/** The pointer of the first container nested deeper than MAX_SPEC_DEPTH, else undefined. Iterative. */
function tooDeep(root: unknown): string | undefined {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_SPEC_DEPTH) return toPointer(path);
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) if (typeof child === 'object' && child !== null) pending.push({ value: child, path: [...path, key] });
  }
  return undefined;
}
