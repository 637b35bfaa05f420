// The trace panel: the webview bundle (dist/webview.js, dist/webview.css) in a WebviewPanel, one
// panel per play (re-used and revealed when asked again). A play running in this window streams
// its spans and status into the panel; the webview asks back to open a span's source or a child play.

import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Play, Span } from '../../common/src/play';
import type { HostToWebviewMessage } from '../../common/src/traceMessages';
import { isWebviewToHostMessage } from '../../common/src/traceMessages';
import { PlayStore } from '../../runtime/src/store';
import { playFromTraceFile } from '../../runtime/src/traceFile';
import type { ActivePlays } from './activePlays';
import { errorMessage, type Log } from './log';
import { makeNonce, messageForEvent, resolveSourcePath, tracePanelHtml, tracePanelTitle } from './tracePanelHtml';

const VIEW_TYPE = 'heroFlows.trace';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  play: Play;
  /** Where child plays (openPlay) are looked up; null for a trace file. */
  store: string | null;
  /** Span id → latest state: what a re-shown (reloaded) webview is sent. */
  spans: Map<string, Span>;
  subscriptions: (() => void)[];
}

export class TracePanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly dist: vscode.Uri;

  constructor(
    context: vscode.ExtensionContext,
    private readonly active: ActivePlays,
    private readonly log: Log,
  ) {
    this.dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  }

  /** Opens (or reveals) the panel of a stored play, or of one running in this window. */
  async openPlay(store: string, playId: string): Promise<void> {
    const existing = this.panels.get(this.key('play', playId));
    if (existing) return existing.panel.reveal();
    const play = this.active.snapshot(playId) ?? (await new PlayStore(store).load(playId));
    const opened = this.panels.get(this.key('play', playId)); // opened while the play was loading
    if (opened) return opened.panel.reveal();
    this.show(this.key('play', playId), play, store);
  }

  /** Opens (or reveals) the panel of a `.jsonl` trace file. */
  async openFile(path: string): Promise<void> {
    const key = this.key('file', path);
    const existing = this.panels.get(key);
    if (existing) return existing.panel.reveal();
    const play = await playFromTraceFile(path);
    const opened = this.panels.get(key); // opened while the file was read
    if (opened) return opened.panel.reveal();
    this.show(key, play, null);
  }

  dispose(): void {
    for (const open of [...this.panels.values()]) open.panel.dispose();
    this.panels.clear();
  }

  private key(kind: 'play' | 'file', id: string): string {
    return `${kind}:${id}`;
  }

  private show(key: string, play: Play, store: string | null): void {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, tracePanelTitle(play.flow_name, play.status), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [this.dist],
      retainContextWhenHidden: false,
    });
    const open: OpenPanel = { panel, play, store, spans: spanMap(play.spans), subscriptions: [] };
    this.panels.set(key, open);
    const webview = panel.webview;
    webview.html = tracePanelHtml(
      webview.cspSource,
      webview.asWebviewUri(vscode.Uri.joinPath(this.dist, 'webview.js')).toString(),
      webview.asWebviewUri(vscode.Uri.joinPath(this.dist, 'webview.css')).toString(),
      makeNonce(),
    );
    const received = webview.onDidReceiveMessage((message: unknown) => this.received(open, message));
    open.subscriptions.push(() => received.dispose());
    const running = store !== null ? this.active.get(play.id) : undefined;
    if (running) {
      open.subscriptions.push(
        running.run.onEvent((event) => {
          const message = messageForEvent(event);
          if (!message) return;
          if (event.type === 'play_finished') {
            open.play = event.play;
            open.spans = spanMap(event.play.spans);
          } else if (message.type === 'spans') {
            for (const span of message.spans) open.spans.set(span.span_id, span);
          }
          if (message.type === 'playStatus') {
            open.play = { ...open.play, status: message.status, end_ms: message.end_ms, error: message.error, output: message.output ?? open.play.output, flow_name: message.flow_name ?? open.play.flow_name };
            panel.title = tracePanelTitle(open.play.flow_name, open.play.status);
          }
          this.post(open, message);
        }),
      );
    }
    panel.onDidDispose(() => {
      for (const unsubscribe of open.subscriptions.splice(0)) unsubscribe();
      if (this.panels.get(key) === open) this.panels.delete(key);
    });
  }

  private post(open: OpenPanel, message: HostToWebviewMessage): void {
    open.panel.webview.postMessage(message).then(undefined, (error: unknown) => this.log.warn(`could not post to the trace panel: ${errorMessage(error)}`));
  }

  private received(open: OpenPanel, message: unknown): void {
    if (!isWebviewToHostMessage(message)) return;
    if (message.type === 'ready') {
      // The latest state: the play with every span received so far.
      this.post(open, { type: 'play', play: { ...open.play, spans: [...open.spans.values()] } });
    } else if (message.type === 'openSource') {
      void this.openSource(open, message.file, message.line).catch((error: unknown) => this.warn(`Could not open ${message.file}: ${errorMessage(error)}`));
    } else if (message.type === 'openPlay') {
      if (open.store === null) {
        this.warn(`The play ${message.playId} is not in a plays store (this trace was opened from a file).`);
        return;
      }
      this.openPlay(open.store, message.playId).catch((error: unknown) => this.warn(`Could not open the play ${message.playId}: ${errorMessage(error)}`));
    }
  }

  private async openSource(open: OpenPanel, file: string, line: number | null): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
    const found = resolveSourcePath(file, open.play.workspace, folders, existsSync);
    if (!found.ok) {
      this.warn(found.message);
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(found.path));
    const wanted = typeof line === 'number' && Number.isFinite(line) ? Math.floor(line) : 1;
    const at = Math.max(0, Math.min(wanted - 1, document.lineCount - 1));
    const range = document.lineAt(at).range;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private warn(message: string): void {
    this.log.warn(message);
    void vscode.window.showWarningMessage(`Hero Flows: ${message}`);
  }
}

function spanMap(spans: readonly Span[]): Map<string, Span> {
  return new Map(spans.map((span) => [span.span_id, span]));
}
