// Validating a document as the editor sees it: generateClient with the buffers of open documents
// (unsaved edits included) in place of the files on disk, a throwaway output folder (only the header
// depends on it) and the workspace folder as the root relative `$ref`s may not leave. No `vscode`
// import: the open buffers are passed in.

import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateClient, type GenerateResult } from '../../../openrpc/src/index';
import { MAX_SPEC_BYTES } from './specFiles';

/** A reader that prefers an open buffer and refuses a file over the size bound before reading it. */
export function bufferedReader(openText: (path: string) => string | undefined): (path: string) => string {
  return (path) => {
    const open = openText(path);
    if (open !== undefined) {
      if (open.length > MAX_SPEC_BYTES) throw new Error(`${path} is over ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
      return open;
    }
    if (statSync(path).size > MAX_SPEC_BYTES) throw new Error(`${path} is over ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
    return readFileSync(path, 'utf8');
  };
}

/** generateClient for its problems only; nothing is written. */
export function validateSpec(specPath: string, root: string | undefined, openText: (path: string) => string | undefined): GenerateResult {
  return generateClient({ specPath, outDir: dirname(specPath), root: root ?? dirname(specPath), readFile: bufferedReader(openText) });
}

/** A file's text for placing a diagnostic, if it exists and is within the size bound. */
export function readTextBounded(path: string): string | undefined {
  try {
    return statSync(path).size > MAX_SPEC_BYTES ? undefined : readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
