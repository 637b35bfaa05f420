// Running flows into a TestRun: the trust gate, the inputs (form, last values, or given), the
// interpreter, the play through the bundled runtime (the plays service), its output streamed into the run,
// and its verdict on the test item. The Testing API's run profiles and the commands both come here.

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { DocumentFlow } from '../../../common/src/lspMessages';
import type { JsonObject, Play } from '../../../common/src/play';
import { MAX_WORKSPACE_FILES_ENV } from '../../../common/src/workspaceLimits';
import { formatDuration, statusIcon, statusWord } from '../../../common/src/playFormat';
import { AttemptError } from '../../../runtime/src/attempts';
import type { PlayRun } from '../plays/activePlays';
import type { AttemptStart, PlaysService } from '../plays/playsService';
import { currentSettings } from '../config';
import { fillInputForm, planInputs, type InputMode } from './inputForm';
import { quickInputForm } from './inputFormUi';
import { interpreterProblemMessage, isInterpreterFailure, type InterpreterChoice } from './interpreter';
import type { LastInputs } from './lastInputs';
import { errorMessage, type Log } from '../log';
import { pauseNotice, playVerdict, toTerminalText, traceOpensOnRun, type Verdict } from './playResult';
import { playMessageContext } from './testItemPlays';
import { interpreterFor } from './pythonExtension';
import type { SdkSupport } from '../sdk/sdkSupport';
import { settingId } from '../settings';
import type { TracePanels } from '../trace/tracePanel';
import { runGate } from '../trust';

/** One flow to run. */
export interface RunTarget {
  /** Its test item, when it has one (results go there). */
  item?: vscode.TestItem;
  file: vscode.Uri;
  /** What the runtime selects the flow by: its name, or its function's. */
  selector: string;
  label: string;
  /** The declared flow (its input fields), when the flow library knows it. */
  flow?: DocumentFlow;
  /** Inputs decided already (a re-run of a play): no form. */
  inputs?: JsonObject;
  /** A stored play's next attempt instead of a new play (docs/durable.md): the play's inputs stay its own. */
  continuation?: Continuation;
}

/** How a stored play continues: a paused one answered, or a failed one retried (reusing results across a code change). */
export type Continuation = { playId: string; kind: 'resume'; answer: JsonObject } | { playId: string; kind: 'retry'; reuseResults: boolean };

/** What a paused play's notification offers (the command that takes it is heroFlows.play.resume). */
export const RESUME_ACTION = 'Resume…';

export class FlowRunner {
  constructor(
    private readonly log: Log,
    private readonly plays: PlaysService,
    private readonly lastInputs: LastInputs,
    private readonly traces: TracePanels,
    private readonly sdk: SdkSupport,
  ) {}

