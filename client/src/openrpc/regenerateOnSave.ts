// Every generated module follows its document: when an OpenRPC document (or an `rpc.discover`
// answer saved whole) is saved in a trusted workspace, the modules whose header names it as their
// source (searched as `**/*_client.py`, bounded, their first bytes cached by mtime) are generated
// again, once per folder, and written where the bytes differ. A document with problems regenerates nothing (its diagnostics, SpecDiagnostics', say why).
// What was regenerated goes to the Hero Flows log.

import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateClient } from '../../../openrpc/src/index';
import type { Log } from '../log';
import { errorMessage } from '../log';
import { HeaderCache, modulesGeneratedFrom } from './generatedSources';
import { byFolder, planRegeneration } from './regeneratePlan';
import { rootOf } from './specDiagnostics';
import { GENERATED_MODULE_EXCLUDE, GENERATED_MODULE_GLOB, MAX_MODULES_SCANNED, maySourceModules, specFormat } from './specFiles';
import { writeAtomically } from './writeModules';

export class RegenerateOnSave implements vscode.Disposable {
  private readonly heads = new HeaderCache();
  private readonly subscription: vscode.Disposable;
  /** One regeneration at a time; a save during one is handled after it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: Log) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((document) => {
      if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file' || !specFormat(document.uri.fsPath) || !maySourceModules(document.getText())) return;
      this.queue = this.queue.then(() => this.regenerate(document.uri.fsPath)).catch((error: unknown) => this.log.error(`regenerating the clients of ${document.uri.fsPath} failed`, error));
    });
  }

  /** The generated modules of the workspace whose header names `specPath` as source. */
  async modulesOf(specPath: string): Promise<string[]> {
    const found = await vscode.workspace.findFiles(GENERATED_MODULE_GLOB, GENERATED_MODULE_EXCLUDE, MAX_MODULES_SCANNED);
    const candidates = found.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
    return modulesGeneratedFrom(specPath, this.heads.heads(candidates));
  }

  /** Regenerates the modules of `specPath`; returns the paths written. */
  async regenerate(specPath: string): Promise<string[]> {
    const modules = await this.modulesOf(specPath);
    if (modules.length === 0) return [];
    const root = rootOf(vscode.Uri.file(specPath));
    const written: string[] = [];
    for (const [folder, paths] of byFolder(modules)) {
      const result = generateClient({ specPath, outDir: folder, root });
      if (!result.ok) {
        // The save's diagnostics are SpecDiagnostics' (it validates every saved OpenRPC document);
        // publishing them here too could bring back those of a document closed meanwhile.
        this.log.warn(`${vscode.workspace.asRelativePath(specPath)} has ${result.problems.length} problem(s): ${paths.length} generated module(s) left as they were`);
        return written;
      }
      const plan = planRegeneration(
        paths.map((path) => ({ path, current: readOrUndefined(path) })),
        result.modules,
      );
      for (const note of plan.notes) this.log.info(`regenerate: ${note}`);
      for (const write of plan.writes) {
        try {
          writeAtomically(write.path, write.text);
          written.push(write.path);
        } catch (error) {
          this.log.error(`could not write ${write.path}`, error);
          void vscode.window.showErrorMessage(`Hero Flows: could not regenerate ${vscode.workspace.asRelativePath(write.path)}: ${errorMessage(error)}`);
        }
      }
      const unchanged = plan.unchanged.length > 0 ? ` (${plan.unchanged.length} unchanged)` : '';
      if (plan.writes.length > 0 || plan.unchanged.length > 0) {
        this.log.info(`regenerated ${plan.writes.map((w) => relative(folder, w.path)).join(', ') || 'nothing'} in ${vscode.workspace.asRelativePath(folder)} from ${vscode.workspace.asRelativePath(specPath)}${unchanged}`);
      }
    }
    return written;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
