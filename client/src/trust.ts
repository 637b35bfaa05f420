// Workspace Trust: running a flow executes the workspace's Python code, so it needs a trusted
// workspace; analysis (the language server) never executes anything and works either way. Plays
// and traces stored in the workspace are not even read before trust: a cloned repository's `.hero/`
// is someone else's data, and the store writes as it reads (it settles interrupted plays).
// No `vscode` import: `vscode.workspace` is passed in as a WorkspaceTrust.

import { isInside } from '../../common/src/pathInside';
import type { TraceSource } from '../../common/src/traceMessages';
import { isPlayId } from '../../runtime/src/playId';

export type RunGate = { allowed: true } | { allowed: false; message: string };

export const UNTRUSTED_MESSAGE =
  'Hero Flows does not run flows in an untrusted workspace: running a flow executes its Python code. ' +
  'Trust this workspace to run flows (Manage Workspace Trust); checking and navigating flows works without it.';

export const UNTRUSTED_CAPABILITY_DESCRIPTION =
  'Flows are not run in untrusted workspaces, because running a flow executes its Python code. Diagnostics, completion and navigation still work.';

/** What the Plays view says (package.json viewsWelcome) and what a refused read says. */
export const PLAYS_AWAIT_TRUST = 'Plays are listed once this workspace is trusted.';

export const TRACES_AWAIT_TRUST =
  'Hero Flows opens the plays and trace files of this workspace once it is trusted (Manage Workspace Trust).';

/** The part of `vscode.workspace` that says whether the workspace is trusted (read live). */
export interface WorkspaceTrust {
  readonly isTrusted: boolean;
  onDidGrantWorkspaceTrust(listener: () => unknown): { dispose(): unknown };
}

export function runGate(isTrusted: boolean): RunGate {
  return isTrusted ? { allowed: true } : { allowed: false, message: UNTRUSTED_MESSAGE };
}

/**
 * May a trace panel read `source` now? A stored play only by its full id (the source may come from
 * a webview message or a saved state: no prefix, no path). Trusted: yes. Untrusted: no stored play
 * (every store the window knows is the workspace's or was set by it), and no trace file whose real
 * path is inside a workspace folder; a file the user picked from outside the workspace is the user's choice.
 */
export function traceReadGate(source: TraceSource, trust: WorkspaceTrust, realFolders: readonly string[], realPath: (path: string) => string | undefined): RunGate {
  if (source.kind === 'play' && !isPlayId(source.playId)) return { allowed: false, message: `${JSON.stringify(String(source.playId).slice(0, 80))} is not a play id` };
  if (trust.isTrusted) return { allowed: true };
  if (source.kind === 'play') return { allowed: false, message: TRACES_AWAIT_TRUST };
  const real = realPath(source.path) ?? source.path;
  return realFolders.some((folder) => isInside(folder, real)) ? { allowed: false, message: TRACES_AWAIT_TRUST } : { allowed: true };
}

/** Resolves once the workspace is trusted (at once when it is); `false` if `cancelled` fires first. */
export function afterTrust(trust: WorkspaceTrust, cancelled?: (stop: () => void) => unknown): Promise<boolean> {
  if (trust.isTrusted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const granted = trust.onDidGrantWorkspaceTrust(() => {
      granted.dispose();
      resolve(true);
    });
    cancelled?.(() => {
      granted.dispose();
      resolve(false);
    });
  });
}
