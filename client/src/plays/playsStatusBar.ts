// The status bar item of running plays: while this window runs plays, how many (a click to the
// Plays view).

import * as vscode from 'vscode';
import type { PlaysService } from './playsService';
import { CONTEXT, PLAYS_VIEW } from '../contextKeys';

export function runningText(count: number): string {
  return `$(loading~spin) ${count} play${count === 1 ? '' : 's'}`;
}

export class PlaysStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('heroFlows.runningPlays', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly plays: PlaysService) {
    this.item.name = 'Hero Flows: running plays';
    this.item.command = `${PLAYS_VIEW}.focus`;
    this.subscription = plays.onDidChange(() => this.update());
    this.update();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(): void {
    const count = this.plays.runningCount;
    void vscode.commands.executeCommand('setContext', CONTEXT.playsRunning, count > 0);
    if (count === 0) {
      this.item.hide();
      return;
    }
    const names = this.plays.runningSummaries().map((play) => play.flow_name ?? play.id);
    this.item.text = runningText(count);
    this.item.tooltip = `Hero Flows: running ${names.join(', ')} — click to show the Plays view`;
    this.item.show();
  }
}
