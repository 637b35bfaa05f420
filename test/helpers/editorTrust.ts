// The editor's Workspace Trust as the client's pure modules take it (a WorkspaceTrust), for tests:
// untrusted until the test grants it, each listener told once.

import type { WorkspaceTrust } from '../../client/src/trust';

export function editorTrust(trusted = false): WorkspaceTrust & { grant(): void } {
  const listeners = new Set<() => unknown>();
  const trust = {
    isTrusted: trusted,
    onDidGrantWorkspaceTrust(listener: () => unknown) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    grant() {
      trust.isTrusted = true;
      for (const listener of [...listeners]) listener();
    },
  };
  return trust;
}
