// A span row's "jump to source": its file beside the trace panel, the cursor on its line.
// Where the file is, and whether it may be opened, comes from resolveSourcePath (sourcePath.ts,
// unit-tested): decided on real paths.

import * as vscode from 'vscode';
import { resolveSourcePath } from './sourcePath';

/** Opens `file` at 1-based `line` beside the panel; returns why not when it cannot. */
export async function openSpanSource(file: string, line: number | null, playWorkspace: string | null): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const found = resolveSourcePath(file, playWorkspace, folders);
  if (!found.ok) return found.message;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(found.path));
  const wanted = typeof line === 'number' && Number.isFinite(line) ? Math.floor(line) : 1;
  const at = Math.max(0, Math.min(wanted - 1, document.lineCount - 1));
  const range = document.lineAt(at).range;
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return undefined;
}
