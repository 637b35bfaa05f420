// The status bar items: while this window runs plays, how many (a click to the Plays view); and,
// when the language server's scan stopped at the file cap, that the flow library is incomplete (a
// click to the setting that raises the cap).

import * as vscode from 'vscode';
import { MAX_WORKSPACE_FILES_SETTING } from '../../../common/src/workspaceLimits';
import type { ActivePlays } from './activePlays';
import { CONTEXT, PLAYS_VIEW } from '../contextKeys';
import type { LibraryCapNotice } from '../server/libraryCap';

export function runningText(count: number): string {
  return `$(loading~spin) ${count} play${count === 1 ? '' : 's'}`;
}

export class PlaysStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('heroFlows.runningPlays', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly active: ActivePlays) {
    this.item.name = 'Hero Flows: running plays';
    this.item.command = `${PLAYS_VIEW}.focus`;
    this.subscription = active.onDidChange(() => this.update());
    this.update();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(): void {
    const count = this.active.count;
    void vscode.commands.executeCommand('setContext', CONTEXT.playsRunning, count > 0);
    if (count === 0) {
      this.item.hide();
      return;
    }
    const names = this.active.list().map(({ run }) => run.play.flow_name ?? run.id);
    this.item.text = runningText(count);
    this.item.tooltip = `Hero Flows: running ${names.join(', ')} — click to show the Plays view`;
    this.item.show();
  }
}

export class LibraryCapStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('heroFlows.libraryCapped', vscode.StatusBarAlignment.Left, 9);

  constructor() {
    this.item.name = 'Hero Flows: flow library incomplete';
    this.item.command = { title: 'Open Setting', command: 'workbench.action.openSettings', arguments: [MAX_WORKSPACE_FILES_SETTING] };
  }

  /** Shows the notice, or hides the item when there is none (the last scan read everything). */
  show(notice: LibraryCapNotice | undefined): void {
    if (!notice) {
      this.item.hide();
      return;
    }
    this.item.text = notice.text;
    this.item.tooltip = notice.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
