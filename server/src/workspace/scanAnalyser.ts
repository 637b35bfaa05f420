// Who parses the scan's files: the parse worker (parseWorker.ts, dist/parse-worker.js) when it
// runs, so that the parse uses the second core and the main thread keeps answering requests;
// otherwise the main thread itself, one file at a time, in slices (the server's own parser). A
// worker that cannot start, or that dies, is logged once and its unanswered files are parsed on the
// main thread: the scan's facts are the same either way, only where the time goes differs.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileFacts } from '../analyzer/facts';
import type { SlicedParser } from '../parser/slicedParser';
import { factsOfText, type Log } from './analysis';
import type { ParseReply, ParseRequest } from './parseMessages';

/** The worker's bundle, next to dist/server.js; undefined when not running from the bundle. */
export function parseWorkerScript(dir: string = __dirname): string | undefined {
  const script = join(dir, 'parse-worker.js');
  return existsSync(script) ? script : undefined;
}

interface Pending {
  path: string;
  text: string;
  resolve: (facts: FileFacts | null | PromiseLike<FileFacts | null>) => void;
}

export class ScanAnalyser {
  private worker: Worker | undefined;
  /** Sent to the worker, not answered yet (in the order sent: ids grow). */
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private inThread: Promise<unknown> = Promise.resolve();
  /** Requests of this turn of the event loop, sent together at its end. */
  private unsent: ParseRequest[] = [];
  private disposed = false;
  /** Files whose facts came from the worker (the scan logs it). */
  parsedInWorker = 0;

  constructor(
    private readonly parser: SlicedParser,
    private readonly log: Log,
    /** The worker's script; undefined: parse on this thread. */
    workerScript: string | undefined,
  ) {
    if (workerScript !== undefined) this.worker = this.startWorker(workerScript);
  }

  /** Whether files go to a worker now (false after it failed). */
  get usesWorker(): boolean {
    return this.worker !== undefined;
  }

  /** The facts of a file's text (null: no flow can be in it), from the worker or this thread. */
  facts(path: string, text: string): Promise<FileFacts | null> {
    const worker = this.worker;
    if (!worker) return this.onThisThread(path, text);
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, { path, text, resolve });
      if (this.unsent.push({ id, path, text }) === 1) queueMicrotask(() => this.send(worker));
    });
  }

  private send(worker: Worker): void {
    const requests = this.unsent;
    this.unsent = [];
    if (this.worker === worker) worker.postMessage(requests); // else workerFailed has them parsed here
  }

  /** Stops the worker; files still unanswered get null (the scan was cancelled or is over). */
  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const { resolve } of this.pending.values()) resolve(null);
    this.pending.clear();
    this.unsent = [];
  }

  /** One file at a time, so that the scan never holds more than one tree on this thread. */
  private onThisThread(path: string, text: string): Promise<FileFacts | null> {
    const run = this.inThread.then(() => factsOfText(path, text, this.parser, this.log));
    this.inThread = run.catch(() => undefined);
    return run;
  }

  private startWorker(script: string): Worker | undefined {
    try {
      const worker = new Worker(script);
      worker.on('message', (replies: ParseReply[]) => replies.forEach((reply) => this.received(reply)));
      worker.on('error', (error) => this.workerFailed(worker, `failed (${String(error)})`));
      worker.on('exit', (code) => this.workerFailed(worker, `exited with code ${code}`));
      return worker;
    } catch (error) {
      this.log(`parse worker ${script} did not start (${String(error)}): the scan parses on the main thread`);
      return undefined;
    }
  }

  private received(reply: ParseReply): void {
    if ('log' in reply) {
      this.log(reply.log);
      return;
    }
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    this.parsedInWorker++;
    waiting.resolve(reply.facts);
  }

  /** The worker is gone: what it had not answered is parsed here, in the order it was sent. */
  private workerFailed(worker: Worker, what: string): void {
    if (this.disposed || this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate();
    this.log(`parse worker ${what}: the scan parses its remaining files on the main thread`);
    const unanswered = [...this.pending.values()];
    this.pending.clear();
    this.unsent = [];
    for (const { path, text, resolve } of unanswered) resolve(this.onThisThread(path, text));
  }
}