  /** Runs the targets one after another into `run` (which the caller ends). */
  async runAll(targets: RunTarget[], run: vscode.TestRun, token: vscode.CancellationToken, mode: InputMode): Promise<void> {
    const gate = runGate(vscode.workspace.isTrusted);
    if (!gate.allowed) {
      for (const target of targets) if (target.item) run.errored(target.item, new vscode.TestMessage(gate.message));
      this.log.warn(gate.message);
      void vscode.window.showWarningMessage(gate.message, 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return;
    }
    for (const target of targets) if (target.item) run.enqueued(target.item);
    for (const target of targets) {
      if (token.isCancellationRequested) {
        if (target.item) run.skipped(target.item);
        continue;
      }
      try {
        await this.runOne(target, run, token, mode, targets.length > 1);
      } catch (error) {
        if (error instanceof AttemptError) {
          // Refused before anything started (not paused, a bad answer, another attempt running): the play is as it was.
          this.log.warn(`${target.label}: ${error.message}`);
          if (target.item) run.skipped(target.item);
          run.appendOutput(toTerminalText(`${target.label}: ${error.message}\n`), undefined, target.item);
          void vscode.window.showErrorMessage(`Hero Flows: ${error.message}`);
          continue;
        }
        this.log.error(`running ${target.label} failed`, error);
        if (target.item) run.errored(target.item, new vscode.TestMessage(`Hero Flows could not run this flow: ${errorMessage(error)}`));
      }
    }
  }

  private async inputsFor(target: RunTarget, mode: InputMode, unattended: boolean): Promise<JsonObject | undefined> {
    if (target.inputs) return target.inputs;
    const fields = target.flow?.inputs ?? null;
    const last = this.lastInputs.get(target.file.fsPath, target.selector);
    const plan = planInputs(fields, last, mode, unattended);
    if (plan.kind === 'ready') return plan.inputs;
    return fillInputForm(target.label, fields ?? [], last, quickInputForm);
  }

  private async runOne(target: RunTarget, run: vscode.TestRun, token: vscode.CancellationToken, mode: InputMode, unattended: boolean): Promise<void> {
    const { item, continuation } = target;
    const inputs = continuation ? (target.inputs ?? {}) : await this.inputsFor(target, mode, unattended);
    if (inputs === undefined) {
      if (item) run.skipped(item);
      run.appendOutput(toTerminalText(`${target.label}: not run (the input form was closed)\n`), undefined, item);
      return;
    }
    if (token.isCancellationRequested) {
      if (item) run.skipped(item);
      return;
    }
    if (!continuation) await this.lastInputs.set(target.file.fsPath, target.selector, inputs);

    const settings = currentSettings();
    const interpreter = await interpreterFor(target.file, this.log);
    const sdk = await this.sdk.choiceForRun(interpreter.path);
    const folder = vscode.workspace.getWorkspaceFolder(target.file)?.uri.fsPath;
    const start = {
      python: interpreter.path,
      timeoutMs: settings.playTimeoutSeconds > 0 ? settings.playTimeoutSeconds * 1000 : null,
      cwd: folder ?? dirname(target.file.fsPath),
      workspace: folder ?? null,
      // flow.invoke's search walks as far as the language server's scan did (one cap: heroFlows.maxWorkspaceFiles).
      env: { ...process.env, [MAX_WORKSPACE_FILES_ENV]: String(settings.maxWorkspaceFiles) },
      sdk: sdk.use,
    } satisfies AttemptStart;
    // A resume or retry is refused (AttemptError) before anything starts: the item is marked started only after.
    const playRun = continuation ? this.continueAttempt(continuation, start) : this.plays.run({ file: target.file.fsPath, flow: target.selector, inputs, ...start });
    if (item) run.started(item);
    const how = continuation ? ` attempt ${playRun.play.attempt ?? '?'} (${continuation.kind === 'resume' ? 'resume' : continuation.reuseResults ? 'retry reusing results' : 'retry'})` : '';
    this.log.info(`play ${playRun.id}${how}: ${target.label} (${target.file.fsPath}) with ${interpreter.path} [${interpreter.source}] and ${sdk.reason}, inputs ${JSON.stringify(inputs)}`);
    run.appendOutput(toTerminalText(`${continuation ? '↻' : '▶'} ${target.label} · play ${playRun.id}${how}\n`), undefined, item);
    const policy = settings.tracePanelOpenOnRun;
    if (traceOpensOnRun(policy, { started: true })) this.showTrace(playRun.id, target);
    const outcome = await this.follow(playRun, run, token, item);
    const verdict = playVerdict(outcome.play, outcome.rejected);
    this.report(verdict, target, run, outcome.play.id);
    if (outcome.play.status === 'paused') this.announcePause(outcome.play, target.label);
    // The trace's path (the terminal makes it a link) and where Open Trace is: every run one click from its trace.
    run.appendOutput(toTerminalText(`${summaryLine(outcome.play)}\n  trace ${this.plays.tracePath(outcome.play.id)}${item ? '  (Open Trace: right-click the ▶ or the test)' : ''}\n\n`), undefined, item);
    if (this.afterPlay(outcome.play, interpreter) && traceOpensOnRun(policy, { ended: outcome.play })) this.showTrace(outcome.play.id, target);
  }

  private continueAttempt(continuation: Continuation, start: AttemptStart): PlayRun {
    if (continuation.kind === 'resume') return this.plays.resume(continuation.playId, { values: continuation.answer }, start);
    return this.plays.retry(continuation.playId, continuation.reuseResults, start);
  }

  /** "<flow> is waiting: <prompt>" with Resume…, which answers it (heroFlows.play.resume). */
  private announcePause(play: Play, label: string): void {
    const prompt = play.pending_pause?.prompt ?? 'an answer';
    this.log.info(`play ${play.id} is paused, waiting: ${prompt}`);
    void vscode.window.showInformationMessage(pauseNotice(play.flow_name ?? label, prompt), RESUME_ACTION).then((choice) => {
      if (choice === RESUME_ACTION) void vscode.commands.executeCommand('heroFlows.play.resume', play.id);
    });
  }

  /** The play's trace in the run panel beside the flow's code, the focus left in the editor. */
  private showTrace(playId: string, target: RunTarget): void {
    this.traces.showRun(this.plays.storeDir, playId, target.file.fsPath).catch((error: unknown) => this.log.error('could not open the trace', error));
  }

  /** Streams the play's output into the run; the run's cancellation cancels the play. */
  private async follow(playRun: PlayRun, run: vscode.TestRun, token: vscode.CancellationToken, item: vscode.TestItem | undefined) {
    const stopOutput = playRun.onEvent((event) => {
      if (event.type === 'process_output') run.appendOutput(toTerminalText(event.text), undefined, item);
    });
    const cancel = token.onCancellationRequested(() => playRun.cancel());
    try {
      return await playRun.done;
    } finally {
      stopOutput();
      cancel.dispose();
    }
  }

  private report(verdict: Verdict, target: RunTarget, run: vscode.TestRun, playId: string): void {
    const { item } = target;
    if (!item) return;
    switch (verdict.kind) {
      case 'passed':
        run.passed(item, verdict.durationMs);
        return;
      case 'skipped':
        // The Testing API's skipped takes no message: the run's output says why (a pause's prompt).
        run.appendOutput(toTerminalText(`${verdict.message}\n`), undefined, item);
        run.skipped(item);
        return;
      case 'failed':
      case 'errored': {
        const message = new vscode.TestMessage(verdict.message);
        // Names its play: the message's Open Trace (testing/message/* menus) opens exactly this one.
        // (TestMessage.contextValue: VS Code 1.93+, not in the 1.90 typings; older editors ignore it.)
        (message as { contextValue?: string }).contextValue = playMessageContext(playId);
        if (verdict.location) {
          message.location = new vscode.Location(vscode.Uri.file(verdict.location.file), new vscode.Position(verdict.location.line, 0));
        } else if (item.uri && item.range) {
          message.location = new vscode.Location(item.uri, item.range);
        }
        if (verdict.kind === 'failed') run.failed(item, message, verdict.durationMs);
        else run.errored(item, message, verdict.durationMs);
      }
    }
  }

  /** Logs how the play ended; false when it could not start its interpreter (said so instead of a trace). */
  private afterPlay(play: Play, interpreter: InterpreterChoice): boolean {
    this.log.info(`play ${play.id}: ${play.status}${play.error ? ` — ${play.error.split('\n')[0]}` : ''}`);
    if (isInterpreterFailure(play.error)) {
      const message = interpreterProblemMessage(interpreter, play.error!);
      this.log.error(message);
      void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', settingId('pythonPath'));
      });
      return false;
    }
    return true;
  }
}

function summaryLine(play: Play): string {
  const duration = play.end_ms !== null ? formatDuration(play.end_ms - play.start_ms) : '';
  const head = `${statusIcon(play.status)} ${statusWord(play.status)}  ${play.flow_name ?? ''}  ${duration}`;
  if (play.status === 'ok') return play.output !== null ? `${head}\n  output ${JSON.stringify(play.output)}` : head;
  return play.error ? `${head}\n${play.error.split('\n').map((line) => `  ${line}`).join('\n')}` : head;
}
