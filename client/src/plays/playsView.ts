// The Plays view: the store's plays newest first (PlayStore.list()), with this window's running
// plays laid over them live; refreshed when the store's index changes on disk (a play run from
// the CLI shows up too), when a setting moves the store, and every second while plays run.
// In an untrusted workspace the store is not read at all (the plays service holds it back until
// trust, trustedStore.ts): the view's welcome says plays are listed once the workspace is trusted,
// and they are, as soon as it is.

import * as vscode from 'vscode';
import type { PlayForest } from './playsTree';
import type { PlaysService, PlaySummary } from './playsService';
import { onSettingsChanged } from '../config';
import { CONTEXT, PLAYS_VIEW } from '../contextKeys';
import type { Log } from '../log';
import { mergePlays, playForest, playNode, type PlayNode } from './playsTree';

/** Plays shown at most (the store keeps them all). */
export const MAX_SHOWN = 200;
const REFRESH_DELAY_MS = 150;
const LIVE_TICK_MS = 1000;

export class PlaysView implements vscode.TreeDataProvider<PlayNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly view: vscode.TreeView<PlayNode>;
  private watcher: vscode.FileSystemWatcher | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  /** The last list read, for pickers and Clear Old Plays. */
  private shown: PlaySummary[] = [];
  /** The last list shown, parents over their child plays. */
  private forest: PlayForest = { roots: [], childrenOf: new Map() };
  /** The damaged index lines last reported, so each change is logged once. */
  private reportedSkips = 0;

  constructor(
    private readonly plays: PlaysService,
    private readonly log: Log,
  ) {
    this.view = vscode.window.createTreeView(PLAYS_VIEW, { treeDataProvider: this, showCollapseAll: false });
    this.subscriptions.push(
      this.view,
      this.plays.onDidBecomeTrusted(() => {
        this.log.info('the workspace is trusted: listing its plays');
        this.refresh();
      }),
      this.plays.onDidChange(() => this.refreshSoon()),
      onSettingsChanged(() => {
        this.watchStore();
        this.refreshSoon();
      }),
    );
    this.watchStore();
    void this.list(); // the `heroFlows.hasPlays` context key, before the view is ever shown
  }

  private get storeDir(): string {
    return this.plays.storeDir;
  }

  /** Every play of the store (with this window's live ones), newest first; none before trust. */
  async list(): Promise<PlaySummary[]> {
    let stored: PlaySummary[] = [];
    try {
      const read = await this.plays.stored();
      stored = read.plays;
      this.view.message = undefined;
      if (read.skippedLines !== this.reportedSkips && read.skippedLines > 0) this.log.warn(`skipped ${read.skippedLines} damaged lines of ${this.storeDir}/index.jsonl`);
      this.reportedSkips = read.skippedLines;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      this.log.warn(`could not list the plays in ${this.storeDir}: ${message}`);
      this.view.message = `Cannot list the plays: ${message}`;
    }
    this.shown = mergePlays(stored, this.plays.runningSummaries());
    void vscode.commands.executeCommand('setContext', CONTEXT.hasPlays, this.shown.length > 0);
    return this.shown;
  }

  async getChildren(element?: PlayNode): Promise<PlayNode[]> {
    const now = Date.now();
    if (element) return element.children.map((summary) => this.node(summary, now));
    const plays = await this.list();
    this.tickWhileRunning(plays);
    this.forest = playForest(plays.slice(0, MAX_SHOWN));
    return this.forest.roots.map((summary) => this.node(summary, now));
  }

  getTreeItem(node: PlayNode): vscode.TreeItem {
    const collapsible = node.children.length === 0 ? vscode.TreeItemCollapsibleState.None : node.summary.status === 'running' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.contextValue = node.contextValue;
    item.command = { command: 'heroFlows.play.openTrace', title: 'Open Trace', arguments: [node] };
    return item;
  }

  private node(summary: PlaySummary, now: number): PlayNode {
    return playNode(summary, now, this.forest.childrenOf.get(summary.id) ?? []);
  }

  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.changes.fire();
    // A hidden view is not asked for its children: keep the context keys current anyway.
    if (!this.view.visible) void this.list();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    clearTimeout(this.liveTimer);
    this.watcher?.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changes.dispose();
  }

  private refreshSoon(): void {
    this.refreshTimer ??= setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  /** Running durations grow: redraw every second while a play runs. */
  private tickWhileRunning(plays: PlaySummary[]): void {
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    if (plays.some((p) => p.status === 'running')) this.liveTimer = setTimeout(() => this.refresh(), LIVE_TICK_MS);
  }

  /** The store's index.jsonl changes with every play state change, from any process. */
  private watchStore(): void {
    this.watcher?.dispose();
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.storeDir), 'index.jsonl'));
    const refresh = () => this.refreshSoon();
    this.watcher.onDidChange(refresh);
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidDelete(refresh);
  }
}
