// The real-editor scenarios through VS Code's own API (no DOM here, unlike test/vscode/):
// activation, diagnostics on a broken flow, and a flow run from the Testing API (`testing.runAtCursor`
// on its @flow line, every input kept at its default), observed in the workspace's play store.

import * as vscode from 'vscode';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Scenario {
  name: string;
  timeoutMs?: number;
  run(): Promise<void>;
}

const EXTENSION_ID = 'hero.hero-flows';

function workspaceDir(): string {
  const folder = process.env.HERO_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('no workspace folder is open');
  return folder;
}

/** Polls `check` until truthy (conditions, never fixed sleeps). */
async function waitUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

async function openAt(file: string, pattern: RegExp): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(document);
  const line = document.getText().split('\n').findIndex((text) => pattern.test(text));
  if (line < 0) throw new Error(`${file} has no line matching ${pattern}`);
  editor.selection = new vscode.Selection(line, 0, line, 0);
  return editor;
}

interface PlaySummaryLine {
  id: string;
  flow_name: string | null;
  status: string;
}

function plays(storeDir: string): PlaySummaryLine[] {
  const index = join(storeDir, 'index.jsonl');
  if (!existsSync(index)) return [];
  return readFileSync(index, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as PlaySummaryLine);
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'the extension activates on a Python file',
    async run() {
      await openAt(join(workspaceDir(), 'create_workspace.py'), /^@flow/);
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
      await extension.activate();
      await waitUntil('activation', () => extension.isActive);
    },
  },
  {
    name: 'a broken flow gets hero-flows diagnostics, and fixing it clears them',
    async run() {
      const file = join(workspaceDir(), 'broken_flow.py');
      const text = [
        'from hero_tracing import flow',
        '',
        '@flow("Broken", inputs={"seats": {"type": "integer"}})',
        'def broken(inputs):',
        '    flow.invoke("No such flow")',
        '',
      ].join('\n');
      writeFileSync(file, text);
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'hero-flows');
      await waitUntil('flow-fields-invalid and invoke-unknown-flow on broken_flow.py', () => {
        const codes = ours().map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
        return codes.includes('flow-fields-invalid') && codes.includes('invoke-unknown-flow');
      });
      const edit = new vscode.WorkspaceEdit();
      const document = await vscode.workspace.openTextDocument(uri);
      edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), 'from hero_tracing import flow\n\n@flow("Fixed")\ndef fixed(inputs):\n    return {}\n');
      await vscode.workspace.applyEdit(edit);
      await waitUntil('the diagnostics to clear', () => ours().length === 0);
    },
  },
  {
    name: 'a flow runs from the Testing API (▶ at its @flow line) and its play is stored as ok',
    timeoutMs: 120_000,
    async run() {
      const store = join(workspaceDir(), '.hero');
      const before = new Set(plays(store).map((play) => play.id));
      await openAt(join(workspaceDir(), 'async_fanout.py'), /^@flow/);
      // Until the controller lists this file's flows, running at the cursor finds nothing: retry.
      const started = () => plays(store).some((play) => !before.has(play.id));
      for (let attempt = 0; attempt < 6 && !started(); attempt++) {
        // Not awaited: the command settles only when the run ends, after the input form below.
        void vscode.commands.executeCommand('testing.runAtCursor');
        // The input form: every field of this flow has a default, so accepting each step runs it.
        await waitUntil('a play to start', async () => {
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          return started();
        }, 10_000).catch(() => undefined);
      }
      const play = await waitUntil('the play to finish', () => {
        const latest = new Map(plays(store).map((p) => [p.id, p] as const));
        return [...latest.values()].find((p) => !before.has(p.id) && p.status !== 'running');
      }, 60_000);
      if (play.flow_name !== 'Fan out invites' || play.status !== 'ok') throw new Error(`unexpected play ${JSON.stringify(play)}`);
    },
  },
];
