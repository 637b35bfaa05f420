// The extension's entry (dist/extension.js): builds every part through one disposable holder, in
// the order data flows (flow index ← language server; runner → plays → views), registers the
// commands table, and starts the language server in the background. A failure is logged, shown
// and re-thrown — never swallowed.

import * as vscode from 'vscode';
import { commandHandlers } from './commands/commandHandlers';
import { currentStoreDir } from './config';
import { CONTEXT } from './contextKeys';
import { DisposableStore } from './disposables';
import { FlowIndex } from './server/flowIndex';
import { FlowRunner } from './run/flowRunner';
import { FlowServer } from './server/flowServer';
import { LastInputs } from './run/lastInputs';
import { errorMessage, Log, LOG_CHANNEL_NAME } from './log';
import { PlaysStatusBar } from './plays/playsStatusBar';
import { PlaysService } from './plays/playsService';
import { PlaysView } from './plays/playsView';
import { registerCommands } from './commands/registerCommands';
import { FlowTestController } from './run/testController';
import { TracePanels } from './trace/tracePanel';
import { registerTracePanelReviver } from './trace/tracePanelRevive';
import { SdkSupport } from './sdk/sdkSupport';
import { OpenRpcClients } from './openrpc/openRpcClients';
import { putCliOnTerminalPath } from './terminal/terminalPath';
import { markWalkthroughStep } from './walkthrough/walkthroughProgress';

let server: FlowServer | undefined;

function showFailure(log: Log, what: string, error: unknown): void {
  log.error(what, error);
  void vscode.window.showErrorMessage(`Hero Flows: ${what}: ${errorMessage(error)}`, 'Show Logs').then((choice) => choice && log.show());
}

function build(context: vscode.ExtensionContext, log: Log, channel: vscode.LogOutputChannel, parts: DisposableStore): FlowServer {
  const index = new FlowIndex();
  const plays = parts.add(new PlaysService(() => currentStoreDir(context), vscode.workspace));
  const traces = parts.add(new TracePanels(context, plays, log));
  parts.add(registerTracePanelReviver(traces, log));
  const sdk = new SdkSupport(context, log);
  const runner = new FlowRunner(log, plays, new LastInputs(context.workspaceState), traces, sdk);
  const tests = parts.add(new FlowTestController(index, runner));
  const view = parts.add(new PlaysView(plays, log));
  parts.add(new PlaysStatusBar(plays));
  const flowServer = parts.add(new FlowServer(context, log, index, channel));
  parts.add(plays.onDidChange((change) => change.type === 'ended' && markWalkthroughStep('playFinished')));
  putCliOnTerminalPath(context, log);
  parts.add(index.onDidChange(() => void vscode.commands.executeCommand('setContext', CONTEXT.hasFlows, index.size > 0)));
  // Once the library has a flow file (and the workspace is trusted): can its interpreter import hero_tracing?
  const checkSdk = () => {
    const first = index.uris()[0];
    if (first) void sdk.checkOnce(vscode.Uri.parse(first));
  };
  parts.add(index.onDidChange(checkSdk));
  parts.add(vscode.workspace.onDidGrantWorkspaceTrust(checkSdk));
  const openrpc = parts.add(new OpenRpcClients(log));
  for (const command of registerCommands(commandHandlers({ log, index, tests, plays, view, traces, server: flowServer, sdk, openrpc }), log)) parts.add(command);
  return flowServer;
}

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const log = new Log(channel);
  const parts = new DisposableStore();
  context.subscriptions.push(log, parts);
  try {
    server = build(context, log, channel, parts);
  } catch (error) {
    showFailure(log, 'the extension failed to activate', error);
    parts.dispose();
    throw error;
  }
  log.info(`Hero Flows ${context.extension.packageJSON?.version ?? ''} activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted: flows will not run, and its plays and traces are read once it is trusted'})`);
  // Not awaited: the test tree and the views work while the server starts and scans.
  server.start().then(
    () => log.info('language server started'),
    (error: unknown) => showFailure(log, 'the language server did not start', error),
  );
}

/** Stops the language server cleanly; the holder disposes the rest (running plays are cancelled). */
export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
