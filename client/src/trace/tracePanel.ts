// Room client/src/trace/: the trace panel host — one webview per play or trace file, live streaming, reload survival, jump to source.

// The trace panel: the webview bundle (dist/webview.js, dist/webview.css) in a WebviewPanel, one
// panel per play or trace file (re-used and revealed when asked again). A play running in this
// window streams into its panel from the plays service's live state (panelPlay.ts); the webview
// asks back to open a span's source or a child play. Open panels are remembered so a reloaded
// window can revive them (tracePanelRevive.ts).
// Runs open their trace in one run panel beside the code (showRun): it follows the latest run (any
// flow's), never takes the focus, and stays in its group; panels opened by hand are never re-used for it.

import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Play } from '../../../common/src/play';
import { isWebviewToHostMessage, type HostToWebviewMessage, type TraceSource } from '../../../common/src/traceMessages';
import { playFromTraceFile } from '../../../runtime/src/traceFile';
import type { PlaysService } from '../plays/playsService';
import { errorMessage, type Log } from '../log';
import { besideCodeColumn } from './editorColumns';
import { codeColumn, editorGroups } from './editorGroups';
import { RememberedPanels } from './rememberedPanels';
import { openSpanSource } from './spanSource';
import { markWalkthroughStep } from '../walkthrough/walkthroughProgress';
import { PanelPlay } from './panelPlay';
import { initialMessages } from './traceInitialMessages';
import { livePlaySnapshot } from '../../../common/src/livePlay';
import { makeNonce, tracePanelHtml, tracePanelTitle } from './tracePanelHtml';
import { storeForChildPlays, TRACE_VIEW_TYPE, traceSourceKey } from './traceSource';
import { checkTraceSource } from './traceSourceGate';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  source: TraceSource;
  /** The play it shows: read from the plays service while it runs in this window. */
  shown: PanelPlay;
  /** The earlier attempt the switcher asked for (its trace read from the store), undefined while it shows the latest. */
  attempt?: number;
  subscriptions: (() => void)[];
}

