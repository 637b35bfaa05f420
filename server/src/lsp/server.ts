// The language server object, built from a connection: capabilities come from capabilities.ts,
// every handler is registered in registerHandlers() below, and each feature lives in its own
// module. The analysis underneath (server/src/analyzer) knows nothing about LSP.

import {
  DidChangeWatchedFilesNotification,
  ResponseError,
  type ClientCapabilities,
  type Connection,
  type DidChangeTextDocumentParams,
  type DidCloseTextDocumentParams,
  type DidOpenTextDocumentParams,
  type InitializeParams,
  type InitializeResult,
  type SymbolInformation,
} from 'vscode-languageserver';
import { DocumentFlowsRequest, WorkspaceFlowsRequest, type DocumentFlowsParams } from '../../../common/src/lspMessages';
import { SlicedParser } from '../parser/slicedParser';
import type { ScanResult } from '../workspace/indexer';
import { buildKey, cacheDirOption, preparePrivateDir } from '../workspace/cacheLocation';
import { parseWorkerScript } from '../workspace/scanAnalyser';
import { uriToPath } from '../workspace/uris';
import { Workspace } from '../workspace/workspace';
import { serverCapabilities, WATCHERS } from './capabilities';
import { codeActions } from './codeActions';
import { completion } from './completion';
import { ServerContext } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { documentFlows } from './documentFlows';
import { FileEvents } from './fileEvents';
import { hover } from './hover';
import { definition, references } from './navigation';
import { prepareRename, rename } from './rename';
import { indexWaitMs, settingsFromInitializationOptions, wantsFlowsChanged, wantsParseWorker } from './settings';
import { documentSymbols, workspaceSymbols } from './symbols';
import { FlowsChangedNotifier, workspaceFlows } from './workspaceFlows';
import { WorkspaceIndex } from './workspaceIndex';
// The extension's own version: esbuild inlines only this field of package.json.
import { version as packageVersion } from '../../../package.json';

/** A request that reads the whole flow library: it waits (bounded) for the start-up scan. */
const INDEX = true;

/** The parts that exist once `initialize` has loaded the parser. */
interface Running {
  ctx: ServerContext;
  diagnostics: DiagnosticsPublisher;
  fileEvents: FileEvents;
  index: WorkspaceIndex;
  flowsChanged: FlowsChangedNotifier;
}

export class HeroFlowsServer {
  private running: Running | undefined;
  private client: ClientCapabilities = {};
  private resolveFirstIndex!: (result: ScanResult) => void;
  /** Resolves when the first workspace scan has finished and its diagnostics are published. */
  readonly firstIndex = new Promise<ScanResult>((resolve) => (this.resolveFirstIndex = resolve));

  constructor(private readonly connection: Connection) {
    this.registerHandlers();
  }

  log(message: string): void {
    try {
      this.connection.console.error(message);
    } catch {
      process.stderr.write(`${message}\n`);
    }
  }

  private registerHandlers(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.initialized());
    c.onShutdown(() => this.shutdown());
    c.onDidChangeConfiguration(() => void this.running?.index.settingsChanged());

    c.onDidOpenTextDocument((params) => this.notification('didOpen', (run) => this.didOpen(run, params)));
    c.onDidChangeTextDocument((params) => this.notification('didChange', (run) => this.didChange(run, params)));
    c.onDidCloseTextDocument((params) => this.notification('didClose', (run) => this.didClose(run, params)));
    c.onDidSaveTextDocument(() => undefined); // incremental sync: the buffer is already current
    c.onDidChangeWatchedFiles((params) => this.notification('didChangeWatchedFiles', (run) => void run.fileEvents.watched(params)));
    c.workspace.onDidCreateFiles((params) => this.notification('didCreateFiles', (run) => void run.fileEvents.created(params)));
    c.workspace.onDidDeleteFiles((params) => this.notification('didDeleteFiles', (run) => void run.fileEvents.deletedFiles(params)));
    c.workspace.onDidRenameFiles((params) => this.notification('didRenameFiles', (run) => void run.fileEvents.renamed(params)));

