// The integrated terminal gets the bundled `hero-flows` on its PATH (cliLauncher.ts); the launcher
// lives in the extension's global storage, `bin/`. A failure is logged: the terminal is a nicety.

import { join } from 'node:path';
import type * as vscode from 'vscode';
import { errorMessage, type Log } from '../log';
import { putCliOnPath } from './cliLauncher';

export function putCliOnTerminalPath(context: vscode.ExtensionContext, log: Log): void {
  try {
    const launcher = putCliOnPath(context.environmentVariableCollection, join(context.globalStorageUri.fsPath, 'bin'), {
      cliPath: join(context.extensionPath, 'dist', 'cli.js'),
      runtimePath: process.execPath,
      electron: Boolean(process.versions.electron),
      platform: process.platform,
    });
    log.info(`hero-flows is on the integrated terminal's PATH (${launcher})`);
  } catch (error) {
    log.warn(`hero-flows could not be put on the terminal's PATH: ${errorMessage(error)}`);
  }
}
