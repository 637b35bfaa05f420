// A real LSP client for protocol tests: spawns the real server (`node dist/cli.js lsp --stdio`, what
// `bin` installs) on a temp copy of a fixture workspace, speaks JSON-RPC over the child's stdio, and
// lets tests wait on notifications and conditions — never on fixed sleeps.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { FlowsChangedNotification, IndexReadyNotification, type FlowsChangedParams, type IndexReadyParams, type LspNotification, type LspRequest } from '../../common/src/lspMessages';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const LSP_WORKSPACE = join(ROOT, 'test', 'fixtures', 'lsp', 'workspace');

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Temp workspaces made by copyWorkspace: the only folders stop() removes. */
const temporary = new Set<string>();

/** A temp copy of a fixture workspace (plus extra files: path → content). */
export function copyWorkspace(fixture = LSP_WORKSPACE, extra: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hero-lsp-'));
  temporary.add(dir);
  cpSync(fixture, dir, { recursive: true });
  for (const [path, content] of Object.entries(extra)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

type Waiter = { check: () => boolean; resolve: () => void };

export interface StartOptions {
  workspace: string;
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  /** What the client answers to `workspace/configuration` for a section (e.g. `heroFlows`). */
  configuration?: Record<string, unknown>;
}

export class LspClient {
  /** The latest diagnostics published for each URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times diagnostics were published for each URI. */
  readonly publications = new Map<string, number>();
  readonly indexReady: Promise<IndexReadyParams>;
  /** Every heroFlows/flowsChanged received, in order (recorded from the start: the scan sends some). */
  readonly flowsChanged: FlowsChangedParams[] = [];
  stderr = '';
  /** Capabilities the server registered dynamically. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** What the server logged (window/logMessage). */
  log = '';
  exitCode: number | null | undefined;
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly workspace: string,
    /** What the client answers to `workspace/configuration`; tests may change it. */
    public configuration: Record<string, unknown> = {},
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('exit', (code) => {
      this.exitCode = code;
      this.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publications.set(params.uri, (this.publications.get(params.uri) ?? 0) + 1);
      this.notify();
    });
    // A server that dies before its index is ready fails whoever waits for it, instead of hanging.
    this.indexReady = new Promise((resolveReady, rejectReady) => {
      connection.onNotification(IndexReadyNotification.method, (params: IndexReadyParams) => resolveReady(params));
      child.on('exit', (code, signal) => rejectReady(new Error(`the language server exited (${signal ?? code}) before its index was ready: ${this.stderr.slice(-2000)}`)));
    });
    this.indexReady.catch(() => undefined); // only a waiter sees it
    connection.onNotification(FlowsChangedNotification.method, (params: FlowsChangedParams) => {
      this.flowsChanged.push(params);
      this.notify();
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.notify();
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => this.configuration[item.section ?? ''] ?? null));
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.log += `${params.message}\n`;
    });
    connection.listen();
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: options.workspace, stdio: 'pipe' });
    const connection = createProtocolConnection(child.stdout!, child.stdin!);
    const client = new LspClient(child, connection, options.workspace, options.configuration ?? {});
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(options.workspace),
      workspaceFolders: [{ uri: fileUri(options.workspace), name: 'fixture' }],
      capabilities: options.capabilities ?? {},
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(relativePath: string): string {
    return fileUri(join(this.workspace, relativePath));
  }

  path(relativePath: string): string {
    return join(this.workspace, relativePath);
  }

  /** Resolves when `check` holds (checked now and after every message); rejects after `timeoutMs`. */
  waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolveWait, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolveWait();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; server log:\n${this.log}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits until the latest diagnostics of `uri` satisfy `check`, and returns them. */
  async waitForDiagnostics(uri: string, check: (diagnostics: Diagnostic[]) => boolean, what = 'diagnostics', timeoutMs?: number): Promise<Diagnostic[]> {
    await this.waitUntil(`${what} of ${uri}`, () => {
      const current = this.diagnostics.get(uri);
      return current !== undefined && check(current);
    }, timeoutMs);
    return this.diagnostics.get(uri)!;
  }

  /** Waits for the next publication for `uri` after now. */
  async nextDiagnostics(uri: string, send: () => Promise<void> | void): Promise<Diagnostic[]> {
    const before = this.publications.get(uri) ?? 0;
    await send();
    await this.waitUntil(`a publication for ${uri}`, () => (this.publications.get(uri) ?? 0) > before);
    return this.diagnostics.get(uri)!;
  }

  async open(relativePath: string, text?: string): Promise<string> {
    const uri = this.uri(relativePath);
    const content = text ?? readFileSync(this.path(relativePath), 'utf8');
    this.versions.set(uri, 1);
    this.texts.set(uri, content);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: content } });
    return uri;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async watched(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  text(uri: string): string | undefined {
    return this.texts.get(uri);
  }

  request<P, R>(type: LspRequest<P, R>, params: P): Promise<R> {
    return this.connection.sendRequest(type.method, params) as Promise<R>;
  }

  /** Handles one of our notifications (replacing the previous handler); waiters re-check after it. */
  onNotification<P>(type: LspNotification<P>, handler: (params: P) => void): void {
    this.connection.onNotification(type.method, (params: P) => {
      handler(params);
      this.notify();
    });
  }

  /** Shutdown + exit, then waits for the process to end; removes a copyWorkspace() folder. Returns the exit code. */
  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      await this.waitUntil('the server to exit', () => this.exitCode !== undefined, 10_000).catch(() => this.child.kill('SIGKILL'));
    }
    this.connection.dispose();
    if (temporary.delete(this.workspace)) rmSync(this.workspace, { recursive: true, force: true });
    return this.exitCode ?? null;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/** A diagnostic's message as text (LSP 3.18 allows Markup; this server sends strings). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** `{line, character}` of the first occurrence of `needle` in `text` (+ `offset` characters). */
export function positionOf(text: string, needle: string, offset = 0): Position {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
