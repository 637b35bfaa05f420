// **Hero Flows: New Flow…**: asks a flow name, picks the folder (the explorer folder it was invoked
// on, else the workspace folder), writes `<name>.py` from the template (newFlowTemplate.ts) and
// opens it. Writes nothing in an untrusted workspace, never overwrites a file (the next free name
// is taken, and the write itself refuses an existing file), and refuses a name the library has.

import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isInside } from '../../../common/src/pathInside';
import type { FlowIndex } from '../server/flowIndex';
import { flowIdentifier, freeFlowFileName, newFlowNameProblem, newFlowText } from './newFlowTemplate';
import { markWalkthroughStep } from '../walkthrough/walkthroughProgress';

export const NEW_FLOW_UNTRUSTED = 'Hero Flows writes a new flow file only in a trusted workspace.';

/** The folder to write in: `target` when it is a folder inside a workspace folder, else the (picked) workspace folder. */
async function targetFolder(target: unknown): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (target instanceof vscode.Uri && target.scheme === 'file') {
    const inWorkspace = folders.some((folder) => isInside(folder.uri.fsPath, target.fsPath));
    const stat = inWorkspace ? await vscode.workspace.fs.stat(target).then((s) => s, () => undefined) : undefined;
    if (stat && stat.type & vscode.FileType.Directory) return target.fsPath;
  }
  if (folders.length === 0) return undefined;
  if (folders.length === 1) return folders[0]!.uri.fsPath;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new flow' }))?.uri.fsPath;
}

export async function newFlow(index: FlowIndex, target?: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    const choice = await vscode.window.showInformationMessage(NEW_FLOW_UNTRUSTED, 'Manage Workspace Trust');
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const folder = await targetFolder(target);
  if (!folder) {
    if (!vscode.workspace.workspaceFolders?.length) {
      const choice = await vscode.window.showInformationMessage('Open a folder first: Hero Flows writes the new flow into it.', 'Open Folder…');
      if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    }
    return;
  }
  const taken = new Set(index.all().map((entry) => entry.flow.name));
  const fileFor = (name: string) => freeFlowFileName(flowIdentifier(name), (file) => existsSync(join(folder, file)));
  const name = await vscode.window.showInputBox({
    title: 'Hero Flows: New Flow',
    prompt: `The flow's name (what @flow, the ▶ and flow.invoke call it); the file goes in ${vscode.workspace.asRelativePath(folder, true)}`,
    value: 'My first flow',
    // Stays open when the focus moves (the walkthrough page re-renders as its steps tick): a name
    // half typed is not lost; Escape still closes it.
    ignoreFocusOut: true,
    validateInput: (value) => {
      const problem = newFlowNameProblem(value) ?? (taken.has(value) ? `Another flow is named '${value}': flow names are unique in the workspace` : undefined);
      if (problem) return problem;
      return { message: `Writes ${fileFor(value)}`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (name === undefined || newFlowNameProblem(name) || taken.has(name)) return;
  // `wx`: if a file appeared since the name was picked, it is kept and the next free name is written.
  let path = join(folder, fileFor(name));
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, newFlowText(name), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
      path = join(folder, fileFor(name));
    }
  }
  markWalkthroughStep('flowCreated');
  await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
}
