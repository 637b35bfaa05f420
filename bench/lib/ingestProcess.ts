// One ingest round in a process of its own, the way `hero-flows run` meets a play's stream: a fresh
// Node with a cold heap and cold JIT. Binds the socket, prints "ready", reads one connection into
// the given sink, then prints {seconds, spans, peakRssMb} as one JSON line and exits.
//
// usage: node --import tsx bench/lib/ingestProcess.ts KIND SOCKET STORE_DIR   (KIND: drain | collector)

import { createServer } from 'node:net';
import { sink, type SinkKind } from './sinks';

const [kind, socketPath, storeDir] = process.argv.slice(2) as [SinkKind, string, string];
const server = createServer(async (socket) => {
  server.close();
  const started = performance.now();
  const spans = await sink(kind, socket, storeDir);
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ seconds, spans, peakRssMb })}\n`);
});
server.listen(socketPath, () => process.stdout.write('ready\n'));
