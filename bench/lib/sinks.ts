// What reads a flow's socket in a benchmark: a bare drain (the raw rate), or the real path of a
// play — the collector writing the store's trace file and materialising spans.

import type { Socket } from 'node:net';
import { join } from 'node:path';
import { Collector } from '../../runtime/src/collector';
import { emptyPlay } from '../../runtime/src/playOutcome';
import { PlayStore, newPlayId } from '../../runtime/src/store';

export type SinkKind = 'drain' | 'collector';

/** Reads the socket to its end; resolves with how many spans were materialised (0 for a drain). */
export function sink(kind: SinkKind, socket: Socket, storeDir: string): Promise<number> {
  return new Promise((resolve) => {
    if (kind === 'drain') {
      socket.on('data', () => undefined);
      socket.on('close', () => resolve(0));
      return;
    }
    const recorder = new PlayStore(join(storeDir, 'store')).begin(emptyPlay(newPlayId(), Date.now()));
    const collector = new Collector({ onBlock: (bytes) => recorder.writeTrace(bytes) });
    const feed = collector.openStream();
    socket.on('data', (chunk: Buffer) => feed.push(chunk));
    socket.on('close', () => {
      feed.end();
      recorder.finish(recorder.play);
      resolve(collector.builder.spanCount);
    });
  });
}
