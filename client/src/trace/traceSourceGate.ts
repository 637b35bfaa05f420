// What a trace panel may load: a play named by a full play id (a webview's message or a saved panel
// state is untrusted, so no prefix and no path), and a workspace's plays and trace files only once
// the workspace is trusted. trust.ts decides; this file asks the editor for trust and folders.

import * as vscode from 'vscode';
import type { TraceSource } from '../../../common/src/traceMessages';
import { realPathOnDisk } from './sourcePath';
import { traceReadGate, type RunGate } from '../trust';

export function traceReadable(source: TraceSource): RunGate {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => realPathOnDisk(folder.uri.fsPath) ?? folder.uri.fsPath);
  return traceReadGate(source, vscode.workspace, folders, realPathOnDisk);
}

/** Throws, with the reason, when `source` names no play or must wait for Workspace Trust. */
export function checkTraceSource(source: TraceSource): void {
  const gate = traceReadable(source);
  if (!gate.allowed) throw new Error(gate.message);
}
