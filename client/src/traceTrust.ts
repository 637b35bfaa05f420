// Trace panels read a workspace's plays and trace files only once the workspace is trusted
// (trust.ts decides; this file asks the editor for the trust state and the folders).

import * as vscode from 'vscode';
import type { TraceSource } from '../../common/src/traceMessages';
import { realPathOnDisk } from './sourcePath';
import { traceReadGate, type RunGate } from './trust';

export function traceReadable(source: TraceSource): RunGate {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => realPathOnDisk(folder.uri.fsPath) ?? folder.uri.fsPath);
  return traceReadGate(source, vscode.workspace, folders, realPathOnDisk);
}

/** Throws, with the reason, when `source` must wait for Workspace Trust. */
export function checkTraceReadable(source: TraceSource): void {
  const gate = traceReadable(source);
  if (!gate.allowed) throw new Error(gate.message);
}
