// Read-only trace documents (scheme `hero-flows-trace`): a play's span tree as text, from the
// store, from this window's live run (updated as spans arrive), or from any `.jsonl` trace file.
// The trace webview of a later issue replaces what these documents show, not how they are asked for.

import * as vscode from 'vscode';
import type { Play } from '../../common/src/play';
import { PlayStore } from '../../runtime/src/store';
import { playFromTraceFile } from '../../runtime/src/traceFile';
import type { ActivePlays } from './activePlays';
import type { Log } from './log';
import { traceText } from './traceText';
import { TRACE_LANGUAGE, TRACE_SCHEME, traceAddress, traceSourceOf, type TraceSource } from './traceUri';

/** A live trace is redrawn at most this often while spans arrive. */
const LIVE_REFRESH_MS = 250;

export class TraceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly active: ActivePlays,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this),
      this.active.onDidChange((playId) => this.playChanged(playId)),
    );
  }

  static uriOf(source: TraceSource, label: string): vscode.Uri {
    const { path, query } = traceAddress(source, label);
    return vscode.Uri.from({ scheme: TRACE_SCHEME, path, query });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = traceSourceOf(uri.query);
    if (!source) return `Not a Hero Flows trace address: ${uri.toString()}\n`;
    try {
      return traceText(await this.playOf(source));
    } catch (error) {
      this.log.warn(`could not read the trace ${uri.toString()}: ${(error as Error)?.message ?? String(error)}`);
      return `Could not read this trace: ${(error as Error)?.message ?? String(error)}\n`;
    }
  }

  openPlay(store: string, playId: string, label: string): Promise<void> {
    return this.open(TraceDocuments.uriOf({ kind: 'play', store, playId }, label));
  }

  openFile(path: string, label: string): Promise<void> {
    return this.open(TraceDocuments.uriOf({ kind: 'file', path }, label));
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changes.dispose();
  }

  private async open(uri: vscode.Uri): Promise<void> {
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== TRACE_LANGUAGE) document = await vscode.languages.setTextDocumentLanguage(document, TRACE_LANGUAGE);
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
  }

  private async playOf(source: TraceSource): Promise<Play> {
    if (source.kind === 'file') return playFromTraceFile(source.path);
    return this.active.snapshot(source.playId) ?? new PlayStore(source.store).load(source.playId);
  }

  /** Redraws open documents of a play while it runs (and once when it ends). */
  private playChanged(playId: string): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== TRACE_SCHEME) continue;
      const source = traceSourceOf(document.uri.query);
      if (source?.kind === 'play' && source.playId === playId) this.pending.add(document.uri.toString());
    }
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const uri of this.pending) this.changes.fire(vscode.Uri.parse(uri));
      this.pending.clear();
    }, LIVE_REFRESH_MS);
  }
}
