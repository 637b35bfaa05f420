// The language server's extensions to LSP: one named type per message, each saying who sends it to
// whom. The server (server/src/lsp/) and the extension's language client both import these, so a
// method name or a payload field can only change in one place.
//
// The descriptors are plain objects, not vscode-jsonrpc `RequestType`s: the server and the client
// each link their own copy of vscode-jsonrpc, and its classes do not cross copies. Each side passes
// `.method` to its connection, typed by the descriptor (server/src/lsp/server.ts, test/helpers).

import type { JsonValue } from './play';

/** A request's method, carrying its parameter and result types. */
export interface LspRequest<P, R> {
  readonly method: string;
  /** Type-level only; never set. */
  readonly types?: (params: P) => R;
}

/** A notification's method, carrying its parameter type. */
export interface LspNotification<P> {
  readonly method: string;
  /** Type-level only; never set. */
  readonly types?: (params: P) => void;
}

/** LSP's 0-based position (UTF-16 columns), restated so this module needs no LSP types. */
export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** What the client may pass as `initializationOptions` (settings `heroFlows.*` mirror these). */
export interface HeroFlowsInitializationOptions {
  /** Glob patterns (workspace-relative, as in `files.exclude`) the flow library never indexes. */
  exclude?: string[];
  /** Send heroFlows/flowsChanged (the extension's test tree wants it; other editors are spared the traffic). */
  flowsChanged?: boolean;
  /** Each workspace folder's first this-many Python files make up the flow library (default 100,000). */
  maxWorkspaceFiles?: number;
  /** How long requests that read the whole flow library wait for the start-up scan (default 5,000 ms). */
  indexWaitMs?: number;
  /**
   * A private directory (absolute path; made 0700) for the facts cache, so that a start with
   * nothing changed parses nothing; no cache without it. The extension passes its global storage,
   * for a trusted workspace only.
   */
  factsCacheDir?: string;
}

/** One entry of a flow's `inputs=` / `outputs=`, as the client's input form needs it. */
export interface FlowFieldSchema {
  name: string;
  /** Declared type (`str int float bool list dict any`); null when the spec is malformed. */
  type: string | null;
  required: boolean;
  /** The literal default's value, when it is a plain literal. */
  default?: JsonValue;
  /** The default as written in the source. */
  defaultText?: string;
  description?: string;
}

/** A flow of one document, with what a run button and an input form need. */
export interface DocumentFlow {
  /** Null when the `@flow` has no literal name (it cannot be run by name). */
  name: string | null;
  functionName: string;
  isAsync: boolean;
  description: string | null;
  /** The whole decorated definition. */
  range: LspRange;
  /** The `@flow(...)` decorator: where a run button goes. */
  decoratorRange: LspRange;
  /** The name's string literal, quotes included. */
  nameRange: LspRange;
  /** Null when undeclared, [] when declared empty. */
  inputs: FlowFieldSchema[] | null;
  outputs: FlowFieldSchema[] | null;
  /** The flow has an error that stops it from running (duplicate or missing name, bad fields, bad signature). */
  hasErrors: boolean;
}

export interface DocumentFlowsParams {
  uri: string;
}

export interface DocumentFlowsResult {
  uri: string;
  /** The document's version the answer was computed from (null for a file that is not open). */
  version: number | null;
  /** False when the file does not import hero_tracing: it has no flows by definition. */
  isFlowFile: boolean;
  flows: DocumentFlow[];
}

/** Client → server: the flows of one document, for run buttons and input forms. */
export const DocumentFlowsRequest: LspRequest<DocumentFlowsParams, DocumentFlowsResult> = { method: 'heroFlows/documentFlows' };

export interface IndexReadyParams {
  /** Workspace folders scanned (file system paths). */
  folders: string[];
  /** Python files looked at (read and pre-filtered). */
  files: number;
  /** Files that could hold a flow and were parsed. */
  parsed: number;
  /** Files whose facts came from the facts cache, unchanged since the last scan (not parsed). */
  fromCache?: number;
  /** Flows in the library once the scan finished. */
  flows: number;
  /** Wall time of the scan. */
  durationMs: number;
  /** A folder's scan stopped at the file cap (this scan's or an earlier one's): the library is incomplete. */
  capped: boolean;
  /** Every workspace folder whose walk stopped at the cap with files left. */
  cappedFolders: string[];
  /** The cap: each folder's first `maxFiles` Python files are scanned (setting heroFlows.maxWorkspaceFiles). */
  maxFiles: number;
  /** The scan was cancelled (shutdown, or a new scan replaced it). */
  cancelled: boolean;
}

/** Server → client: the background workspace scan finished (sent once per scan). */
export const IndexReadyNotification: LspNotification<IndexReadyParams> = { method: 'heroFlows/indexReady' };

/** The flows of one file of the library, in the shape of heroFlows/documentFlows. */
export interface FileFlows {
  uri: string;
  /** Empty when the file has no flows any more (edited away, deleted, excluded). */
  flows: DocumentFlow[];
}

export type WorkspaceFlowsParams = Record<string, never>;

export interface WorkspaceFlowsResult {
  /** Every file of the library that defines at least one flow, ordered by path. */
  files: FileFlows[];
  /** The first workspace scan has finished: until then the list is partial (flowsChanged follows). */
  indexed: boolean;
}

/** Client → server: every flow of the flow library, grouped by file (for the test tree). */
export const WorkspaceFlowsRequest: LspRequest<WorkspaceFlowsParams, WorkspaceFlowsResult> = { method: 'heroFlows/workspaceFlows' };

export interface FlowsChangedParams {
  /** Each file whose flows changed (added, removed, moved, renamed, error state), with all its flows now. */
  files: FileFlows[];
}

/**
 * Server → client: the flows of these files changed. Sent after the workspace scan (for every
 * flow file it found) and whenever the library's flows change. Each entry is the file's whole
 * current list, so applying notifications is idempotent and order-safe.
 */
export const FlowsChangedNotification: LspNotification<FlowsChangedParams> = { method: 'heroFlows/flowsChanged' };
