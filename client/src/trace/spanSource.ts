// A span row's "jump to source": its file beside the trace panel, the cursor on its line. Where the
// file is, and whether it may be opened, comes from resolveSourcePath (sourcePath.ts); which group it
// opens in from sourceColumn (editorColumns.ts): one group beside the panel, re-used click after click.
// Both unit-tested on plain data; this module only asks the workbench.

import * as vscode from 'vscode';
import { sourceColumn } from './editorColumns';
import { editorGroups } from './editorGroups';
import { resolveSourcePath } from './sourcePath';

/** Opens `file` at 1-based `line` beside the panel in `panelColumn`; returns why not when it cannot. */
export async function openSpanSource(file: string, line: number | null, playWorkspace: string | null, panelColumn: vscode.ViewColumn | undefined): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const found = resolveSourcePath(file, playWorkspace, folders);
  if (!found.ok) return found.message;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(found.path));
  const wanted = typeof line === 'number' && Number.isFinite(line) ? Math.floor(line) : 1;
  const at = Math.max(0, Math.min(wanted - 1, document.lineCount - 1));
  const range = document.lineAt(at).range;
  // A panel without a column (not shown) cannot have been clicked: Beside is then as good as any.
  const viewColumn = panelColumn === undefined ? vscode.ViewColumn.Beside : sourceColumn(panelColumn, editorGroups(found.path));
  const editor = await vscode.window.showTextDocument(document, { viewColumn, preserveFocus: false, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return undefined;
}
