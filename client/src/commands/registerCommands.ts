// Binds the commands table to its handlers; a failing command is logged and shown, never silent.

import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import type { CommandHandlers } from './commandHandlers';
import { errorMessage, type Log } from '../log';

export function registerCommands(handlers: CommandHandlers, log: Log): vscode.Disposable[] {
  return COMMANDS.map((command) =>
    vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
      try {
        return await handlers[command.id](...args);
      } catch (error) {
        log.error(`${command.title} failed`, error);
        void vscode.window.showErrorMessage(`Hero Flows: ${command.title.replace('…', '')} failed: ${errorMessage(error)}`, 'Show Logs').then((choice) => choice && log.show());
        return undefined;
      }
    }),
  );
}
