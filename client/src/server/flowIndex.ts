// The client's copy of the workspace's flows, grouped by file: filled by heroFlows/workspaceFlows
// (on every server start) and kept current by heroFlows/flowsChanged. The test tree and the
// "Run Flow…" picker read it. No `vscode` import.

import type { DocumentFlow, FileFlows } from '../../../common/src/lspMessages';

export interface IndexedFlow {
  uri: string;
  flow: DocumentFlow;
}

export type FlowsListener = (changedUris: string[]) => void;

export class FlowIndex {
  private readonly files = new Map<string, DocumentFlow[]>();
  private readonly listeners = new Set<FlowsListener>();

  /** Files whose flows could be run: on disk (`file:`), not an untitled buffer. */
  static runnable(uri: string): boolean {
    return uri.startsWith('file:');
  }

  onDidChange(listener: FlowsListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Everything the server said (a fresh start): files not in `files` are dropped. */
  replaceAll(files: FileFlows[]): void {
    const changed = new Set(this.files.keys());
    this.files.clear();
    for (const file of files) changed.add(file.uri);
    this.setFiles(files);
    this.emit([...changed]);
  }

  /** A flowsChanged notification: each file's whole list (empty: the file has none any more). */
  apply(files: FileFlows[]): void {
    this.setFiles(files);
    if (files.length > 0) this.emit(files.map((f) => f.uri));
  }

  flowsOf(uri: string): DocumentFlow[] {
    return this.files.get(uri) ?? [];
  }

  uris(): string[] {
    return [...this.files.keys()].sort();
  }

  all(): IndexedFlow[] {
    return this.uris().flatMap((uri) => this.flowsOf(uri).map((flow) => ({ uri, flow })));
  }

  get size(): number {
    let count = 0;
    for (const flows of this.files.values()) count += flows.length;
    return count;
  }

  private setFiles(files: FileFlows[]): void {
    for (const file of files) {
      if (!FlowIndex.runnable(file.uri) || file.flows.length === 0) this.files.delete(file.uri);
      else this.files.set(file.uri, file.flows);
    }
  }

  private emit(uris: string[]): void {
    for (const listener of this.listeners) listener(uris);
  }
}