    // Every request first waits until the document it names is analysed; those that read the
    // whole flow library also wait (bounded) for the start-up scan (completion decides by site).
    c.onCompletion((params) => this.request('completion', null, (ctx) => completion(ctx, params), params));
    c.onHover((params) => this.request('hover', null, (ctx) => hover(ctx, params), params, INDEX));
    c.onDefinition((params) => this.request('definition', null, (ctx) => definition(ctx, params), params, INDEX));
    c.onReferences((params) => this.request('references', null, (ctx) => references(ctx, params), params, INDEX));
    c.onPrepareRename((params) => this.request('prepareRename', null, (ctx) => prepareRename(ctx, params), params, INDEX));
    c.onRenameRequest((params) => this.request('rename', null, (ctx) => rename(ctx, params), params, INDEX));
    c.onDocumentSymbol((params) => this.request('documentSymbol', [], (ctx) => documentSymbols(ctx, params), params));
    c.onWorkspaceSymbol((params) => this.request('workspaceSymbol', [] as SymbolInformation[], (ctx) => workspaceSymbols(ctx, params), {}, INDEX));
    c.onCodeAction((params) => this.request('codeAction', [], (ctx) => codeActions(ctx, params), params, INDEX));
    c.onRequest(DocumentFlowsRequest.method, (params: DocumentFlowsParams) =>
      this.request('documentFlows', { uri: params.uri, version: null, isFlowFile: false, flows: [] }, (ctx) => documentFlows(ctx, params), { textDocument: { uri: params.uri } }),
    );
    c.onRequest(WorkspaceFlowsRequest.method, () =>
      this.request('workspaceFlows', { files: [], indexed: false }, (ctx) => workspaceFlows(ctx, this.running?.index.firstScanDone ?? false), {}, INDEX),
    );
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.client = params.capabilities;
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const folders = roots.filter((uri) => uri.startsWith('file:')).map(uriToPath);
    const workspace = new Workspace(await SlicedParser.create(undefined, true), (m) => this.log(m)); // fresh: its heap can be given back
    const ctx = new ServerContext(workspace, folders, (m) => this.log(m));
    ctx.firstScan = this.firstIndex;
    ctx.indexWaitMs = indexWaitMs(params.initializationOptions) ?? ctx.indexWaitMs;
    ctx.snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    // Every path whose diagnostics may change goes through the publisher: its flows may have changed too.
    const flowsChanged = new FlowsChangedNotifier(this.connection, ctx, wantsFlowsChanged(params.initializationOptions));
    const diagnostics = new DiagnosticsPublisher(this.connection, ctx, (path) => flowsChanged.note(path));
    const settings = settingsFromInitializationOptions(params.initializationOptions);
    const cacheDir = cacheDirOption(params.initializationOptions);
    const factsCache = cacheDir && (await preparePrivateDir(cacheDir)) ? { dir: cacheDir, key: buildKey(packageVersion) } : undefined;
    const parseWorker = wantsParseWorker(params.initializationOptions) ? parseWorkerScript() : undefined;
    const index = new WorkspaceIndex(this.connection, ctx, diagnostics, settings, !!this.client.workspace?.configuration, flowsChanged, factsCache, parseWorker);
    const fileEvents = new FileEvents(ctx, (p) => index.indexable(p), (affected) => diagnostics.schedule(affected));
    this.running = { ctx, diagnostics, fileEvents, index, flowsChanged };
    return { capabilities: serverCapabilities(), serverInfo: { name: 'hero-flows', version: packageVersion } };
  }

  private async initialized(): Promise<void> {
    const run = this.running;
    if (!run) return;
    if (this.client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS }).catch((e: unknown) => this.log(`watcher registration failed: ${String(e)}`));
    }
    if (this.client.workspace?.workspaceFolders) {
      // The one handler not in registerHandlers(): the library only offers it once the client has said it supports it.
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => run.index.foldersChanged(event));
    }
    this.resolveFirstIndex(await run.index.start());
  }

  private shutdown(): void {
    this.running?.index.cancel();
    this.running?.diagnostics.dispose();
    this.running?.flowsChanged.dispose();
    this.running?.ctx.workspace.dispose();
  }

  private didOpen(run: Running, params: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = params.textDocument;
    if (languageId !== 'python' && !/\.pyi?$/.test(uri)) return;
    this.publishAnalysed(run, 'didOpen', run.ctx.workspace.open(uri, languageId, version, text));
  }

  private didChange(run: Running, params: DidChangeTextDocumentParams): void {
    this.publishAnalysed(run, 'didChange', run.ctx.workspace.change(params.textDocument.uri, params.textDocument.version, params.contentChanges));
  }

  /** Publishes a document once its text is analysed (nothing when a newer change overtook it). */
  private publishAnalysed(run: Running, name: string, analysed: Promise<{ record: { path: string }; affected: Set<string> } | undefined>): void {
    analysed.then(
      (changed) => {
        if (!changed) return;
        run.diagnostics.publishNow(changed.record.path);
        run.diagnostics.schedule(changed.affected, changed.record.path);
      },
      (error: unknown) => this.failed(name, error),
    );
  }

  /** A handler failed: logged, never thrown into the connection. */
  private failed(name: string, error: unknown): void {
    this.log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
  }

  private didClose(run: Running, params: DidCloseTextDocumentParams): void {
    const { uri } = params.textDocument;
    run.ctx.workspace.close(uri, (path) => run.index.indexable(path)).then(
      (affected) => run.diagnostics.schedule(affected),
      (error: unknown) => this.log(`didClose failed: ${String(error)}`),
    );
  }

  /** Runs a notification handler; a failure is logged, never thrown into the connection. */
  private notification(name: string, handler: (run: Running) => void): void {
    if (!this.running) return;
    try {
      handler(this.running);
    } catch (error) {
      this.failed(name, error);
    }
  }

  /**
   * Runs a request handler once the document it names is analysed (and, with `needsIndex`, the
   * start-up scan is done or INDEX_WAIT_MS passed); a failure is logged and answered with
   * `fallback` (ResponseErrors pass).
   */
  private async request<T>(
    name: string,
    fallback: T,
    handler: (ctx: ServerContext) => T | Promise<T>,
    params: { textDocument?: { uri?: unknown } },
    needsIndex = false,
  ): Promise<T> {
    if (!this.running) return fallback;
    try {
      const { ctx } = this.running;
      const uri = params.textDocument?.uri;
      if (typeof uri === 'string') await ctx.workspace.documents.settled(uri);
      if (needsIndex) await ctx.whenIndexed();
      return await handler(ctx);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      this.log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
      return fallback;
    }
  }
}
