// Changes made outside the editor: watched-file events (created, changed, deleted; a rename is a
// delete plus a create) and the workspace file operations the client reports (renames and
// deletions done in its explorer, folders included). All are applied one after another.

import { stat } from 'node:fs/promises';
import { FileChangeType, type CreateFilesParams, type DeleteFilesParams, type DidChangeWatchedFilesParams, type RenameFilesParams } from 'vscode-languageserver';
import { pythonFiles } from '../analyzer/pythonFiles';
import { uriToPath } from '../workspace/uris';
import type { ServerContext } from './context';

export class FileEvents {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: ServerContext,
    /** In a workspace folder, not excluded, not in a vendored folder. */
    private readonly indexable: (path: string) => boolean,
    private readonly publish: (affected: Set<string>) => void,
  ) {}

  /** Resolves when every event received so far has been applied. */
  idle(): Promise<unknown> {
    return this.queue;
  }

  watched(params: DidChangeWatchedFilesParams): Promise<unknown> {
    return this.enqueue(async (affected) => {
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (change.type === FileChangeType.Deleted) this.deleted(path, affected);
        else await this.createdOrChanged(path, affected);
      }
    });
  }

  created(params: CreateFilesParams): Promise<unknown> {
    return this.enqueue(async (affected) => {
      for (const file of params.files) await this.createdOrChanged(uriToPath(file.uri), affected);
    });
  }

  deletedFiles(params: DeleteFilesParams): Promise<unknown> {
    return this.enqueue(async (affected) => {
      for (const file of params.files) this.deleted(uriToPath(file.uri), affected);
    });
  }

  renamed(params: RenameFilesParams): Promise<unknown> {
    return this.enqueue(async (affected) => {
      for (const file of params.files) {
        this.deleted(uriToPath(file.oldUri), affected);
        await this.createdOrChanged(uriToPath(file.newUri), affected);
      }
    });
  }

  private enqueue(work: (affected: Set<string>) => Promise<void>): Promise<unknown> {
    this.queue = this.queue.then(async () => {
      const affected = new Set<string>();
      try {
        await work(affected);
      } catch (error) {
        this.ctx.log(`file event failed: ${(error as Error)?.stack ?? String(error)}`);
      }
      this.publish(affected);
    });
    return this.queue;
  }

  private deleted(path: string, affected: Set<string>): void {
    const { workspace } = this.ctx;
    const removed = workspace.library.get(path) ? workspace.remove(path) : workspace.removeFolder(path);
    for (const p of removed) affected.add(p);
  }

  private async createdOrChanged(path: string, affected: Set<string>): Promise<void> {
    if (!this.indexable(path)) return;
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      for await (const file of pythonFiles(path, { skipDir: (dir) => !this.indexable(dir) })) {
        if (this.indexable(file)) for (const p of await this.ctx.workspace.refreshFromDisk(file)) affected.add(p);
      }
    } else if (path.endsWith('.py')) {
      for (const p of await this.ctx.workspace.refreshFromDisk(path)) affected.add(p);
    }
  }
}
