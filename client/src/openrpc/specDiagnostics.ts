// Problems of OpenRPC documents as diagnostics ('hero-flows-openrpc'): a JSON or YAML document whose
// text is OpenRPC (isSpecText) is validated when opened, saved, and a moment after each edit; each
// problem sits on the value its pointer names, in the file the pointer is in (a relative `$ref`'s
// problem goes on that file). Only in a trusted workspace — nothing is parsed before trust — and a
// document's diagnostics go when its last tab is closed, it is deleted, or it is no longer OpenRPC.

import * as vscode from 'vscode';
import { isAbsolute } from 'node:path';
import type { SpecProblem } from '../../../openrpc/src/index';
import type { Log } from '../log';
import { errorMessage } from '../log';
import { locateProblems } from './problemRanges';
import { DIAGNOSTIC_COLLECTION, DIAGNOSTIC_SOURCE, isSpecText, specFormat, VALIDATE_DEBOUNCE_MS } from './specFiles';
import { readTextBounded, validateSpec } from './validateSpec';

/** A local JSON/YAML document whose text is an OpenRPC document. */
export function isOpenRpcDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && specFormat(document.uri.fsPath) !== undefined && isSpecText(document.getText());
}

/** The workspace folder a document's relative `$ref`s stay in (its own folder outside any). */
export function rootOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
}

export function openText(path: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
}

export class SpecDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION);
  /** Per spec document: the diagnostics it put on each file (itself, files it refers to). */
  private readonly bySpec = new Map<string, Map<string, vscode.Diagnostic[]>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.checkLater(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri.fsPath)),
      // A document outlives its last tab for a while (onDidCloseTextDocument comes when VS Code
      // disposes it): its diagnostics go with its last tab, and come back with a new one.
      vscode.window.tabGroups.onDidChangeTabs((e) => this.tabsChanged(e)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.clear(uri.fsPath))),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.checkOpen()),
    );
    // Not on activation's path: the first validation compiles the meta-schema.
    const initial = setTimeout(() => this.checkOpen(), 0);
    this.subscriptions.push({ dispose: () => clearTimeout(initial) });
  }

  /** Validates every open OpenRPC document (at start, and when trust is granted). */
  checkOpen(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  /** Validates `document` now if it is an OpenRPC document of a trusted workspace; clears it if it stopped being one. */
  check(document: vscode.TextDocument): void {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file' || specFormat(document.uri.fsPath) === undefined) return;
    const path = document.uri.fsPath;
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    if (!isSpecText(document.getText())) {
      this.clear(path);
      return;
    }
    try {
      const result = validateSpec(path, rootOf(document.uri), openText);
      this.show(path, result.ok ? [] : result.problems);
    } catch (error) {
      // The generator reports problems, it should never throw; if it does, say so once, on the document.
      this.log.error(`validating ${path} failed`, error);
      this.show(path, [{ file: path, pointer: '', message: `Hero Flows could not validate this document: ${errorMessage(error)}` }]);
    }
  }

  private tabsChanged(event: vscode.TabChangeEvent): void {
    const shown = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs).flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : [])));
    for (const tab of event.closed) {
      if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'file' && !shown.has(tab.input.uri.toString())) this.clear(tab.input.uri.fsPath);
    }
    for (const tab of event.opened) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const uri = tab.input.uri.toString();
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (document && !this.bySpec.has(document.uri.fsPath)) this.check(document);
    }
  }

  private checkLater(document: vscode.TextDocument): void {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file' || specFormat(document.uri.fsPath) === undefined) return;
    const path = document.uri.fsPath;
    clearTimeout(this.timers.get(path));
    this.timers.set(path, setTimeout(() => this.check(document), VALIDATE_DEBOUNCE_MS));
  }

  /** Shows `problems` as the diagnostics of the spec at `specPath` (replacing what it showed before). */
  show(specPath: string, problems: readonly SpecProblem[]): void {
    // A problem names an absolute file (the contract); anything else is shown on the document itself.
    const placed = problems.map((p) => (isAbsolute(p.file) ? p : { ...p, file: specPath }));
    const located = locateProblems(placed, (file) => openText(file) ?? readTextBounded(file));
    const mine = new Map<string, vscode.Diagnostic[]>();
    for (const [file, list] of located) {
      mine.set(
        file,
        list.map((p) => {
          const diagnostic = new vscode.Diagnostic(new vscode.Range(p.start.line, p.start.character, p.end.line, p.end.character), p.message, vscode.DiagnosticSeverity.Error);
          diagnostic.source = DIAGNOSTIC_SOURCE;
          if (p.pointer) diagnostic.code = p.pointer;
          return diagnostic;
        }),
      );
    }
    const before = this.bySpec.get(specPath);
    this.bySpec.set(specPath, mine);
    this.refresh(new Set([...(before?.keys() ?? []), ...mine.keys()]));
  }

  /** Removes what the spec at `specPath` showed. */
  clear(specPath: string): void {
    clearTimeout(this.timers.get(specPath));
    this.timers.delete(specPath);
    const before = this.bySpec.get(specPath);
    if (!before) return;
    this.bySpec.delete(specPath);
    this.refresh(new Set(before.keys()));
  }

  /** The number of problems shown for a spec (for the command's message). */
  problemCount(specPath: string): number {
    return [...(this.bySpec.get(specPath)?.values() ?? [])].reduce((n, list) => n + list.length, 0);
  }

  /** A file's diagnostics are the union of what every spec put on it. */
  private refresh(files: Set<string>): void {
    for (const file of files) {
      const all = [...this.bySpec.values()].flatMap((mine) => mine.get(file) ?? []);
      this.collection.set(vscode.Uri.file(file), all.length > 0 ? all : undefined);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
