// The walkthrough's progress: each step that is not a command completes on a context key
// (WALKTHROUGH_CONTEXT); the part that sees the moment calls markWalkthroughStep, every time.
// VS Code's walkthrough service completes a step only on a change of its key that it sees, and it
// may start after the first one (it is created when the Welcome page first opens), so each call
// turns the key off and on again: a later moment still counts.

import * as vscode from 'vscode';
import { WALKTHROUGH_CONTEXT, type WalkthroughStep } from '../contextKeys';

export function markWalkthroughStep(step: WalkthroughStep): void {
  const key = WALKTHROUGH_CONTEXT[step];
  void vscode.commands.executeCommand('setContext', key, false).then(() => vscode.commands.executeCommand('setContext', key, true));
}
