// The workspace model: the flow library (facts of every flow file) plus the open documents (text,
// tree, facts). Every update returns the paths whose diagnostics may have changed; deciding when
// to publish them is the LSP layer's job. An open document's buffer always wins over the disk.

import { readFile, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import { FlowLibrary, type LibraryUpdates } from '../analyzer/flowLibrary';
import { factsOfText, type Log } from './analysis';
import { OpenDocuments, type DocumentRecord } from './documents';

/** Files larger than this are not flow files anyone writes by hand; they are left out. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export class Workspace {
  readonly library = new FlowLibrary();
  readonly documents: OpenDocuments;
  /** Files that passed the pre-filter and were parsed by updateText (the scan reports it). */
  parsedCount = 0;

  constructor(
    readonly parser: Parser,
    private readonly log: Log,
  ) {
    this.documents = new OpenDocuments(parser, log);
  }

  open(uri: string, languageId: string, version: number, text: string): { record: DocumentRecord; affected: Set<string> } {
    const record = this.documents.open(uri, languageId, version, text);
    return { record, affected: this.library.set(record.facts) };
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): { record: DocumentRecord; affected: Set<string> } | undefined {
    const record = this.documents.change(uri, version, changes);
    return record && { record, affected: this.library.set(record.facts) };
  }

  /**
   * Frees the tree. The file's facts then come from the disk again (an unsaved buffer is gone), or
   * leave the library when it does not belong there closed (outside the folders, excluded, untitled).
   */
  async close(uri: string, indexable: (path: string) => boolean): Promise<Set<string>> {
    const record = this.documents.close(uri);
    if (!record) return new Set();
    if (!uri.startsWith('file:') || !indexable(record.path)) return this.remove(record.path);
    return this.refreshFromDisk(record.path);
  }

  /**
   * Analyses `text` as the content of `path` (not open). Returns the affected paths — or, through a
   * batch of the library (the start-up scan), leaves them to the batch's end.
   */
  updateText(path: string, text: string, updates: LibraryUpdates = this.library): Set<string> {
    if (this.documents.isOpen(path)) return new Set();
    const facts = factsOfText(path, text, this.parser, this.log);
    if (facts) this.parsedCount++;
    if (facts?.isFlowFile) return updates.set(facts);
    return this.library.get(path) ? this.remove(path, updates) : new Set(); // only flow files are kept
  }

  /** Re-reads a file that changed (or appeared, or vanished) on disk. */
  async refreshFromDisk(path: string): Promise<Set<string>> {
    if (this.documents.isOpen(path)) return new Set();
    const text = await readSmallFile(path);
    if (this.documents.isOpen(path)) return new Set(); // opened while we were reading
    if (text === undefined) return this.remove(path);
    return this.updateText(path, text);
  }

  /** Forgets a file (deleted, or moved away). An open document keeps its facts. */
  remove(path: string, updates: LibraryUpdates = this.library): Set<string> {
    if (this.documents.isOpen(path) || !this.library.get(path)) return new Set();
    return updates.delete(path);
  }

  /** Forgets every file under a folder that was deleted. */
  removeFolder(folder: string): Set<string> {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    const affected = new Set<string>();
    for (const path of this.libraryPaths()) {
      if (path.startsWith(prefix)) for (const p of this.remove(path)) affected.add(p);
    }
    return affected;
  }

  libraryPaths(): string[] {
    return this.library.files().map((facts) => facts.path);
  }

  dispose(): void {
    this.documents.dispose();
  }
}

/**
 * The file's text as an editor shows it (UTF-8, no byte-order mark), or undefined when it is gone,
 * not a file, or too large to be a flow file.
 */
export async function readSmallFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const text = await readFile(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
