// The window's access to its play store, held back until the workspace is trusted: before that no
// store file is opened (listing settles interrupted plays, so it writes too), the Plays view lists
// nothing and says why (package.json viewsWelcome), and commands that need the store say why.
// No `vscode` import: `vscode.workspace` is passed in as a WorkspaceTrust, and the store is opened
// by the plays service (playsService.ts), the one place that opens one.

import type { PlayStore, PlaySummary } from '../../../runtime/src/store';
import { PLAYS_AWAIT_TRUST, type WorkspaceTrust } from '../trust';

export interface StoredPlays {
  plays: PlaySummary[];
  /** Index lines the store skipped as damaged or hostile. */
  skippedLines: number;
}

export class TrustedStore {
  constructor(
    private readonly trust: WorkspaceTrust,
    private readonly storeDir: () => string,
    private readonly open: (dir: string) => PlayStore,
  ) {}

  get trusted(): boolean {
    return this.trust.isTrusted;
  }

  /** The store, or an Error saying it is read once the workspace is trusted. */
  store(): PlayStore {
    if (!this.trust.isTrusted) throw new Error(PLAYS_AWAIT_TRUST);
    return this.open(this.storeDir());
  }

  /** The store's plays; none, without touching the store, while the workspace is not trusted. */
  async list(): Promise<StoredPlays> {
    if (!this.trust.isTrusted) return { plays: [], skippedLines: 0 };
    const store = this.store();
    const plays = await store.list();
    return { plays, skippedLines: store.skippedIndexLines };
  }

  /** Calls `listener` once, when trust is granted (never when the workspace is trusted already). */
  onDidBecomeTrusted(listener: () => void): { dispose(): unknown } {
    return this.trust.onDidGrantWorkspaceTrust(listener);
  }
}
