// The one place that talks to the Python extension (ms-python.python), when it is installed: the
// interpreter its user selected for a file. Its API is typed here as far as we use it.

import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { currentSettings } from '../config';
import type { Log } from '../log';
import { chooseInterpreter, type InterpreterChoice } from './interpreter';

interface EnvironmentPath {
  id: string;
  path: string;
}

interface ResolvedEnvironment {
  executable: { uri?: vscode.Uri };
}

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
  };
}

export const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The selected interpreter's executable for `resource`; undefined when the extension or a selection is missing. */
export async function pythonFromExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  const api = extension.isActive ? extension.exports : await extension.activate();
  const environments = api?.environments;
  if (!environments) return undefined;
  const active = environments.getActiveEnvironmentPath(resource);
  const resolved = await environments.resolveEnvironment(active);
  return resolved?.executable.uri?.fsPath ?? active.path;
}

/** The interpreter a run of `resource` uses (interpreter.ts decides): the one door for runs and the SDK commands. */
export function interpreterFor(resource: vscode.Uri | undefined, log: Log): Promise<InterpreterChoice> {
  return chooseInterpreter({
    fromPythonExtension: () => pythonFromExtension(resource),
    setting: currentSettings().pythonPath,
    exists: existsSync,
    log: (message) => log.info(message),
  });
}
