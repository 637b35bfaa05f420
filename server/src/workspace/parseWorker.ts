// The parse worker (dist/parse-worker.js, a worker_threads thread of the language server): during a
// workspace scan it parses and analyses the files the main thread hands it, so that the parse runs
// on the second core and the main thread stays free for requests. One file at a time, in the order
// sent; the answers are the files' plain facts (structured-cloned back), sent in batches. It owns
// its own web-tree-sitter module and deletes every tree (analysis.ts factsOfText).

import { parentPort } from 'node:worker_threads';
import { SlicedParser } from '../parser/slicedParser';
import { factsOfText } from './analysis';
import { REPLY_BATCH, type ParseReply, type ParseRequest } from './parseMessages';

/** No other work shares this thread: a parse may run long before it yields. */
const WORKER_SLICE_MS = 200;

const port = parentPort;
if (port) {
  const parser = SlicedParser.create(WORKER_SLICE_MS);
  const log = (message: string) => port.postMessage([{ log: message }] satisfies ParseReply[]);
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  let replies: ParseReply[] = [];
  port.on('message', (requests: ParseRequest[]) => {
    waiting += requests.length;
    for (const request of requests) {
      queue = queue.then(async () => {
        replies.push({ id: request.id, facts: await factsOfText(request.path, request.text, await parser, log) });
        waiting--;
        if (waiting === 0 || replies.length >= REPLY_BATCH) {
          port.postMessage(replies);
          replies = [];
        }
      });
    }
  });
}
