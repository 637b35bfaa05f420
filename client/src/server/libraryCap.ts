// What the extension says when the language server's scan stopped at the file cap (heroFlows/
// indexReady with `capped`): the status bar item's text and tooltip, and the log line, each naming
// the setting that raises the cap. No `vscode` import (test/client/libraryCap.test.ts).

import type { IndexReadyParams } from '../../../common/src/lspMessages';
import { MAX_WORKSPACE_FILES_SETTING } from '../../../common/src/workspaceLimits';

export interface LibraryCapNotice {
  text: string;
  tooltip: string;
  log: string;
}

/** Undefined when the scan read every folder whole. */
export function libraryCapNotice(ready: Pick<IndexReadyParams, 'capped' | 'cappedFolders' | 'maxFiles'>): LibraryCapNotice | undefined {
  const folders = Array.isArray(ready.cappedFolders) ? ready.cappedFolders.filter((f) => typeof f === 'string') : [];
  if (!ready.capped || folders.length === 0) return undefined;
  const max = typeof ready.maxFiles === 'number' ? ready.maxFiles.toLocaleString('en-US') : '?';
  const where = folders.join(', ');
  return {
    text: '$(warning) Flow library incomplete',
    tooltip: `Hero Flows read only the first ${max} Python files of ${where}, which has more: flows further on are not listed or checked, and invokes of them are not flagged. Raise ${MAX_WORKSPACE_FILES_SETTING} to include them (click to open the setting).`,
    log: `the flow library holds only the first ${max} Python files of ${where}, which has more; raise ${MAX_WORKSPACE_FILES_SETTING} to include the rest`,
  };
}
