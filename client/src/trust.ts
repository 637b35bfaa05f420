// Workspace Trust: running a flow executes the workspace's Python code, so it needs a trusted
// workspace; analysis (the language server) never executes anything and works either way.
// No `vscode` import.

export type RunGate = { allowed: true } | { allowed: false; message: string };

export const UNTRUSTED_MESSAGE =
  'Hero Flows does not run flows in an untrusted workspace: running a flow executes its Python code. ' +
  'Trust this workspace to run flows (Manage Workspace Trust); checking and navigating flows works without it.';

export const UNTRUSTED_CAPABILITY_DESCRIPTION =
  'Flows are not run in untrusted workspaces, because running a flow executes its Python code. Diagnostics, completion and navigation still work.';

export function runGate(isTrusted: boolean): RunGate {
  return isTrusted ? { allowed: true } : { allowed: false, message: UNTRUSTED_MESSAGE };
}
