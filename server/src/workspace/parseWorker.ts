// The parse worker (dist/parse-worker.js, a worker_threads thread of the language server): during a
// workspace scan it parses and analyses the files the main thread hands it, so that the parse runs
// on the second core and the main thread stays free for requests. One file at a time, in the order
// sent; each answer is the file's plain facts (structured-cloned back). It owns its own
// web-tree-sitter module and deletes every tree (analysis.ts factsOfText).

import { parentPort } from 'node:worker_threads';
import { SlicedParser } from '../parser/slicedParser';
import { factsOfText } from './analysis';
import type { ParseReply, ParseRequest } from './parseMessages';

/** No other work shares this thread: a parse may run long before it yields. */
const WORKER_SLICE_MS = 200;

const port = parentPort;
if (port) {
  const parser = SlicedParser.create(WORKER_SLICE_MS);
  const log = (message: string) => port.postMessage({ log: message } satisfies ParseReply);
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: ParseRequest) => {
    queue = queue.then(async () => {
      const facts = await factsOfText(request.path, request.text, await parser, log);
      port.postMessage({ id: request.id, facts } satisfies ParseReply);
    });
  });
}
