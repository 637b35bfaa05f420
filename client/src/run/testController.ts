// Room client/src/run/: running a flow from the editor — the test tree, the input form, the interpreter, the play into a test run.

// The "Hero Flows" TestController: one item per file holding one item per flow (testItems.ts),
// kept current from the FlowIndex, so every `@flow` gets the gutter ▶; run profiles "Run flow"
// (default) and "Run flow with last inputs" hand their items to the FlowRunner.

import * as vscode from 'vscode';
import type { DocumentFlow, LspRange } from '../../../common/src/lspMessages';
import type { JsonObject } from '../../../common/src/play';
import type { FlowIndex } from '../server/flowIndex';
import type { FlowRunner, RunTarget } from './flowRunner';
import type { InputMode } from './inputForm';
import type { FlowOfItem } from './testItemPlays';
import { CONTROLLER_ID, fileItemId, fileItemSpec, flowSelector, type FlowItemSpec } from './testItems';

function toRange(range: LspRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export class FlowTestController implements vscode.Disposable {
  readonly controller: vscode.TestController;
  /** Flow item id → the flow it stands for. */
  private readonly flows = new Map<string, { fileId: string; uri: vscode.Uri; spec: FlowItemSpec }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly index: FlowIndex,
    private readonly runner: FlowRunner,
  ) {
    this.controller = vscode.tests.createTestController(CONTROLLER_ID, 'Hero Flows');
    this.controller.createRunProfile('Run flow', vscode.TestRunProfileKind.Run, (request, token) => this.runRequest(request, token, 'form'), true);
    this.controller.createRunProfile('Run flow with last inputs', vscode.TestRunProfileKind.Run, (request, token) => this.runRequest(request, token, 'last'), false);
    this.subscriptions.push(this.controller, index.onDidChange((uris) => this.sync(uris)));
    this.sync(index.uris());
  }

  /** The item of a flow by its file and the name the runtime selects it by. */
  itemBySelector(file: vscode.Uri, selector: string): { item: vscode.TestItem; flow: DocumentFlow } | undefined {
    for (const [id, entry] of this.flows) {
      if (entry.uri.fsPath !== file.fsPath || flowSelector(entry.spec.flow) !== selector) continue;
      const item = this.findItem(id);
      if (item) return { item, flow: entry.spec.flow };
    }
    return undefined;
  }

  /** The flow of a flow item, as its plays name it (for Open Trace on the item). */
  flowOfItem(itemId: string): { label: string; flow: FlowOfItem } | undefined {
    const entry = this.flows.get(itemId);
    if (!entry) return undefined;
    const { name, functionName } = entry.spec.flow;
    return { label: entry.spec.label, flow: { file: entry.uri.fsPath, names: name !== null ? [name, functionName] : [functionName] } };
  }

  /** A run started by a command (Run Flow…, Re-run): shown in the Test Results like any other. */
  async runTargets(targets: RunTarget[], mode: InputMode): Promise<void> {
    const items = targets.flatMap((t) => (t.item ? [t.item] : []));
    const request = new vscode.TestRunRequest(items);
    const run = this.controller.createTestRun(request, targets.map((t) => t.label).join(', '), true);
    const cancellation = new vscode.CancellationTokenSource();
    try {
      await this.runner.runAll(targets, run, cancellation.token, mode);
    } finally {
      run.end();
      cancellation.dispose();
    }
  }

  target(item: vscode.TestItem, inputs?: JsonObject): RunTarget | undefined {
    const entry = this.flows.get(item.id);
    if (!entry) return undefined;
    const target: RunTarget = { item, file: entry.uri, selector: flowSelector(entry.spec.flow), label: entry.spec.label, flow: entry.spec.flow };
    if (inputs) target.inputs = inputs;
    return target;
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken, mode: InputMode): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const targets = this.requested(request).flatMap((item) => this.target(item) ?? []);
      await this.runner.runAll(targets, run, token, mode);
    } finally {
      run.end();
    }
  }

  /** The flow items a request means: files expand to their flows; excluded items are left out. */
  private requested(request: vscode.TestRunRequest): vscode.TestItem[] {
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((item) => roots.push(item));
    const out: vscode.TestItem[] = [];
    for (const root of roots) {
      if (excluded.has(root.id)) continue;
      if (this.flows.has(root.id)) out.push(root);
      else root.children.forEach((child) => !excluded.has(child.id) && this.flows.has(child.id) && out.push(child));
    }
    return out;
  }

  private findItem(id: string): vscode.TestItem | undefined {
    const entry = this.flows.get(id);
    if (!entry) return undefined;
    return this.controller.items.get(entry.fileId)?.children.get(id);
  }

  private sync(uris: string[]): void {
    for (const uri of uris) {
      const flows = this.index.flowsOf(uri);
      for (const [id, entry] of this.flows) if (entry.fileId === uri) this.flows.delete(id);
      if (flows.length === 0) {
        this.controller.items.delete(fileItemId(uri));
        continue;
      }
      const fileUri = vscode.Uri.parse(uri);
      const spec = fileItemSpec(uri, flows, () => vscode.workspace.asRelativePath(fileUri));
      let file = this.controller.items.get(spec.id);
      if (!file) {
        file = this.controller.createTestItem(spec.id, spec.label, fileUri);
        this.controller.items.add(file);
      }
      file.label = spec.label;
      const children = spec.children.map((child) => {
        const item = file!.children.get(child.id) ?? this.controller.createTestItem(child.id, child.label, fileUri);
        item.label = child.label;
        item.description = child.description;
        item.range = toRange(child.range);
        item.sortText = child.sortText;
        this.flows.set(child.id, { fileId: spec.id, uri: fileUri, spec: child });
        return item;
      });
      file.children.replace(children);
    }
  }
}
