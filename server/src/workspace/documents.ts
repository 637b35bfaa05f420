// The open documents: one record per document holding its text, its syntax tree and the facts
// derived from them. The text (and the tree's shape, through `tree.edit()`) follows every change at
// once; the reparse that reuses the old tree runs a slice at a time (SlicedParser), so a huge buffer
// never holds up other requests, and a newer change makes a parse still running stale: it stops at
// its next slice and the newest text is parsed instead. A buffer over the size bound keeps no tree
// at all, only an information saying so. Closing a document frees its tree (the WASM heap is finite).
// When the parser's WASM module aborts, every tree goes with it: the document whose parse hit it
// says so, the others are parsed again in the fresh module.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { emptyFacts } from '../analyzer/analyzeFile';
import type { FileFacts } from '../analyzer/facts';
import { ParserAborted, type SlicedParser } from '../parser/slicedParser';
import { factsOfTree, parserAbortedFacts, tooLarge, tooLargeFacts, type Log } from './analysis';
import { treeEditFor } from './treeEdit';
import { uriToPath } from './uris';

export interface DocumentRecord {
  readonly uri: string;
  /** The flow library's key: the file system path (or the URI of an untitled buffer). */
  readonly path: string;
  readonly document: TextDocument;
  /** Null while the first parse runs, and for a buffer over the size bound. */
  readonly tree: Tree | null;
  /** The facts of the text as last parsed (`settled()` waits for the current text's). */
  readonly facts: FileFacts;
}

/** Closing a parsed document longer than this gives the parser a fresh WASM module (its heap back to the system). */
export const RENEW_AFTER_CLOSING_CHARS = 1_000_000;

interface OpenRecord extends DocumentRecord {
  tree: Tree | null;
  facts: FileFacts;
  /** Bumped by every change: a parse started for an older generation is stale. */
  generation: number;
  closed: boolean;
  /** The parses queued for this document, in order. */
  settled: Promise<unknown>;
}

export class OpenDocuments {
  private readonly byUri = new Map<string, OpenRecord>();
  private readonly byPath = new Map<string, OpenRecord>();

  constructor(
    private readonly parser: SlicedParser,
    private readonly log: Log,
  ) {
    // The module was replaced: its trees are gone, every open document is parsed in the new one.
    parser.onAbort(() => {
      for (const record of this.byUri.values()) {
        this.dropTree(record);
        void this.reanalyse(record);
      }
    });
  }

  /** Resolves with the record once its text is analysed; undefined when a later change or close overtook it. */
  open(uri: string, languageId: string, version: number, text: string): Promise<DocumentRecord | undefined> {
    this.close(uri); // a second didOpen replaces the first
    const path = uriToPath(uri);
    const document = TextDocument.create(uri, languageId, version, text);
    const record: OpenRecord = { uri, path, document, tree: null, facts: emptyFacts(path, false), generation: 0, closed: false, settled: Promise.resolve() };
    this.byUri.set(uri, record);
    this.byPath.set(path, record);
    return this.reanalyse(record);
  }

  /** Applies the changes in order; resolves as `open` does (undefined too when the document is not open). */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<DocumentRecord | undefined> {
    const record = this.byUri.get(uri);
    if (!record) return Promise.resolve(undefined);
    const { document } = record;
    for (const change of changes) {
      if ('range' in change) {
        record.tree?.edit(treeEditFor(document, change.range, change.text));
      } else {
        this.dropTree(record); // a full-text change: nothing of the old tree is reusable
      }
      TextDocument.update(document, [change], version);
    }
    return this.reanalyse(record);
  }

  /**
   * Frees the document's tree. Returns the record that was open, if any. A big document's parse grew
   * the WASM heap, which never shrinks: the parser then moves to a fresh module, so the memory goes.
   */
  close(uri: string): DocumentRecord | undefined {
    const record = this.byUri.get(uri);
    if (!record) return undefined;
    this.byUri.delete(uri);
    this.byPath.delete(record.path);
    record.closed = true;
    record.generation++;
    const wasParsed = record.tree !== null;
    this.dropTree(record);
    if (wasParsed && record.document.getText().length > RENEW_AFTER_CLOSING_CHARS) this.parser.renew();
    return record;
  }

  /** Resolves once the document's current text is analysed (at once when it is not open). */
  async settled(uri: string): Promise<void> {
    for (let record = this.byUri.get(uri); record; ) {
      const { generation } = record;
      await record.settled;
      if (record.closed || record.generation === generation) return;
    }
  }

  get(uri: string): DocumentRecord | undefined {
    return this.byUri.get(uri);
  }

  getByPath(path: string): DocumentRecord | undefined {
    return this.byPath.get(path);
  }

  isOpen(path: string): boolean {
    return this.byPath.has(path);
  }

  all(): IterableIterator<DocumentRecord> {
    return this.byUri.values();
  }

  dispose(): void {
    for (const uri of [...this.byUri.keys()]) this.close(uri);
  }

  /** Queues a parse of the record's current text behind the ones already queued. */
  private reanalyse(record: OpenRecord): Promise<DocumentRecord | undefined> {
    const generation = ++record.generation;
    const stale = () => record.closed || record.generation !== generation;
    const job = record.settled.then(async () => {
      if (stale()) return undefined;
      const text = record.document.getText();
      if (tooLarge(text)) {
        this.dropTree(record);
        record.facts = tooLargeFacts(record.path, text);
        return record;
      }
      let tree: Tree | null;
      try {
        tree = await this.parser.parse(text, record.tree, stale);
      } catch (error) {
        if (!(error instanceof ParserAborted)) throw error;
        this.log(`${error.message}; while parsing ${record.path}`);
        record.facts = parserAbortedFacts(record.path);
        record.generation++; // not parsed again (the listener queued it) until it changes
        return record;
      }
      if (!tree) return undefined; // overtaken: the newer job parses the newer text
      if (stale()) {
        tree.delete();
        return undefined;
      }
      record.tree?.delete();
      record.tree = tree;
      record.facts = factsOfTree(record.path, text, tree, this.log);
      return record;
    });
    record.settled = job.catch(() => undefined);
    return job;
  }

  private dropTree(record: OpenRecord): void {
    try {
      record.tree?.delete();
    } catch {
      // a tree of a module that aborted: the module goes as a whole
    }
    record.tree = null;
  }
}
