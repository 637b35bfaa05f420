// What each command of commands.ts does. The record is typed by the table's ids, so a command
// without a handler (or a handler without a command) does not compile.

import * as vscode from 'vscode';
import type { PlaysService, PlaySummary } from '../plays/playsService';
import type { CommandId } from './commands';
import { currentSettings } from '../config';
import type { FlowIndex } from '../server/flowIndex';
import type { FlowServer } from '../server/flowServer';
import type { InputMode } from '../run/inputForm';
import { errorMessage, type Log } from '../log';
import { newFlow } from './newFlow';
import { pickFlow, pickPlay } from './pickers';
import { playsToClear, type PlayNode } from '../plays/playsTree';
import type { PlaysView } from '../plays/playsView';
import type { FlowTestController } from '../run/testController';
import { flowSelector } from '../run/testItems';
import { latestPlayOf, testMenuArgument } from '../run/testItemPlays';
import type { TracePanels } from '../trace/tracePanel';
import type { SdkSupport } from '../sdk/sdkSupport';
import type { Play } from '../../../common/src/play';
import type { Continuation, RunTarget } from '../run/flowRunner';
import { fillInputForm } from '../run/inputForm';
import { quickInputForm } from '../run/inputFormUi';
import { pauseFields } from '../run/pauseFields';
import { runGate } from '../trust';
import type { OpenRpcClients } from '../openrpc/openRpcClients';

const RESUME = 'Resume';

/** A pause's prompt in a form's title: one line, cut. */
function promptForTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

export interface CommandDeps {
  log: Log;
  index: FlowIndex;
  tests: FlowTestController;
  /** The one door to the store and to the plays this window runs. */
  plays: PlaysService;
  /** The Plays view: the list it shows (stored and live) and its refresh. */
  view: PlaysView;
  traces: TracePanels;
  server: FlowServer;
  /** The SDK in the user's interpreter and in the editor's analysis. */
  sdk: SdkSupport;
  /** OpenRPC documents: Generate Python Client…, their diagnostics, regeneration on save. */
  openrpc: OpenRpcClients;
}

export type CommandHandlers = Record<CommandId, (...args: any[]) => unknown>;

/** A play from a tree node, or asked for. */
function summaryOf(node: PlayNode | undefined): PlaySummary | undefined {
  return node?.summary;
}

