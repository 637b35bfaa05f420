// The span socket of one play: a Unix socket only this user may connect to, on which the flow's
// process writes its JSON Lines (spec §3) and asks for child plays. It knows connections, not events:
// what each connection's bytes mean is the executor's (collector, child plays).

import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';

/** What to do with one connection: its bytes as they arrive, and its end. */
export interface SpanConnection {
  data(chunk: Buffer): void;
  closed(): void;
}

/** Called for each new connection; `send` writes a line back to it (dropped once it is gone). */
export type AcceptConnection = (send: (line: string) => void) => SpanConnection;

export class SpanSocket {
  private readonly connections = new Set<Socket>();
  /** Set while draining: called when the last connection closes. */
  private allClosed: (() => void) | undefined;
  private readonly server: Server;

  /** Binds a socket at `path` (replacing a stale one) and accepts connections with `accept`. */
  static async open(path: string, accept: AcceptConnection): Promise<SpanSocket> {
    const socket = new SpanSocket(path, accept);
    rmSync(path, { force: true });
    await listenPrivately(socket.server, path);
    return socket;
  }

  private constructor(
    readonly path: string,
    accept: AcceptConnection,
  ) {
    this.server = createServer((socket) => {
      this.connections.add(socket);
      const connection = accept((line) => {
        if (!socket.destroyed) socket.write(line);
      });
      socket.on('data', (chunk: Buffer) => connection.data(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        connection.closed();
        this.connections.delete(socket);
        if (this.connections.size === 0) this.allClosed?.();
      });
    });
  }

  /** Waits for every connection to close, for at most `graceMs`; stragglers are then cut off. */
  async drain(graceMs: number): Promise<void> {
    if (this.connections.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolveDrain) => {
        this.allClosed = resolveDrain;
        timer = setTimeout(resolveDrain, graceMs);
      });
      clearTimeout(timer);
      this.allClosed = undefined;
    }
    for (const socket of this.connections) socket.destroy();
    await new Promise((r) => setImmediate(r));
  }

  /** Stops accepting and removes the socket file. */
  close(): void {
    this.server.close();
    rmSync(this.path, { force: true });
  }
}

/**
 * Binds `server` to a Unix socket only this user may connect to: the folder is private already, and
 * the socket is 0600 from the start (listen binds synchronously, under a tight umask), then chmod
 * in case the umask could not be set.
 */
function listenPrivately(server: Server, path: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    const restoreUmask = tightUmask();
    try {
      server.listen(path, () => {
        try {
          chmodSync(path, 0o600);
          resolvePromise();
        } catch (error) {
          server.close();
          reject(error);
        }
      });
    } finally {
      restoreUmask();
    }
  });
}

/** Sets the umask to 0177 (files and sockets 0600) and returns how to put it back; a no-op in a worker thread, where umask cannot be set. */
function tightUmask(): () => void {
  let previous: number;
  try {
    previous = process.umask(0o177);
  } catch {
    return () => undefined;
  }
  return () => process.umask(previous);
}
