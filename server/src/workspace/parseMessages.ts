// What the scan's main thread and its parse worker (parseWorker.ts) say to each other. Both sides
// send lists: a thread woken once per batch rather than once per file (a loaded machine makes every
// wake-up wait for a core).

import type { FileFacts } from '../analyzer/facts';

export interface ParseRequest {
  id: number;
  path: string;
  text: string;
}

/** A file's facts (null: the pre-filter found no flow), or a line for the server's log. */
export type ParseReply = { id: number; facts: FileFacts | null } | { log: string };

/** The worker answers at most this many files in one message (fewer when it runs out of work). */
export const REPLY_BATCH = 32;
