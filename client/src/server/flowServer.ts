// Room client/src/server/: the language client — starting and restarting the bundled server, and the flow index it fills.

// The language client: starts the bundled server (dist/server.js) over node IPC, passes the exclude
// globs and the file cap (and keeps `heroFlows.*` in sync through workspace/configuration), shows a
// scan that stopped at the cap (status bar and log, with the setting), restarts a crashed server
// a bounded number of times and says so, and feeds the FlowIndex from heroFlows/workspaceFlows (on
// every start) and heroFlows/flowsChanged.

import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  FlowsChangedNotification,
  IndexReadyNotification,
  WorkspaceFlowsRequest,
  type FlowsChangedParams,
  type HeroFlowsInitializationOptions,
  type IndexReadyParams,
  type WorkspaceFlowsResult,
} from '../../../common/src/lspMessages';
import { currentSettings } from '../config';
import { CONTEXT } from '../contextKeys';
import type { FlowIndex } from './flowIndex';
import { libraryCapNotice } from './libraryCap';
import { errorMessage, type Log } from '../log';
import { RestartBudget, restartMessage } from './restartPolicy';
import { SETTINGS_SECTION } from '../settings';
import { LibraryCapStatusBar } from './libraryCapStatusBar';

export const SERVER_BUNDLE = 'dist/server.js';

export class FlowServer implements vscode.Disposable {
  private readonly client: LanguageClient;
  private readonly budget = new RestartBudget();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly capStatus = new LibraryCapStatusBar();

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly index: FlowIndex,
    outputChannel: vscode.LogOutputChannel,
  ) {
    const module = context.asAbsolutePath(SERVER_BUNDLE);
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const settings = currentSettings();
    const initializationOptions: HeroFlowsInitializationOptions = { exclude: settings.exclude, maxWorkspaceFiles: settings.maxWorkspaceFiles, flowsChanged: true };
    // The facts cache (a start with nothing changed parses nothing): in the extension's own storage, never the workspace, and only once it is trusted.
    if (vscode.workspace.isTrusted) initializationOptions.factsCacheDir = vscode.Uri.joinPath(context.globalStorageUri, 'facts-cache').fsPath;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
      ],
      initializationOptions,
      // didChangeConfiguration on every `heroFlows.*` change; the server then reads `heroFlows.exclude` back.
      synchronize: { configurationSection: SETTINGS_SECTION },
      outputChannel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        error: (_error, _message, count): ErrorHandlerResult => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
        closed: (): CloseHandlerResult => this.closed(),
      },
    };
    this.client = new LanguageClient('heroFlows', 'Hero Flows Language Server', serverOptions, clientOptions);
    this.subscriptions.push(
      this.client.onNotification(FlowsChangedNotification.method, (params: FlowsChangedParams) => this.index.apply(params.files)),
      this.client.onNotification(IndexReadyNotification.method, (params: IndexReadyParams) => this.indexReady(params)),
      // Every (re)start: the whole list again, since the server's memory started from nothing.
      this.client.onDidChangeState((event) => {
        if (event.newState === State.Running) void this.fetchFlows();
      }),
    );
  }

  async start(): Promise<void> {
    await this.client.start();
    void vscode.commands.executeCommand('setContext', CONTEXT.serverStopped, false);
  }

  /** The user's restart: a fresh crash budget. */
  async restart(): Promise<void> {
    this.budget.reset();
    if (this.client.isRunning()) await this.client.restart();
    else await this.start();
    this.log.info('language server restarted');
  }

  async dispose(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.capStatus.dispose();
    if (this.client.needsStop()) await this.client.stop().catch(() => undefined);
  }

  /** A scan ended: a folder cut short at the file cap is said in the status bar and the log, with the setting. */
  private indexReady(params: IndexReadyParams): void {
    if (params.cancelled) return;
    const notice = libraryCapNotice(params);
    this.capStatus.show(notice);
    if (notice) this.log.warn(notice.log);
  }

  private async fetchFlows(): Promise<void> {
    try {
      const result = (await this.client.sendRequest(WorkspaceFlowsRequest.method, {})) as WorkspaceFlowsResult;
      this.index.replaceAll(result.files);
      this.log.debug(`flow library: ${this.index.size} flows in ${result.files.length} files${result.indexed ? '' : ' so far (scan running)'}`);
    } catch (error) {
      this.log.error('could not read the flow library from the language server', error);
    }
  }

  private closed(): CloseHandlerResult {
    const decision = this.budget.crashed();
    const message = restartMessage(decision);
    if (decision.restart) {
      this.log.warn(message);
      void vscode.window.showWarningMessage(message, 'Show Logs').then((choice) => choice && this.log.show());
      return { action: CloseAction.Restart, handled: true };
    }
    this.log.error(message);
    void vscode.commands.executeCommand('setContext', CONTEXT.serverStopped, true);
    void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Logs').then((choice) => {
      if (choice === 'Show Logs') this.log.show();
      if (choice === 'Restart Server') this.restart().catch((error: unknown) => this.log.error(`restart failed: ${errorMessage(error)}`));
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
