// What every feature module gets: the workspace model and a few helpers that need the client's view
// of the world (its URIs, its workspace folders). Built once the server is initialized.

import { TextDocument } from 'vscode-languageserver-textdocument';
import { relative, sep } from 'node:path';
import type { FileFacts } from '../analyzer/facts';
import type { FlowLibrary } from '../analyzer/flowLibrary';
import { readSmallFile, type Workspace } from '../workspace/workspace';
import { pathToUri, uriToPath } from '../workspace/uris';

/** How long a request that needs the whole flow library waits for the first scan before answering with what there is. */
export const INDEX_WAIT_MS = 5_000;

export class ServerContext {
  readonly library: FlowLibrary;
  /** Resolves when the start-up scan has filled the library (set by the server). */
  firstScan: Promise<unknown> = Promise.resolve();
  /** INDEX_WAIT_MS, unless the client's initializationOptions.indexWaitMs says otherwise. */
  indexWaitMs = INDEX_WAIT_MS;
  /** The client expands snippets in completion items (its capabilities say so). */
  snippetSupport = false;

  constructor(
    readonly workspace: Workspace,
    /** Workspace folder paths; the server keeps this list current. */
    readonly folders: string[],
    readonly log: (message: string) => void,
  ) {
    this.library = workspace.library;
    this.library.workspaceFolders = folders; // the same array: kept current as folders come and go
  }

  /**
   * Waits (at most indexWaitMs) for the start-up scan: before it ends, "no such flow" or an empty
   * list would be a wrong answer, not a partial one. False when the wait timed out.
   */
  async whenIndexed(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.indexWaitMs)));
    try {
      return await Promise.race([this.firstScan.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The URI the client uses for a library path: an open document's own, else a `file:` URI. */
  uriFor(path: string): string {
    return this.workspace.documents.getByPath(path)?.uri ?? pathToUri(path);
  }

  factsOf(uri: string): FileFacts | undefined {
    return this.workspace.documents.get(uri)?.facts ?? this.workspace.library.get(uriToPath(uri));
  }

  /** A path as a person reads it: relative to its workspace folder when it is inside one. */
  displayPath(path: string): string {
    for (const folder of this.folders) {
      const rel = relative(folder, path);
      if (rel && !rel.startsWith('..') && !rel.startsWith(sep)) return rel.split(sep).join('/');
    }
    return path;
  }

  /** The text of a library file: the open buffer, else the disk (for edits in closed files). */
  async documentOf(path: string): Promise<TextDocument | undefined> {
    const open = this.workspace.documents.getByPath(path);
    if (open) return open.document;
    const text = await readSmallFile(path);
    return text === undefined ? undefined : TextDocument.create(pathToUri(path), 'python', 0, text);
  }
}
