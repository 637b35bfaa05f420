// The analyzer behind a guard: whatever a file contains, the server gets facts back (empty ones when
// the analyzer trips over something), and the failure is logged once instead of ending a handler.
// Text over the size bound (the same for files on disk and open buffers) is never parsed.

import type { Tree } from 'web-tree-sitter';
import { MAX_FILE_BYTES } from '../../../common/src/workspaceLimits';
import { analyzeTree, emptyFacts as noFacts, mightBeFlowFile } from '../analyzer/analyzeFile';
import { diagnostic } from '../analyzer/diagnostics';
import type { FileFacts } from '../analyzer/facts';
import type { SlicedParser } from '../parser/slicedParser';

export type Log = (message: string) => void;

function emptyFacts(path: string): FileFacts {
  return noFacts(path, false);
}

/** Whether `text` is over MAX_FILE_BYTES in UTF-8 (counted only when the length leaves a doubt). */
export function tooLarge(text: string): boolean {
  if (text.length > MAX_FILE_BYTES) return true; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= MAX_FILE_BYTES) return false; // and at most three
  return Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES;
}

/** The facts of a buffer too large to analyse: only an information on its first line saying so. */
export function tooLargeFacts(path: string, text: string): FileFacts {
  const facts = emptyFacts(path);
  const firstLine = text.indexOf('\n');
  const end = { line: 0, character: Math.min(firstLine === -1 ? text.length : firstLine, 200) };
  const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  facts.localDiagnostics.push(
    diagnostic(
      'file-too-large',
      { start: { line: 0, character: 0 }, end },
      `this file is too large to analyse (${mb(Buffer.byteLength(text, 'utf8'))}; Hero Flows analyses files up to ${mb(MAX_FILE_BYTES)}): its flows are not checked or listed`,
    ),
  );
  return facts;
}

/** The facts of a buffer whose parse exhausted the parser's memory: an information on its first line. */
export function parserAbortedFacts(path: string): FileFacts {
  const facts = emptyFacts(path);
  facts.localDiagnostics.push(
    diagnostic('file-too-large', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'this file could not be analysed: the parser ran out of memory on it (it is tried again at the next change)'),
  );
  return facts;
}

export function factsOfTree(path: string, text: string, tree: Tree, log: Log): FileFacts {
  try {
    return analyzeTree(path, text, tree);
  } catch (error) {
    log(`analyzer failed on ${path}: ${(error as Error)?.stack ?? String(error)}`);
    return emptyFacts(path);
  }
}

/** The pre-filter: false when no flow can be in the text (or it is too large to analyse), so it is not parsed. */
export function mightHoldFlows(text: string): boolean {
  return !tooLarge(text) && mightBeFlowFile(text);
}

/** Parse (a slice at a time), analyse, free the tree. Null when the pre-filter says no flow can be in the text. */
export async function factsOfText(path: string, text: string, parser: SlicedParser, log: Log): Promise<FileFacts | null> {
  if (!mightHoldFlows(text)) return null;
  let tree: Tree | null = null;
  try {
    tree = await parser.parse(text);
    if (!tree) return emptyFacts(path);
    return factsOfTree(path, text, tree, log);
  } catch (error) {
    log(`parser failed on ${path}: ${(error as Error)?.stack ?? String(error)}`); // after an abort, the next file gets a fresh module
    return emptyFacts(path);
  } finally {
    try {
      tree?.delete();
    } catch {
      // its module aborted meanwhile
    }
  }
}
