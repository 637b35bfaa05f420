// The `hero-flows` launcher the integrated terminal finds on its PATH: a tiny script in a private
// folder of the extension (its global storage, never the workspace) that runs the bundled CLI
// (dist/cli.js) with the editor's own Node — `process.execPath` of the extension host, with
// ELECTRON_RUN_AS_NODE=1 when that is Electron (desktop VS Code); in code-server it is Node
// already — else with `node` from the PATH when the editor's runtime is gone (it was updated).
// On Windows a `.cmd`. Rewritten at every activation, so it follows the extension's and the
// editor's updates. No `vscode` import: test/client/cliLauncher.test.ts runs it in a real shell.

import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';

export const CLI_COMMAND = 'hero-flows';

export interface LauncherRuntime {
  /** The bundled CLI, dist/cli.js. */
  cliPath: string;
  /** What runs it: the extension host's `process.execPath`. */
  runtimePath: string;
  /** The runtime is Electron (`process.versions.electron`), so it runs as Node only with ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
  platform: NodeJS.Platform;
}

/** A POSIX shell word for `text`: single quotes, each `'` written as `'\''`. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The launcher's file name and text. */
export function cliLauncher(runtime: LauncherRuntime): { fileName: string; text: string } {
  if (runtime.platform === 'win32') {
    // cmd: `%` doubled; `"` cannot be in a Windows path.
    const cmdPath = (path: string) => `"${path.replace(/%/g, '%%')}"`;
    return {
      fileName: `${CLI_COMMAND}.cmd`,
      text: [
        '@echo off',
        'setlocal',
        `if exist ${cmdPath(runtime.runtimePath)} (`,
        ...(runtime.electron ? ['  set ELECTRON_RUN_AS_NODE=1'] : []),
        `  ${cmdPath(runtime.runtimePath)} ${cmdPath(runtime.cliPath)} %*`,
        ') else (',
        `  node ${cmdPath(runtime.cliPath)} %*`,
        ')',
        'exit /b %ERRORLEVEL%',
        '',
      ].join('\r\n'),
    };
  }
  const runtimeWord = shellWord(runtime.runtimePath);
  return {
    fileName: CLI_COMMAND,
    text: [
      '#!/bin/sh',
      '# hero-flows: the Hero Flows command line bundled with the VS Code extension (written by it).',
      `if [ -x ${runtimeWord} ]; then`,
      `  ${runtime.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}exec ${runtimeWord} ${shellWord(runtime.cliPath)} "$@"`,
      'fi',
      `exec node ${shellWord(runtime.cliPath)} "$@"`,
      '',
    ].join('\n'),
  };
}

/** Writes the launcher into `dir` (created private; replaced whole, never half-written); returns its path. */
export function writeCliLauncher(dir: string, runtime: LauncherRuntime): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { fileName, text } = cliLauncher(runtime);
  const path = join(dir, fileName);
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text, { mode: 0o755 });
  chmodSync(partial, 0o755);
  renameSync(partial, path);
  return path;
}

/** What goes before the terminal's PATH so that `hero-flows` is found: the folder and the platform's separator. */
export function pathPrepend(dir: string, platform: NodeJS.Platform): string {
  return `${dir}${platform === 'win32' ? win32.delimiter : posix.delimiter}`;
}

/** The part of `vscode.EnvironmentVariableCollection` this uses. */
export interface PathCollection {
  description: unknown;
  prepend(variable: string, value: string): void;
}

export const CLI_PATH_DESCRIPTION = 'Puts `hero-flows`, the Hero Flows command line bundled with the extension, on the `PATH`.';

/** Writes the launcher into `dir` and prepends `dir` to the terminal's PATH through `collection`. */
export function putCliOnPath(collection: PathCollection, dir: string, runtime: LauncherRuntime): string {
  const launcher = writeCliLauncher(dir, runtime);
  collection.description = CLI_PATH_DESCRIPTION;
  collection.prepend('PATH', pathPrepend(dir, runtime.platform));
  return launcher;
}
