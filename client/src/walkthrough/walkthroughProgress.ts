// The walkthrough's progress: each step that is not a command completes on a context key
// (WALKTHROUGH_CONTEXT); the part that sees the moment calls markWalkthroughStep. Each key is set
// once per window, so calling it on every panel or every jump costs nothing.

import * as vscode from 'vscode';
import { WALKTHROUGH_CONTEXT, type WalkthroughStep } from '../contextKeys';

const marked = new Set<WalkthroughStep>();

export function markWalkthroughStep(step: WalkthroughStep): void {
  if (marked.has(step)) return;
  marked.add(step);
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT[step], true);
}
