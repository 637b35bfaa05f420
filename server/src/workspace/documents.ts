// The open documents: one record per document holding its text, its syntax tree and the facts
// derived from them, always updated together. Edits reach the tree through `tree.edit()` and a
// reparse that reuses the old tree; closing a document frees its tree (the WASM heap is finite).

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser, Tree } from 'web-tree-sitter';
import type { FileFacts } from '../analyzer/facts';
import { factsOfTree, type Log } from './analysis';
import { treeEditFor } from './treeEdit';
import { uriToPath } from './uris';

export interface DocumentRecord {
  readonly uri: string;
  /** The flow library's key: the file system path (or the URI of an untitled buffer). */
  readonly path: string;
  readonly document: TextDocument;
  readonly tree: Tree;
  readonly facts: FileFacts;
}

export class OpenDocuments {
  private readonly byUri = new Map<string, DocumentRecord>();
  private readonly byPath = new Map<string, DocumentRecord>();

  constructor(
    private readonly parser: Parser,
    private readonly log: Log,
  ) {}

  open(uri: string, languageId: string, version: number, text: string): DocumentRecord {
    this.close(uri); // a second didOpen replaces the first
    const document = TextDocument.create(uri, languageId, version, text);
    return this.store(uri, document, this.parse(text, null));
  }

  /** Applies the changes in order; undefined when the document is not open. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): DocumentRecord | undefined {
    const record = this.byUri.get(uri);
    if (!record) return undefined;
    const { document } = record;
    let tree: Tree | null = record.tree;
    for (const change of changes) {
      if ('range' in change) {
        tree?.edit(treeEditFor(document, change.range, change.text));
      } else {
        tree?.delete(); // a full-text change: nothing of the old tree is reusable
        tree = null;
      }
      TextDocument.update(document, [change], version);
    }
    const text = document.getText();
    const next = this.parse(text, tree);
    tree?.delete();
    return this.store(uri, document, next);
  }

  /** Frees the document's tree. Returns the record that was open, if any. */
  close(uri: string): DocumentRecord | undefined {
    const record = this.byUri.get(uri);
    if (!record) return undefined;
    this.byUri.delete(uri);
    this.byPath.delete(record.path);
    record.tree.delete();
    return record;
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

  private parse(text: string, oldTree: Tree | null): Tree {
    const tree = this.parser.parse(text, oldTree) ?? this.parser.parse(text);
    if (!tree) throw new Error('the Python parser returned no tree');
    return tree;
  }

  private store(uri: string, document: TextDocument, tree: Tree): DocumentRecord {
    const path = uriToPath(uri);
    const facts = factsOfTree(path, document.getText(), tree, this.log);
    const record: DocumentRecord = { uri, path, document, tree, facts };
    this.byUri.set(uri, record);
    this.byPath.set(path, record);
    return record;
  }
}
