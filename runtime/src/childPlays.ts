// Child plays: `flow.invoke(name, spawn=True)` inside a play. The SDK opens a connection of its own
// to the play's span socket and sends one `invoke_request`; the parent play starts the child as a
// play of its own and answers on that connection — `invoke_started` as soon as the child exists,
// `invoke_finished` when it ends. A child whose connection closes first is cancelled (the flow that
// waited for it is gone), and so is every child of a parent that is stopped.

import type { RunningPlay } from '../../common/src/runtimeEvents';
import type { InvokeReply } from '../../common/src/wire';
import { parseInvokeRequest, type InvokeRequest } from './invokeRequest';

/** Starts the child play for a request; throws when it cannot (the store is not writable, …). */
export type StartChild = (request: InvokeRequest) => RunningPlay;

export class ChildPlays {
  private readonly running = new Set<RunningPlay>();
  private readonly ending = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly start: StartChild) {}

  /** The requests of one connection, and what to do when it closes. */
  connection(send: (reply: InvokeReply) => void): ChildPlayConnection {
    return new ChildPlayConnection(this, send);
  }

  /** The parent is stopping: cancel every running child, start no new one. */
  cancelAll(): void {
    this.stopping = true;
    for (const child of this.running) child.cancel();
  }

  /** Resolves once every child started so far has ended. */
  async settle(): Promise<void> {
    while (this.ending.size > 0) await Promise.all(this.ending);
  }

  /** @internal The child for a request, or why there is none. */
  begin(request: InvokeRequest): RunningPlay | { error: string } {
    if (this.stopping) return { error: 'the parent play is stopping; no child play was started' };
    let child: RunningPlay;
    try {
      child = this.start(request);
    } catch (error) {
      return { error: `could not start the child play: ${(error as Error).message}` };
    }
    this.running.add(child);
    const ended = child.done.then(
      () => undefined,
      () => undefined,
    );
    this.ending.add(ended);
    void ended.then(() => {
      this.running.delete(child);
      this.ending.delete(ended);
    });
    return child;
  }
}

export class ChildPlayConnection {
  private requested = false;
  private open = true;
  private child: RunningPlay | undefined;
  private childEnded = false;

  constructor(
    private readonly host: ChildPlays,
    private readonly send: (reply: InvokeReply) => void,
  ) {}

  /** One `invoke_request` line received on this connection. */
  request(event: Record<string, unknown>): void {
    if (this.requested) {
      this.refuse('one invoke_request per connection; a second child play needs a connection of its own');
      return;
    }
    this.requested = true;
    const request = parseInvokeRequest(event);
    if ('error' in request) {
      this.refuse(request.error);
      return;
    }
    const child = this.host.begin(request);
    if ('error' in child) {
      this.refuse(child.error);
      return;
    }
    this.child = child;
    this.reply({ type: 'invoke_started', play_id: child.id });
    child.done.then(
      ({ play }) => {
        this.childEnded = true;
        this.reply({ type: 'invoke_finished', play_id: play.id, status: play.status, output: play.output, error: play.error });
      },
      (error: unknown) => {
        this.childEnded = true;
        const message = `the child play ended with an internal error of the runtime: ${(error as Error)?.message ?? String(error)}`;
        this.reply({ type: 'invoke_finished', play_id: child.id, status: 'failed', output: null, error: message });
      },
    );
  }

  /** The connection closed: a child still running has nobody waiting for it any more. */
  closed(): void {
    this.open = false;
    if (this.child && !this.childEnded) this.child.cancel();
  }

  private refuse(error: string): void {
    this.reply({ type: 'invoke_finished', status: 'failed', output: null, error });
  }

  private reply(reply: InvokeReply): void {
    if (!this.open) return;
    try {
      this.send(reply);
    } catch {
      // The peer is gone; its close cancels the child.
    }
  }
}