export function commandHandlers(deps: CommandDeps): CommandHandlers {
  const { log, index, tests, plays, view, traces, server, sdk, openrpc } = deps;

  async function runPicked(mode: InputMode): Promise<void> {
    const picked = await pickFlow(index, mode === 'last' ? 'Run Flow with Last Inputs' : 'Run Flow');
    if (!picked) return;
    const found = tests.itemBySelector(vscode.Uri.parse(picked.uri), flowSelector(picked.flow));
    const target = found && tests.target(found.item);
    if (!target) throw new Error(`the flow ${flowSelector(picked.flow)} is no longer in the library`);
    await tests.runTargets([target], mode);
  }

  async function openTrace(summary: PlaySummary): Promise<void> {
    await traces.openPlay(plays.storeDir, summary.id);
  }

  /** Open Trace on a flow's test item (the ▶'s menu, the Testing view) or on a failure message: the message's own play, else the flow's latest. */
  async function openItemTrace(arg: unknown): Promise<void> {
    const { itemId, playId } = testMenuArgument(arg);
    const found = itemId !== undefined ? tests.flowOfItem(itemId) : undefined;
    if (playId) return traces.openPlay(plays.storeDir, playId, found?.flow.file);
    if (!found) return;
    const latest = latestPlayOf(await view.list(), found.flow);
    if (latest) return traces.openPlay(plays.storeDir, latest.id, found.flow.file);
    void vscode.window.showInformationMessage(`${found.label} has no play yet: run it with its ▶ first.`);
  }

  /** A stored play's flow as a run target with the play's inputs (its test item's, when the flow still has one). */
  function targetOf(play: Play, continuation?: Continuation): RunTarget {
    if (!play.source_file) throw new Error(`play ${play.id} does not say which file it ran`);
    const file = vscode.Uri.file(play.source_file);
    const selector = play.flow_name ?? '';
    const found = tests.itemBySelector(file, selector);
    const target = (found ? tests.target(found.item, play.inputs) : undefined) ?? { file, selector, label: selector || file.fsPath, inputs: play.inputs };
    return continuation ? { ...target, continuation } : target;
  }

  async function rerun(summary: PlaySummary): Promise<void> {
    const play = await plays.store().load(summary.id);
    await tests.runTargets([targetOf(play)], 'form');
  }

  /** Resume and retry run the workspace's code, so they are gated like a run, before any form. */
  function trusted(): boolean {
    const gate = runGate(vscode.workspace.isTrusted);
    if (gate.allowed) return true;
    log.warn(gate.message);
    void vscode.window.showWarningMessage(gate.message, 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
    return false;
  }

  /** Resume… (a paused play in the Plays view, or a play id from the pause's notification): the answer's form, then the next attempt. */
  async function resume(arg: PlayNode | string | undefined): Promise<void> {
    const playId = typeof arg === 'string' ? arg : summaryOf(arg)?.id;
    if (!playId || !trusted()) return;
    const play = await plays.store().load(playId);
    const pending = play.pending_pause;
    if (play.status !== 'paused' || !pending) {
      void vscode.window.showInformationMessage(`The play ${play.id} is ${play.status}: only a paused play can be resumed.`);
      view.refresh();
      return;
    }
    const label = play.flow_name ?? play.id;
    const fields = pauseFields(pending.fields);
    const answer =
      fields.length > 0
        ? await fillInputForm(`${label} (${promptForTitle(pending.prompt)})`, fields, undefined, quickInputForm, 'Resume')
        : (await vscode.window.showInformationMessage(pending.prompt, { modal: true, detail: `${label} is waiting. Resume it?` }, RESUME)) === RESUME
          ? {}
          : undefined;
    if (answer === undefined) return;
    await tests.runTargets([targetOf(play, { playId: play.id, kind: 'resume', answer })], 'form');
    view.refresh();
  }

  async function retry(node: PlayNode | undefined, reuseResults: boolean): Promise<void> {
    const summary = summaryOf(node);
    if (!summary || !trusted()) return;
    const play = await plays.store().load(summary.id);
    await tests.runTargets([targetOf(play, { playId: play.id, kind: 'retry', reuseResults })], 'form');
    view.refresh();
  }

  function cancel(summary: PlaySummary): void {
    if (summary.status === 'paused') {
      try {
        plays.cancelPaused(summary.id);
        log.info(`cancelled the paused play ${summary.id}`);
      } catch (error) {
        void vscode.window.showInformationMessage(`Hero Flows: ${errorMessage(error)}`);
      }
      view.refresh();
      return;
    }
    if (plays.cancel(summary.id)) return;
    void vscode.window.showInformationMessage(`The play ${summary.id} is not run by this window (process ${summary.pid}); cancel it where it runs.`);
  }

  return {
    'heroFlows.newFlow': (target?: unknown) => newFlow(index, target),
    'heroFlows.runFlow': () => runPicked('form'),
    'heroFlows.runFlowWithLastInputs': () => runPicked('last'),
    'heroFlows.openTrace': async () => {
      const summary = await pickPlay(await view.list(), 'Open Trace', 'Pick a play');
      if (summary) await openTrace(summary);
    },
    'heroFlows.openTraceFile': async () => {
      const picked = await vscode.window.showOpenDialog({ title: 'Open Trace File', canSelectMany: false, filters: { 'Hero Flows traces': ['jsonl'], 'All files': ['*'] } });
      const uri = picked?.[0];
      if (uri) await traces.openFile(uri.fsPath);
    },
    'heroFlows.cancelPlay': async () => {
      const running = plays.runningSummaries();
      if (running.length === 0) {
        void vscode.window.showInformationMessage('No play is running in this window.');
        return;
      }
      const summary = running.length === 1 ? running[0] : await pickPlay(running, 'Cancel Play', 'Pick the play to cancel');
      if (summary) cancel(summary);
    },
    'heroFlows.showLogs': () => log.show(),
    'heroFlows.clearOldPlays': async () => {
      const keep = currentSettings().playsKeep;
      const old = playsToClear(await view.list(), keep);
      if (old.length === 0) {
        void vscode.window.showInformationMessage(`Nothing to clear: there are ${keep} plays or fewer (heroFlows.plays.keep).`);
        return;
      }
      const answer = await vscode.window.showWarningMessage(`Delete ${old.length} play${old.length === 1 ? '' : 's'} older than the ${keep} newest?`, { modal: true, detail: plays.storeDir }, 'Delete');
      if (answer !== 'Delete') return;
      const store = plays.store();
      const refused: string[] = [];
      for (const summary of old) {
        try {
          store.delete(summary.id);
        } catch (error) {
          refused.push(errorMessage(error)); // one refused play (e.g. a link out of the store) stops no other
        }
      }
      log.info(`deleted ${old.length - refused.length} old plays from ${plays.storeDir}`);
      view.refresh();
      if (refused.length > 0) {
        for (const reason of refused) log.warn(reason);
        void vscode.window.showWarningMessage(`Hero Flows: ${refused.length} play${refused.length === 1 ? ' was' : 's were'} not deleted: ${refused[0]}`);
      }
    },
    'heroFlows.refreshPlays': () => view.refresh(),
    'heroFlows.restartServer': () => server.restart(),
    'heroFlows.installSdk': () => sdk.install(),
    'heroFlows.useBundledSdkForAnalysis': () => sdk.useBundledForAnalysis(),
    'heroFlows.generatePythonClient': (target?: unknown) => openrpc.generate(target),
    'heroFlows.play.openTrace': async (node?: PlayNode) => {
      const summary = summaryOf(node) ?? (await pickPlay(await view.list(), 'Open Trace', 'Pick a play'));
      if (summary) await openTrace(summary);
    },
    'heroFlows.play.rerun': async (node?: PlayNode) => {
      const summary = summaryOf(node);
      if (summary) await rerun(summary);
    },
    'heroFlows.play.cancel': (node?: PlayNode) => {
      const summary = summaryOf(node);
      if (summary) cancel(summary);
    },
    'heroFlows.play.resume': (arg?: PlayNode | string) => resume(arg),
    'heroFlows.play.retry': (node?: PlayNode) => retry(node, false),
    'heroFlows.play.retryReusingResults': (node?: PlayNode) => retry(node, true),
    'heroFlows.test.openTrace': (arg?: unknown) => openItemTrace(arg),
    'heroFlows.play.delete': (node?: PlayNode) => {
      const summary = summaryOf(node);
      if (!summary || summary.status === 'running') return;
      plays.store().delete(summary.id);
      log.info(`deleted play ${summary.id}`);
      view.refresh();
    },
  };
}
