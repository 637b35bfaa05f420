// The workspace model: the flow library (facts of every flow file) plus the open documents (text,
// tree, facts). Every update returns the paths whose diagnostics may have changed; deciding when
// to publish them is the LSP layer's job. An open document's buffer always wins over the disk.

import { readFile, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { MAX_FILE_BYTES } from '../../../common/src/workspaceLimits';
import type { FileFacts } from '../analyzer/facts';
import { FlowLibrary, type LibraryUpdates } from '../analyzer/flowLibrary';
import type { SlicedParser } from '../parser/slicedParser';
import { factsOfText, type Log } from './analysis';
import { OpenDocuments, type DocumentRecord } from './documents';

export { MAX_FILE_BYTES };

export class Workspace {
  readonly library = new FlowLibrary();
  readonly documents: OpenDocuments;
  constructor(
    readonly parser: SlicedParser,
    private readonly log: Log,
  ) {
    this.documents = new OpenDocuments(parser, log);
  }

  /** Resolves once the text is analysed; undefined when a later change overtook it (that one reports). */
  async open(uri: string, languageId: string, version: number, text: string): Promise<{ record: DocumentRecord; affected: Set<string> } | undefined> {
    return this.analysed(await this.documents.open(uri, languageId, version, text));
  }

  /** The text changes at once; resolves as `open` does. */
  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<{ record: DocumentRecord; affected: Set<string> } | undefined> {
    return this.analysed(await this.documents.change(uri, version, changes));
  }

  private analysed(record: DocumentRecord | undefined): { record: DocumentRecord; affected: Set<string> } | undefined {
    if (!record || this.documents.get(record.uri) !== record) return undefined; // closed meanwhile
    return { record, affected: this.library.set(record.facts) };
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
  async updateText(path: string, text: string, updates: LibraryUpdates = this.library): Promise<Set<string>> {
    if (this.documents.isOpen(path)) return new Set();
    const facts = await factsOfText(path, text, this.parser, this.log);
    return this.applyFacts(path, facts, updates); // a file opened while it was parsed: the buffer wins there
  }

  /** Puts a closed file's facts (analysed now, or known from the cache) in the library: only flow files are kept. */
  applyFacts(path: string, facts: FileFacts | null, updates: LibraryUpdates = this.library): Set<string> {
    if (this.documents.isOpen(path)) return new Set();
    if (facts?.isFlowFile) return updates.set(facts);
    return this.library.get(path) ? this.remove(path, updates) : new Set();
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
    this.parser.dispose();
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
