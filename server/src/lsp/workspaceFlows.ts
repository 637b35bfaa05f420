// heroFlows/workspaceFlows and heroFlows/flowsChanged: the whole flow library grouped by file, for
// the client's test tree, and the notification that keeps that tree current. The notifier is told
// of every path whose diagnostics may have changed (every library change goes through there), and
// sends the files whose flow list, as the client sees it, is different from what it last sent.

import type { Connection } from 'vscode-languageserver';
import { FlowsChangedNotification, type DocumentFlow, type FileFlows, type FlowsChangedParams, type WorkspaceFlowsResult } from '../../../common/src/lspMessages';
import type { ServerContext } from './context';
import { documentFlows } from './documentFlows';

/** How long path notes gather before one notification goes out (typing sends one per pause, not per key). */
export const FLOWS_CHANGED_DELAY_MS = 40;

function flowsOfPath(ctx: ServerContext, path: string): { uri: string; flows: DocumentFlow[] } {
  const uri = ctx.uriFor(path);
  return { uri, flows: documentFlows(ctx, { uri }).flows };
}

export function workspaceFlows(ctx: ServerContext, indexed: boolean): WorkspaceFlowsResult {
  const files: FileFlows[] = [];
  for (const facts of ctx.library.files()) {
    if (facts.flows.length === 0) continue;
    files.push(flowsOfPath(ctx, facts.path));
  }
  files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return { files, indexed };
}

export class FlowsChangedNotifier {
  /** Path → the flows last sent for it (JSON); absent means "no flows" as far as the client knows. */
  private readonly sent = new Map<string, string>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly ctx: ServerContext,
    /** The client asked for the notification (initializationOptions.flowsChanged). */
    private readonly enabled: boolean,
  ) {}

  /** These paths' flows may have changed; checked in the next batch. */
  note(path: string): void {
    if (!this.enabled) return;
    this.pending.add(path);
    this.timer ??= setTimeout(() => void this.flush(), FLOWS_CHANGED_DELAY_MS);
  }

  /** Sends what changed among the pending paths now; resolves once it is sent. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const files: FileFlows[] = [];
    for (const path of this.pending) {
      const current = flowsOfPath(this.ctx, path);
      const signature = current.flows.length > 0 ? JSON.stringify(current.flows) : undefined;
      if (signature === this.sent.get(path)) continue;
      if (signature === undefined) this.sent.delete(path);
      else this.sent.set(path, signature);
      files.push(current);
    }
    this.pending.clear();
    if (files.length === 0) return;
    const params: FlowsChangedParams = { files };
    await this.connection.sendNotification(FlowsChangedNotification.method, params).catch((error: unknown) => this.ctx.log(`flowsChanged failed: ${String(error)}`));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
