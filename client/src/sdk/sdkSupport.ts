// The SDK in the user's own Python: which copy a ▶ run imports (installed when its version is the
// bundled one's, else bundled), "Install SDK into Interpreter" (the bundled wheel, with the
// interpreter's pip, offline), "Use Bundled SDK for Analysis" (python.analysis.extraPaths in the
// workspace's settings) and the one-time notice when flow files cannot import hero_tracing.
// The decisions are pure (sdkChoice.ts, pipInstall.ts, analysisPaths.ts, sdkPrompt.ts); this file
// only asks, runs and shows.

import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { chooseSdk, type SdkChoice } from '../../../runtime/src/sdkChoice';
import { BUNDLED_SDK_VERSION, bundledWheelPath, pythonRuntimeDir } from '../../../runtime/src/sdkPaths';
import { SdkProbeCache } from '../../../runtime/src/sdkProbe';
import { privateRuntimeDir } from '../../../runtime/src/privateDir';
import { errorMessage, type Log } from '../log';
import { interpreterFor } from '../run/pythonExtension';
import { runGate } from '../trust';
import { EXTRA_PATHS_KEY, EXTRA_PATHS_SECTION, withExtraPath } from './analysisPaths';
import { lastLines, pipInstallArgs, pipOutcome } from './pipInstall';
import { promptMessage, PROMPT_CHOICES, PROMPT_KEYS, shouldCheck } from './sdkPrompt';

const MAX_PIP_OUTPUT = 256 * 1024;

export class SdkSupport {
  private readonly probes = new SdkProbeCache();
  private checking = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
  ) {}

  /** Which hero_tracing a play with `python` imports; asked once per interpreter while its site-packages is unchanged. */
  async choiceForRun(python: string): Promise<SdkChoice> {
    const probe = await this.probes.get(python).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    return chooseSdk(python, probe, BUNDLED_SDK_VERSION);
  }

  /** Hero Flows: Install SDK into Interpreter. */
  async install(): Promise<void> {
    const gate = runGate(vscode.workspace.isTrusted);
    if (!gate.allowed) {
      void vscode.window.showWarningMessage('Hero Flows installs into an interpreter only in a trusted workspace (the interpreter may be the workspace\'s own).', 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return;
    }
    const { path: python } = await interpreterFor(vscode.window.activeTextEditor?.document.uri, this.log);
    const wheel = bundledWheelPath();
    const args = pipInstallArgs(wheel);
    this.log.info(`installing the SDK: ${python} ${args.join(' ')}`);
    const { code, output } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Hero Flows: installing the SDK ${BUNDLED_SDK_VERSION} into ${python}…` },
      () => runPip(python, args),
    );
    this.log.info(`pip (exit ${code}):\n${output.trim()}`);
    this.probes.forget(python);
    const outcome = pipOutcome(python, code, output);
    if (outcome.kind === 'installed') {
      const probe = await this.probes.get(python).catch(() => undefined);
      const where = probe ? `${probe.executable} (Python ${probe.pythonVersion})` : python;
      this.log.info(`the SDK hero-tracing ${probe?.installedVersion ?? BUNDLED_SDK_VERSION} is installed in ${where}`);
      void vscode.window.showInformationMessage(`Hero Flows: the SDK hero-tracing ${probe?.installedVersion ?? BUNDLED_SDK_VERSION} is installed in ${where}. "python my_flow.py" and the editor's analysis now find it.`);
      return;
    }
    this.log.warn(outcome.message);
    const buttons = outcome.kind === 'failed' ? ['Show Logs'] : [PROMPT_CHOICES.analysis, 'Show Logs'];
    const choice = await vscode.window.showErrorMessage(`Hero Flows: ${outcome.message}`, ...buttons);
    if (choice === 'Show Logs') this.log.show();
    if (choice === PROMPT_CHOICES.analysis) await this.useBundledForAnalysis();
  }

  /** Hero Flows: Use Bundled SDK for Analysis — the workspace's python.analysis.extraPaths, never the user's settings. */
  async useBundledForAnalysis(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showWarningMessage('Hero Flows: open a folder first; the bundled SDK is added to that workspace\'s settings.');
      return;
    }
    const folder = pythonRuntimeDir();
    const config = vscode.workspace.getConfiguration(EXTRA_PATHS_SECTION);
    const paths = withExtraPath(config.inspect<unknown>(EXTRA_PATHS_KEY)?.workspaceValue, folder);
    if (!paths) {
      void vscode.window.showInformationMessage(`Hero Flows: python.analysis.extraPaths of this workspace already has the bundled SDK (${folder}).`);
      return;
    }
    try {
      await config.update(EXTRA_PATHS_KEY, paths, vscode.ConfigurationTarget.Workspace);
    } catch (error) {
      // Without the Python extension the setting is not registered and cannot be written.
      throw new Error(`could not write python.analysis.extraPaths (${errorMessage(error)}); add "${folder}" to it in this workspace's settings by hand`);
    }
    this.log.info(`added ${folder} to python.analysis.extraPaths in the workspace settings`);
    void vscode.window.showInformationMessage(`Hero Flows: the editor's analysis now finds hero_tracing in the bundled SDK (${folder}, in python.analysis.extraPaths of this workspace). "python my_flow.py" still needs it installed.`);
  }

  /**
   * Once per workspace, in a trusted one: when the interpreter for `resource` (a flow file) cannot
   * import hero_tracing, say so with both remedies. Found importable: never asked here again either.
   */
  async checkOnce(resource: vscode.Uri): Promise<void> {
    const state = {
      trusted: vscode.workspace.isTrusted,
      askedHere: this.context.workspaceState.get<boolean>(PROMPT_KEYS.askedHere) === true,
      never: this.context.globalState.get<boolean>(PROMPT_KEYS.never) === true,
    };
    if (!shouldCheck(state) || this.checking) return;
    this.checking = true;
    try {
      const { path: python } = await interpreterFor(resource, this.log);
      const probe = await this.probes.get(python);
      await this.context.workspaceState.update(PROMPT_KEYS.askedHere, true);
      if (probe.importable) return;
      this.log.info(`${python} cannot import hero_tracing (checked once for this workspace)`);
      const choice = await vscode.window.showInformationMessage(promptMessage(python), PROMPT_CHOICES.install, PROMPT_CHOICES.analysis, PROMPT_CHOICES.never);
      if (choice === PROMPT_CHOICES.install) await vscode.commands.executeCommand('heroFlows.installSdk');
      else if (choice === PROMPT_CHOICES.analysis) await vscode.commands.executeCommand('heroFlows.useBundledSdkForAnalysis');
      else if (choice === PROMPT_CHOICES.never) await this.context.globalState.update(PROMPT_KEYS.never, true);
    } catch (error) {
      this.log.warn(`could not check whether the interpreter has hero_tracing: ${errorMessage(error)}`);
    } finally {
      this.checking = false;
    }
  }
}

/** Runs pip from a private folder (never the workspace: `-m pip` would import a workspace `pip/`). */
function runPip(python: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(python, args, { cwd: privateRuntimeDir(), env: { ...process.env, PIP_NO_INPUT: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      if (output.length < MAX_PIP_OUTPUT) output += chunk.toString('utf8');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', (error) => resolve({ code: null, output: `${output}\n${lastLines(error.message)}` }));
    child.once('close', (code) => resolve({ code, output }));
  });
}
