// Starting the server in a process: the transport (stdio with `--stdio`, else node IPC, which is
// what the extension uses), the process-wide guards, and the server object on the connection.
// `hero-flows lsp --stdio` and dist/server.js both come through here.

import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { HeroFlowsServer } from './server';

function openConnection(stdio: boolean): Connection {
  if (stdio) {
    // Raw streams (not message readers): the library then exits when the client closes stdin.
    return createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  }
  return createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));
}

/** In stdio mode stdout carries the protocol: stray console output goes to stderr instead. */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

/** Bad input must never end the server: log what escaped and keep serving. */
function guardProcess(log: (message: string) => void): void {
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  process.on('uncaughtException', (error) => {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(1); // the client is gone
    log(`uncaught exception: ${error?.stack ?? String(error)}`);
  });
}

export function startLanguageServer(argv: readonly string[] = process.argv.slice(2)): HeroFlowsServer {
  const stdio = argv.includes('--stdio') || typeof process.send !== 'function';
  if (stdio) keepStdoutForProtocol();
  const connection = openConnection(stdio);
  const server = new HeroFlowsServer(connection);
  guardProcess((message) => server.log(message));
  connection.listen();
  return server;
}