export class TracePanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  /** The panel runs open their trace in (showRun); the others were opened by hand. */
  private runPanel: OpenPanel | undefined;
  private readonly dist: vscode.Uri;
  /** The panels' tab icon: the activity bar's tree, drawn in each theme's icon colour. */
  readonly icon: { light: vscode.Uri; dark: vscode.Uri };
  readonly remembered: RememberedPanels;
  /** Set while the extension deactivates: the panels it closes then stay remembered for the reload. */
  private closing = false;

  constructor(
    context: vscode.ExtensionContext,
    private readonly plays: PlaysService,
    private readonly log: Log,
  ) {
    this.dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.icon = { light: vscode.Uri.joinPath(media, 'hero-flows-light.svg'), dark: vscode.Uri.joinPath(media, 'hero-flows-dark.svg') };
    this.remembered = new RememberedPanels(context.workspaceState);
    // A resume or retry runs a stored play again under its id: a panel showing it follows the new attempt.
    this.newAttempts = plays.onDidChange((change) => {
      if (change.type === 'listed') this.followNewAttempt(change.playId);
    });
  }

  private readonly newAttempts: { dispose(): void };

  /** A play a panel shows started running in this window again (a new attempt): the panel shows it live, from its start. */
  private followNewAttempt(playId: string): void {
    const state = this.plays.livePlay(playId);
    if (!state) return;
    for (const open of this.panels.values()) {
      if (open.source.kind !== 'play' || open.shown.playId !== playId || open.shown.isFollowing) continue;
      open.shown.dispose();
      open.shown = new PanelPlay(this.plays, livePlaySnapshot(state), true, (message) => this.forward(open, message));
      open.attempt = undefined;
      open.panel.title = tracePanelTitle(open.shown.play.flow_name, open.shown.play.status);
      this.remember(open);
      for (const loading of open.shown.loadMessages()) this.post(open, loading);
    }
  }

  /**
   * Opens (or reveals) the panel of a stored play, or of one running in this window: over the active
   * editor, or beside the editor of `besideCode` (a file system path) when given.
   */
  openPlay(store: string, playId: string, besideCode?: string): Promise<void> {
    return this.open({ kind: 'play', store, playId }, besideCode);
  }

  /** Opens (or reveals) a play's panel in `column`: a child play opened from its parent's panel goes in front of it, in its group. */
  private openPlayIn(store: string, playId: string, column: vscode.ViewColumn | undefined): Promise<void> {
    return this.open({ kind: 'play', store, playId }, undefined, column);
  }

  /**
   * Shows a play a run started in the run panel, beside `codeFile`'s editor, the focus left where it
   * is: the play's own panel when it has one, else the run panel re-pointed to it, else a new one.
   */
  async showRun(store: string, playId: string, codeFile: string): Promise<void> {
    const source: TraceSource = { kind: 'play', store, playId };
    const key = traceSourceKey(source);
    if (this.reveal(key, true)) return;
    const play = await this.load(source);
    if (this.reveal(key, true)) return; // opened while the play was loading
    const reused = this.runPanel;
    if (reused && this.panels.get(traceSourceKey(reused.source)) === reused) {
      this.detach(reused);
      this.runPanel = this.attach(reused.panel, source, play);
      reused.panel.reveal(reused.panel.viewColumn, true);
      return;
    }
    const viewColumn = besideCodeColumn(codeColumn(codeFile), editorGroups());
    const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, tracePanelTitle(play.flow_name, play.status), { viewColumn, preserveFocus: true }, {
      ...this.webviewOptions(),
      retainContextWhenHidden: false,
    });
    this.runPanel = this.attach(panel, source, play);
  }

  /** Opens (or reveals) the panel of a `.jsonl` trace file. */
  openFile(path: string): Promise<void> {
    return this.open({ kind: 'file', path });
  }

  isOpen(key: string): boolean {
    return this.panels.has(key);
  }

  /** The play a source names: live when it runs in this window, else from its store or file. */
  async load(source: TraceSource): Promise<Play> {
    checkTraceSource(source); // a full play id; a workspace's plays and traces wait for Workspace Trust
    if (source.kind === 'file') return playFromTraceFile(source.path);
    return this.plays.load(source.store, source.playId);
  }

  /** Shows `play` in a panel VS Code revived; when the source has a panel already, the revived one closes. */
  adopt(panel: vscode.WebviewPanel, source: TraceSource, play: Play): void {
    if (this.panels.has(traceSourceKey(source))) panel.dispose();
    else this.attach(panel, source, play);
  }

  dispose(): void {
    this.newAttempts.dispose();
    this.closing = true;
    for (const open of [...this.panels.values()]) open.panel.dispose();
    this.panels.clear();
  }

  /** The webview options of every trace panel: scripts from dist/ only. */
  webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.dist] };
  }

  private async open(source: TraceSource, besideCode?: string, column?: vscode.ViewColumn): Promise<void> {
    const key = traceSourceKey(source);
    if (this.reveal(key)) return;
    const play = await this.load(source);
    if (this.reveal(key)) return; // opened while the play was loading
    const viewColumn = besideCode !== undefined ? besideCodeColumn(codeColumn(besideCode), editorGroups()) : column ?? vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, tracePanelTitle(play.flow_name, play.status), viewColumn, {
      ...this.webviewOptions(),
      retainContextWhenHidden: false,
    });
    this.attach(panel, source, play);
  }

  /** Reveals a source's panel in its group; `keepFocus`: without taking the focus. */
  private reveal(key: string, keepFocus = false): boolean {
    const existing = this.panels.get(key);
    if (keepFocus) existing?.panel.reveal(existing.panel.viewColumn, true);
    else existing?.panel.reveal();
    return existing !== undefined;
  }

  /** Unhooks a panel from what it shows (it closes, or is re-pointed to another play). */
  private detach(open: OpenPanel): void {
    for (const unsubscribe of open.subscriptions.splice(0)) unsubscribe();
    const key = traceSourceKey(open.source);
    if (this.panels.get(key) !== open) return;
    this.panels.delete(key);
    if (!this.closing) this.remembered.forget(key);
  }

  private attach(panel: vscode.WebviewPanel, source: TraceSource, play: Play): OpenPanel {
    const shown = new PanelPlay(this.plays, play, source.kind === 'play', (message) => this.forward(open, message));
    const open: OpenPanel = { panel, source, shown, subscriptions: [] };
    open.subscriptions.push(() => open.shown.dispose());
    this.panels.set(traceSourceKey(source), open);
    panel.title = tracePanelTitle(shown.play.flow_name, shown.play.status);
    panel.iconPath = this.icon;
    this.remember(open);
    const webview = panel.webview;
    webview.options = this.webviewOptions();
    webview.html = tracePanelHtml(
      webview.cspSource,
      webview.asWebviewUri(vscode.Uri.joinPath(this.dist, 'webview.js')).toString(),
      webview.asWebviewUri(vscode.Uri.joinPath(this.dist, 'webview.css')).toString(),
      makeNonce(),
    );
    const received = webview.onDidReceiveMessage((message: unknown) => this.received(open, message));
    open.subscriptions.push(() => received.dispose());
    const disposed = panel.onDidDispose(() => {
      this.detach(open);
      if (this.runPanel === open) this.runPanel = undefined;
    });
    open.subscriptions.push(() => disposed.dispose());
    markWalkthroughStep('tracePanelOpened');
    return open;
  }

  /** A running play's change on its way to the webview; a new status retitles the tab. */
  private forward(open: OpenPanel, message: HostToWebviewMessage): void {
    if (message.type === 'playStatus') {
      open.panel.title = tracePanelTitle(open.shown.play.flow_name, open.shown.play.status);
      this.remember(open);
    }
    // While the switcher shows an earlier attempt, the latest one's changes wait for the way back (its load is current).
    if (open.attempt === undefined) this.post(open, message);
  }

  private remember(open: OpenPanel): void {
    this.remembered.remember({ source: open.source, playId: open.shown.playId, title: open.panel.title });
  }

  private post(open: OpenPanel, message: HostToWebviewMessage): void {
    open.panel.webview.postMessage(message).then(undefined, (error: unknown) => this.log.warn(`could not post to the trace panel: ${errorMessage(error)}`));
  }

  /** Tells the webview what it shows: it keeps that in its saved state for a window reload. */
  private postSourceForRestore(open: OpenPanel): void {
    this.post(open, { type: 'source', source: open.source });
  }

  private received(open: OpenPanel, message: unknown): void {
    if (!isWebviewToHostMessage(message)) return;
    if (message.type === 'ready') {
      // The latest state; a big play in chunks, so rows show before the last span is copied.
      open.attempt = undefined;
      for (const loading of open.shown.loadMessages()) this.post(open, loading);
      this.postSourceForRestore(open);
    } else if (message.type === 'showAttempt') {
      this.showAttempt(open, message.playId, message.attempt).catch((error: unknown) => this.warn(`Could not show attempt ${message.attempt} of the play ${message.playId}: ${errorMessage(error)}`));
    } else if (message.type === 'openSource') {
      openSpanSource(message.file, message.line, open.shown.play.workspace, open.panel.viewColumn).then(
        (problem) => (problem ? this.warn(problem) : markWalkthroughStep('spanSourceOpened')),
        (error: unknown) => this.warn(`Could not open ${message.file}: ${errorMessage(error)}`),
      );
    } else if (message.type === 'openPlay') {
      const store = storeForChildPlays(open.source, this.plays.storeDir, existsSync);
      this.openPlayIn(store, message.playId, open.panel.viewColumn).catch((error: unknown) => this.warn(`Could not open the play ${message.playId}: ${errorMessage(error)}`));
    } else if (message.type === 'copyText') {
      // A long value the panel shows cut: the webview may have no clipboard of its own.
      vscode.env.clipboard.writeText(message.text).then(
        () => vscode.window.setStatusBarMessage(`Hero Flows: copied ${message.text.length.toLocaleString('en-US')} characters`, 3000),
        (error: unknown) => this.warn(`Could not copy: ${errorMessage(error)}`),
      );
    } else if (message.type === 'problem') {
      this.log.warn(`trace panel "${open.panel.title}" dropped bad data: ${message.reason.slice(0, 500)}`);
    } else if (message.type === 'openText') {
      vscode.workspace.openTextDocument({ content: message.text, language: message.language }).then(
        (document) => vscode.window.showTextDocument(document, { preview: true }),
        (error: unknown) => this.warn(`Could not open the text: ${errorMessage(error)}`),
      );
    }
  }

  /**
   * The attempt switcher: `attempt` of the panel's own play, the latest from what the panel holds, an
   * earlier one from its trace in the store. Anything else the webview asks (another play, an attempt
   * the play does not have, a trace file's panel) is ignored.
   */
  private async showAttempt(open: OpenPanel, playId: string, attempt: number): Promise<void> {
    const { source } = open;
    const play = open.shown.play;
    if (source.kind !== 'play' || playId !== open.shown.playId) return;
    const latest = play.attempt ?? 1;
    if (attempt === latest) {
      open.attempt = undefined;
      for (const loading of open.shown.loadMessages()) this.post(open, loading);
      return;
    }
    if (!play.attempts?.some((a) => a.attempt === attempt)) return;
    const earlier = await this.plays.loadAttempt(source.store, playId, attempt);
    if (this.panels.get(traceSourceKey(source)) !== open || open.shown.playId !== playId) return; // closed or re-pointed meanwhile
    open.attempt = attempt;
    for (const loading of initialMessages(earlier, earlier.spans)) this.post(open, loading);
  }

  private warn(message: string): void {
    this.log.warn(message);
    void vscode.window.showWarningMessage(`Hero Flows: ${message}`);
  }
}
