// The open editor groups as editorColumns.ts decides on them, read from the workbench's tab groups.

import * as vscode from 'vscode';
import type { GroupFacts } from './editorColumns';
import { TRACE_VIEW_TYPE } from './traceSource';

function isTrace(tab: vscode.Tab): boolean {
  // The workbench reports a webview panel's type with a prefix of its own ("mainThreadWebview-…").
  return tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(TRACE_VIEW_TYPE);
}

function isFile(tab: vscode.Tab | undefined, file: string | undefined): boolean {
  return file !== undefined && tab?.input instanceof vscode.TabInputText && tab.input.uri.fsPath === file;
}

/** Every open group; `file` (a file system path) sets showsFile and hasFile. */
export function editorGroups(file?: string): GroupFacts[] {
  return vscode.window.tabGroups.all.map((group) => {
    const active = group.activeTab;
    return {
      column: group.viewColumn,
      active: !active ? 'none' : isTrace(active) ? 'trace' : active.input instanceof vscode.TabInputText ? 'text' : 'other',
      hasTrace: group.tabs.some(isTrace),
      showsFile: isFile(active, file),
      hasFile: group.tabs.some((tab) => isFile(tab, file)),
    };
  });
}

/** The group of `file`'s editor (the active editor's when it shows that file), else the active group. */
export function codeColumn(file: string): number {
  const active = vscode.window.activeTextEditor;
  if (active?.document.uri.fsPath === file && active.viewColumn) return active.viewColumn;
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.fsPath === file && editor.viewColumn);
  return visible?.viewColumn ?? active?.viewColumn ?? vscode.window.tabGroups.activeTabGroup.viewColumn;
}
