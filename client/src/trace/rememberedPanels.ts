// The open trace panels, kept in workspaceState so a reloaded window can tell what each revived
// panel showed when its webview saved no source (panelRestore.ts decides; this only stores).

import type * as vscode from 'vscode';
import { forgetPanel, readRemembered, rememberPanel, type RememberedPanel } from './panelRestore';

const STATE_KEY = 'heroFlows.tracePanels.open';

export class RememberedPanels {
  constructor(private readonly state: vscode.Memento) {}

  list(): RememberedPanel[] {
    return readRemembered(this.state.get(STATE_KEY));
  }

  remember(panel: RememberedPanel): void {
    void this.state.update(STATE_KEY, rememberPanel(this.list(), panel));
  }

  forget(key: string): void {
    void this.state.update(STATE_KEY, forgetPanel(this.list(), key));
  }
}
