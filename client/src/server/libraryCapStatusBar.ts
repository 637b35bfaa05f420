// The status bar item that says the flow library is incomplete: shown when the language server's
// scan stopped at the file cap (libraryCap.ts words it), a click to the setting that raises the cap.

import * as vscode from 'vscode';
import { MAX_WORKSPACE_FILES_SETTING } from '../../../common/src/workspaceLimits';
import type { LibraryCapNotice } from './libraryCap';

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
