// What the scan's main thread and its parse worker (parseWorker.ts) say to each other.

import type { FileFacts } from '../analyzer/facts';

export interface ParseRequest {
  id: number;
  path: string;
  text: string;
}

/** A file's facts (null: the pre-filter found no flow), or a line for the server's log. */
export type ParseReply = { id: number; facts: FileFacts | null } | { log: string };
