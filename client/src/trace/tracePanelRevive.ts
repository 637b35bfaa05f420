// Trace panels survive a window reload: VS Code hands each panel it restores, with the state its
// webview saved, to this serializer, which works out what the panel showed (panelRestore.ts),
// loads that play or file again and gives the panel back to TracePanels — under the same key, so
// opening the play again reveals it. A play or file that is gone leaves a message, not a blank.
// In an untrusted workspace a panel showing the workspace's play or trace says it waits for trust,
// and loads once trust is granted (traceSourceGate.ts): nothing of the workspace is read before.

import * as vscode from 'vscode';
import type { Log } from '../log';
import { errorMessage } from '../log';
import { restoreNotice, sourceToRestore, type RestoreNotice } from './panelRestore';
import type { TracePanels } from './tracePanel';
import { traceNoticeHtml } from './tracePanelHtml';
import { TRACE_VIEW_TYPE, traceSourceKey } from './traceSource';
import { afterTrust, TRACES_AWAIT_TRUST } from '../trust';
import { traceReadable } from './traceSourceGate';

class TracePanelReviver implements vscode.WebviewPanelSerializer {
  /** Sources whose revived panel is still loading: no other revived panel may claim them. */
  private readonly reviving = new Set<string>();

  constructor(
    private readonly traces: TracePanels,
    private readonly log: Log,
  ) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const taken = (key: string) => this.traces.isOpen(key) || this.reviving.has(key);
    const source = sourceToRestore(state, panel.title, this.traces.remembered.list(), taken);
    if (!source) {
      this.log.warn(`a trace panel (${panel.title}) could not be restored: its play is unknown`);
      return this.showNotice(panel, restoreNotice(undefined));
    }
    const key = traceSourceKey(source);
    this.reviving.add(key);
    try {
      if (!traceReadable(source).allowed) {
        this.showNotice(panel, { title: 'Trace — waiting for trust', heading: 'This trace is shown once the workspace is trusted', detail: TRACES_AWAIT_TRUST });
        const trusted = await afterTrust(vscode.workspace, (stop) => panel.onDidDispose(stop));
        if (!trusted) return;
      }
      this.traces.adopt(panel, source, await this.traces.load(source));
    } catch (error) {
      this.log.warn(`a trace panel (${key}) could not be restored: ${errorMessage(error)}`);
      this.traces.remembered.forget(key);
      this.showNotice(panel, restoreNotice(source, errorMessage(error)));
    } finally {
      this.reviving.delete(key);
    }
  }

  private showNotice(panel: vscode.WebviewPanel, notice: RestoreNotice): void {
    panel.title = notice.title;
    panel.iconPath = this.traces.icon;
    panel.webview.options = { enableScripts: false, localResourceRoots: [] };
    panel.webview.html = traceNoticeHtml(panel.webview.cspSource, notice.heading, notice.detail, notice.cause);
  }
}

/** Registers the serializer; package.json activates the extension on `onWebviewPanel:heroFlows.trace`. */
export function registerTracePanelReviver(traces: TracePanels, log: Log): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, new TracePanelReviver(traces, log));
}
