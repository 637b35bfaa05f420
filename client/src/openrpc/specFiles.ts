// Room client/src/openrpc/: OpenRPC documents in the editor — Generate Python Client…, the
// generated modules regenerated when their document is saved, the document's problems as
// diagnostics. The generator itself is openrpc/src (pure TypeScript, shared with the CLI).
//
// What an OpenRPC document and a generated module are to the editor, and the bounds it keeps while
// looking for them. No `vscode` import.

import { extname } from 'node:path';
import { isOpenRpcText, MAX_SPEC_BYTES } from '../../../openrpc/src/index';

export type SpecFormat = 'json' | 'yaml';

/** The format a spec path is read in, by its extension; undefined: not a document we read. */
export function specFormat(path: string): SpecFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

/** The open dialog's filter (extensions without the dot). */
export const SPEC_DIALOG_FILTERS: Record<string, string[]> = { 'OpenRPC documents': ['json', 'yaml', 'yml'] };

/** The Explorer's context menu shows Generate Python Client… on these (`resourceExtname`). */
export const SPEC_EXTNAME_WHEN = 'resourceExtname =~ /^\\.(json|ya?ml)$/i';

/** Where generated modules are looked for (the contract's file name: `<service>_client.py`). */
export const GENERATED_MODULE_GLOB = '**/*_client.py';
/** Folders never searched for generated modules. */
export const GENERATED_MODULE_EXCLUDE = '**/{node_modules,.git,.hero,__pycache__,.venv,venv}/**';
/** How many candidate modules one save looks at, at most. */
export const MAX_MODULES_SCANNED = 2_000;
/** How much of a candidate module is read to find its header. */
export const HEADER_BYTES = 600;
/** A document bigger than this is not read from the editor's buffers either: the generator's own bound. */
export { MAX_SPEC_BYTES };
/** How long typing pauses before a changed document is validated again. */
export const VALIDATE_DEBOUNCE_MS = 400;
/** The diagnostic collection's name, and the diagnostics' source. */
export const DIAGNOSTIC_COLLECTION = 'hero-flows-openrpc';
export const DIAGNOSTIC_SOURCE = 'openrpc';

/**
 * Could a saved JSON/YAML text be the source of a generated module? An OpenRPC document, or an
 * `rpc.discover` answer saved whole (its document under `result`): both spell `openrpc`. A cheap
 * filter before the header search, which decides.
 */
export function maySourceModules(text: string): boolean {
  return text.includes('openrpc');
}

/**
 * Is this JSON/YAML text an OpenRPC document to validate? isOpenRpcText reads the whole text; over
 * the size bound only its start is looked at (such a document gets its one "too large" problem).
 */
export function isSpecText(text: string): boolean {
  return text.length <= MAX_SPEC_BYTES ? isOpenRpcText(text) : text.slice(0, 4096).includes('openrpc');
}
