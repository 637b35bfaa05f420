// Which Python runs a play: the interpreter selected in the Python extension (when it is installed
// and has one), else `heroFlows.pythonPath`, else `python3` on the PATH. A candidate that names a
// file that does not exist is passed over (and said so in the log). No `vscode` import: the Python
// extension is reached through a function (pythonExtension.ts).

import { isAbsolute } from 'node:path';

export type InterpreterSource = 'python-extension' | 'setting' | 'default';

export interface InterpreterChoice {
  path: string;
  source: InterpreterSource;
}

export interface InterpreterSources {
  /** The Python extension's active interpreter for the file; undefined when not installed or none selected. */
  fromPythonExtension(): Promise<string | undefined>;
  /** `heroFlows.pythonPath` (empty when unset). */
  setting: string;
  /** Whether a path exists (only asked for absolute paths). */
  exists(path: string): boolean;
  log?(message: string): void;
}

export const DEFAULT_PYTHON = 'python3';

export async function chooseInterpreter(sources: InterpreterSources): Promise<InterpreterChoice> {
  let fromExtension: string | undefined;
  try {
    fromExtension = (await sources.fromPythonExtension())?.trim() || undefined;
  } catch (error) {
    sources.log?.(`the Python extension did not give an interpreter: ${(error as Error)?.message ?? String(error)}`);
  }
  const candidates: InterpreterChoice[] = [];
  if (fromExtension) candidates.push({ path: fromExtension, source: 'python-extension' });
  if (sources.setting.trim()) candidates.push({ path: sources.setting.trim(), source: 'setting' });
  for (const candidate of candidates) {
    if (!isAbsolute(candidate.path) || sources.exists(candidate.path)) return candidate;
    sources.log?.(`${describeSource(candidate.source)} names ${candidate.path}, which does not exist; trying the next choice`);
  }
  return { path: DEFAULT_PYTHON, source: 'default' };
}

export function describeSource(source: InterpreterSource): string {
  switch (source) {
    case 'python-extension':
      return 'the interpreter selected in the Python extension';
    case 'setting':
      return 'the setting heroFlows.pythonPath';
    case 'default':
      return `the default '${DEFAULT_PYTHON}'`;
  }
}

/** The runtime's error when the interpreter could not be started at all (runtime/src/finishedPlayStatus.ts). */
export function isInterpreterFailure(error: string | null): boolean {
  return error?.startsWith('could not start the Python interpreter') ?? false;
}

/** What to tell the user when no interpreter works. */
export function interpreterProblemMessage(choice: InterpreterChoice, error: string): string {
  const detail = error.replace(/^could not start the Python interpreter '[^']*': /, '');
  return (
    `Hero Flows could not start Python '${choice.path}' (${describeSource(choice.source)}): ${detail}. ` +
    'Select an interpreter with the Python extension, or set heroFlows.pythonPath to a Python 3.9+ executable.'
  );
}
