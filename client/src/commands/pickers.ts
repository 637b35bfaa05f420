// Quick picks: a flow of the library, a stored play, a running play.

import * as vscode from 'vscode';
import type { PlaySummary } from '../plays/playsService';
import type { FlowIndex, IndexedFlow } from '../server/flowIndex';
import { playNode } from '../plays/playsTree';

/** The flows of the library, those of the active editor first. */
export async function pickFlow(index: FlowIndex, title: string): Promise<IndexedFlow | undefined> {
  const activeUri = vscode.window.activeTextEditor?.document.uri.toString();
  const flows = index.all().sort((a, b) => Number(b.uri === activeUri) - Number(a.uri === activeUri));
  if (flows.length === 0) {
    void vscode.window.showInformationMessage('Hero Flows found no flows in this workspace yet: a flow is a function decorated with @flow from hero_tracing.');
    return undefined;
  }
  type Item = vscode.QuickPickItem & { flow: IndexedFlow };
  const items: Item[] = flows.map((entry) => ({
    label: entry.flow.name ?? `${entry.flow.functionName} (unnamed)`,
    description: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)),
    detail: [entry.flow.description, entry.flow.inputs?.length ? `inputs: ${entry.flow.inputs.map((f) => `${f.name}: ${f.type ?? '?'}`).join(', ')}` : '']
      .filter(Boolean)
      .join(' · ') || undefined,
    flow: entry,
  }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a flow to run', matchOnDescription: true, matchOnDetail: true });
  return picked?.flow;
}

export async function pickPlay(plays: PlaySummary[], title: string, placeHolder: string): Promise<PlaySummary | undefined> {
  const now = Date.now();
  type Item = vscode.QuickPickItem & { summary: PlaySummary };
  const items: Item[] = plays.map((summary) => {
    const node = playNode(summary, now);
    return { label: `$(${node.icon.id}) ${node.label}`, description: node.description, detail: summary.error ?? summary.id, summary };
  });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.summary;
}
