// The room's parts, built once by the extension: the diagnostics of OpenRPC documents, the
// regeneration on save, and the Generate Python Client… command they share.

import type * as vscode from 'vscode';
import type { Log } from '../log';
import { generatePythonClient } from './generateCommand';
import { RegenerateOnSave } from './regenerateOnSave';
import { SpecDiagnostics } from './specDiagnostics';

export class OpenRpcClients implements vscode.Disposable {
  private readonly diagnostics: SpecDiagnostics;
  private readonly regeneration: RegenerateOnSave;

  constructor(private readonly log: Log) {
    this.diagnostics = new SpecDiagnostics(log);
    this.regeneration = new RegenerateOnSave(log);
  }

  /** Generate Python Client… (`arg`: the Explorer's file, if invoked there). */
  generate(arg?: unknown): Promise<string[]> {
    return generatePythonClient(this.log, this.diagnostics, arg);
  }

  dispose(): void {
    this.regeneration.dispose();
    this.diagnostics.dispose();
  }
}
